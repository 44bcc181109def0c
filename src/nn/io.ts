/**
 * Saving and loading tfjs LayersModels on disk, in the format tf.loadLayersModel reads in a
 * browser: `model.json` (topology + weights manifest) next to `weights.bin` (raw little-endian
 * float32 values).
 *
 * Writes are atomic: each file is written under a temporary name and renamed into place, weights
 * first, model.json last. model.json records the weights' byte length and SHA-256, so a save that
 * was killed between the two renames, or a file damaged later, is reported on load instead of
 * producing a silently wrong network.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { PalestraError } from '../core/errors.js';
import { writeFileAtomic } from '../record/atomic-write.js';

/** A model file that is missing, unreadable, or does not match what model.json says. */
export class ModelFileError extends PalestraError {}

export interface ModelFileOptions {
  /**
   * Base name, for several networks in one directory: 'actor' gives actor.json + actor.weights.bin.
   * Default: model.json + weights.bin.
   */
  name?: string;
}

/** The two file names a saved model uses. */
export function modelFileNames(options: ModelFileOptions = {}): { json: string; weights: string } {
  const name = options.name;
  if (name === undefined) return { json: 'model.json', weights: 'weights.bin' };
  if (!/^[A-Za-z0-9_.-]+$/.test(name)) {
    throw new ModelFileError(`model file name must use letters, digits, '_', '.', '-' only, got ${JSON.stringify(name)}`);
  }
  return { json: `${name}.json`, weights: `${name}.weights.bin` };
}

/** Re-exported for the package's `nn.writeFileAtomic`; it lives in src/record/atomic-write.ts. */
export { writeFileAtomic };

/**
 * Saves `model` into directory `dir` (created if needed).
 *
 * @example await saveModel(qNetwork, 'runs/cartpole/checkpoints/5000');
 */
export async function saveModel(model: tf.LayersModel, dir: string, options: ModelFileOptions = {}): Promise<void> {
  const files = modelFileNames(options);
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (given) => {
      artifacts = given;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!artifacts?.weightSpecs || artifacts.weightData === undefined) {
    throw new ModelFileError(`saveModel: tfjs gave no weights for model '${model.name}'`);
  }
  const weights = new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData));
  const modelJson = {
    format: artifacts.format ?? 'layers-model',
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy ?? null,
    modelTopology: artifacts.modelTopology,
    weightsManifest: [{ paths: [files.weights], weights: artifacts.weightSpecs }],
    userDefinedMetadata: { weightsBytes: weights.byteLength, weightsSha256: sha256(weights) },
  };
  await mkdir(dir, { recursive: true });
  await writeFileAtomic(join(dir, files.weights), weights);
  await writeFileAtomic(join(dir, files.json), JSON.stringify(modelJson));
}

/**
 * Loads a model saved by saveModel (or any single-shard tfjs layers model on disk).
 * Throws ModelFileError naming the file and what is wrong with it.
 *
 * @example const qNetwork = await loadModel('runs/cartpole/checkpoints/5000');
 */
export async function loadModel(dir: string, options: ModelFileOptions = {}): Promise<tf.LayersModel> {
  const files = modelFileNames(options);
  const jsonPath = join(dir, files.json);
  const modelJson = parseModelJson(jsonPath, await readOrExplain(jsonPath, 'model description').then((b) => b.toString('utf8')));
  const manifest = modelJson.weightsManifest;
  const weightSpecs = manifest.flatMap((group) => group.weights);
  const weightBuffers: Buffer[] = [];
  for (const group of manifest) {
    for (const relative of group.paths) {
      weightBuffers.push(await readOrExplain(join(dir, relative), `weights (listed in ${jsonPath})`));
    }
  }
  const weights = Buffer.concat(weightBuffers);
  const weightsPath = join(dir, manifest[0]?.paths[0] ?? files.weights);
  checkWeights(weightsPath, weights, weightSpecs, modelJson.userDefinedMetadata);
  const weightData = weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength);
  try {
    return await tf.loadLayersModel(
      tf.io.fromMemory({ modelTopology: modelJson.modelTopology, weightSpecs, weightData }),
    );
  } catch (error) {
    throw new ModelFileError(`${jsonPath}: tfjs could not rebuild the model: ${(error as Error).message}`);
  }
}

interface ModelJsonOnDisk {
  modelTopology: object;
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  userDefinedMetadata?: { weightsBytes?: number; weightsSha256?: string };
}

async function readOrExplain(path: string, what: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'file not found' : `cannot read it (${code ?? (error as Error).message})`;
    throw new ModelFileError(`${path}: ${reason}; expected the ${what} written by saveModel`);
  }
}

/** Parses and shape-checks model.json. */
export function parseModelJson(path: string, text: string): ModelJsonOnDisk {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ModelFileError(`${path}: not valid JSON (${(error as Error).message}); the file is corrupt or truncated`);
  }
  const candidate = parsed as Partial<ModelJsonOnDisk> | null;
  if (typeof candidate !== 'object' || candidate === null || Array.isArray(candidate)) {
    throw new ModelFileError(`${path}: expected a JSON object with modelTopology and weightsManifest`);
  }
  if (typeof candidate.modelTopology !== 'object' || candidate.modelTopology === null) {
    throw new ModelFileError(`${path}: missing 'modelTopology'; this is not a tfjs layers model file`);
  }
  const manifest = candidate.weightsManifest;
  const manifestOk =
    Array.isArray(manifest) &&
    manifest.every((g) => Array.isArray(g?.paths) && g.paths.every((p) => typeof p === 'string') && Array.isArray(g.weights));
  if (!manifestOk) {
    throw new ModelFileError(`${path}: 'weightsManifest' must be a list of {paths: string[], weights: [...]} groups`);
  }
  return candidate as ModelJsonOnDisk;
}

/** Checks the weights' size against the manifest and their checksum against the one saved. */
function checkWeights(
  path: string,
  weights: Uint8Array,
  specs: tf.io.WeightsManifestEntry[],
  metadata: ModelJsonOnDisk['userDefinedMetadata'],
): void {
  const expectedBytes = specs.reduce((sum, spec) => sum + spec.shape.reduce((a, b) => a * b, 1) * bytesPerElement(spec.dtype), 0);
  if (weights.byteLength !== expectedBytes) {
    throw new ModelFileError(
      `${path}: has ${weights.byteLength} bytes but the manifest's ${specs.length} weights need ${expectedBytes}; ` +
        `the file is truncated or belongs to another model`,
    );
  }
  if (metadata?.weightsSha256 !== undefined && sha256(weights) !== metadata.weightsSha256) {
    throw new ModelFileError(`${path}: SHA-256 does not match the one in model.json; the weights are corrupt`);
  }
}

function bytesPerElement(dtype: string): number {
  return dtype === 'bool' ? 1 : 4;
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
