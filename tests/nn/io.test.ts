import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelFileError, loadModel, mlp, minatarCnn, saveModel } from '../../src/nn/index.js';

let root: string;
beforeAll(async () => {
  await tf.setBackend('cpu');
  root = await mkdtemp(join(tmpdir(), 'palestra-nn-io-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function predict(model: tf.LayersModel, input: tf.Tensor): number[] {
  return tf.tidy(() => Array.from((model.predict(input) as tf.Tensor).dataSync()));
}

describe('saveModel / loadModel', () => {
  it('round-trips a CNN exactly and leaves only model.json and weights.bin', async () => {
    const dir = join(root, 'cnn');
    const model = minatarCnn({ channels: 3, outputs: 4, seed: 5 });
    await saveModel(model, dir);
    expect((await readdir(dir)).sort()).toEqual(['model.json', 'weights.bin']);
    const loaded = await loadModel(dir);
    const input = tf.randomUniform([2, 10, 10, 3], 0, 1, 'float32', 9);
    expect(predict(loaded, input)).toEqual(predict(model, input));
    tf.dispose([input]);
    model.dispose();
    loaded.dispose();
  });

  it('writes the browser format: layers-model with one weights manifest pointing to weights.bin', async () => {
    const dir = join(root, 'format');
    const model = mlp({ inputSize: 4, hiddenSizes: [3], outputSize: 2, seed: 0 });
    await saveModel(model, dir);
    const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
    expect(json.format).toBe('layers-model');
    expect(json.weightsManifest).toHaveLength(1);
    expect(json.weightsManifest[0].paths).toEqual(['weights.bin']);
    expect(json.weightsManifest[0].weights.map((w: { name: string; shape: number[] }) => [w.name, w.shape])).toEqual([
      ['hidden1/kernel', [4, 3]],
      ['hidden1/bias', [3]],
      ['output/kernel', [3, 2]],
      ['output/bias', [2]],
    ]);
    expect((await readFile(join(dir, 'weights.bin'))).byteLength).toBe((4 * 3 + 3 + 3 * 2 + 2) * 4);
    model.dispose();
  });

  it('keeps several named networks in one directory', async () => {
    const dir = join(root, 'named');
    const actor = mlp({ inputSize: 2, hiddenSizes: [], outputSize: 2, seed: 1 });
    const critic = mlp({ inputSize: 2, hiddenSizes: [], outputSize: 1, seed: 2 });
    await saveModel(actor, dir, { name: 'actor' });
    await saveModel(critic, dir, { name: 'critic' });
    expect((await readdir(dir)).sort()).toEqual(['actor.json', 'actor.weights.bin', 'critic.json', 'critic.weights.bin']);
    const loaded = await loadModel(dir, { name: 'critic' });
    expect(loaded.outputs[0]!.shape).toEqual([null, 1]);
    [actor, critic, loaded].forEach((m) => m.dispose());
  });

  it('names the missing file', async () => {
    const dir = join(root, 'nothing-here');
    await expect(loadModel(dir)).rejects.toThrow(`${join(dir, 'model.json')}: file not found`);
    await expect(loadModel(dir)).rejects.toBeInstanceOf(ModelFileError);
  });

  it('reports corrupt JSON, truncated weights and changed weights', async () => {
    const dir = join(root, 'corrupt');
    const model = mlp({ inputSize: 2, hiddenSizes: [2], outputSize: 1, seed: 3 });
    await saveModel(model, dir);
    const jsonPath = join(dir, 'model.json');
    const weightsPath = join(dir, 'weights.bin');
    const goodJson = await readFile(jsonPath, 'utf8');
    const goodWeights = await readFile(weightsPath);

    await writeFile(jsonPath, goodJson.slice(0, 40));
    await expect(loadModel(dir)).rejects.toThrow(new RegExp(`${jsonPath}: not valid JSON .*corrupt or truncated`));

    await writeFile(jsonPath, goodJson);
    await writeFile(weightsPath, goodWeights.subarray(0, 8));
    await expect(loadModel(dir)).rejects.toThrow(`${weightsPath}: has 8 bytes but the manifest's 4 weights need 36`);

    const flipped = Buffer.from(goodWeights);
    flipped[0] = flipped[0]! ^ 0xff;
    await writeFile(weightsPath, flipped);
    await expect(loadModel(dir)).rejects.toThrow(`${weightsPath}: SHA-256 does not match`);

    await writeFile(jsonPath, JSON.stringify({ weightsManifest: [] }));
    await expect(loadModel(dir)).rejects.toThrow(`${jsonPath}: missing 'modelTopology'`);
    model.dispose();
  });
});
