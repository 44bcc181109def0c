/**
 * The steering dataset on disk: a directory with
 *
 *   manifest.json   what is inside (image shape, sample count, tracks, how it was collected)
 *   images.u8       uint8 RGB images, height x width x 3 each, back to back
 *   labels.f32      float32 steering angle per image, radians (positive = left)
 *   tracks.i32      int32 track seed per image (train/validation/test split by track)
 *   kinds.u8        uint8 camera kind per image (see SampleKind)
 *
 * Flat little-endian arrays keep it compact and readable from any language with one call.
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../src/core/errors.js';

export const DATASET_VERSION = 1;

/** Where an image came from. */
export const SampleKind = { Centre: 0, Left: 1, Right: 2, Recovery: 3 } as const;
export type SampleKind = (typeof SampleKind)[keyof typeof SampleKind];

export interface DatasetManifest {
  version: number;
  /** [height, width, channels]. */
  imageShape: [number, number, number];
  count: number;
  labelUnit: 'radians';
  trackSeeds: number[];
  /** Samples of each kind, by name. */
  kinds: Record<string, number>;
  /** The collection settings, for the record. */
  collection: Record<string, unknown>;
  files: { images: string; labels: string; tracks: string; kinds: string };
}

/** A dataset in memory. */
export interface SteeringDataset {
  manifest: DatasetManifest;
  images: Uint8Array;
  labels: Float32Array;
  tracks: Int32Array;
  kinds: Uint8Array;
}

const FILES = { images: 'images.u8', labels: 'labels.f32', tracks: 'tracks.i32', kinds: 'kinds.u8' };

/**
 * Streams samples to a dataset directory; `close()` writes the manifest last, so a directory with
 * a manifest is complete.
 *
 * @example const writer = new DatasetWriter('runs/steering/data', [66, 200, 3]); writer.add(image, 0.02, 7, SampleKind.Centre); writer.close({});
 */
export class DatasetWriter {
  private readonly imageFile: number;
  private readonly labels: number[] = [];
  private readonly tracks: number[] = [];
  private readonly kinds: number[] = [];

  constructor(
    readonly dir: string,
    readonly imageShape: [number, number, number],
  ) {
    mkdirSync(dir, { recursive: true });
    this.imageFile = openSync(join(dir, FILES.images + '.partial'), 'w');
  }

  get count(): number {
    return this.labels.length;
  }

  add(image: Uint8Array, label: number, trackSeed: number, kind: SampleKind): void {
    const expected = this.imageShape[0] * this.imageShape[1] * this.imageShape[2];
    if (image.length !== expected) throw new ConfigError(`DatasetWriter.add: expected an image of ${expected} bytes (${this.imageShape.join('x')}), got ${image.length}`);
    writeSync(this.imageFile, image);
    this.labels.push(label);
    this.tracks.push(trackSeed);
    this.kinds.push(kind);
  }

  close(collection: Record<string, unknown>): DatasetManifest {
    closeSync(this.imageFile);
    renameSync(join(this.dir, FILES.images + '.partial'), join(this.dir, FILES.images));
    writeFileSync(join(this.dir, FILES.labels), new Uint8Array(Float32Array.from(this.labels).buffer));
    writeFileSync(join(this.dir, FILES.tracks), new Uint8Array(Int32Array.from(this.tracks).buffer));
    writeFileSync(join(this.dir, FILES.kinds), Uint8Array.from(this.kinds));
    const kinds: Record<string, number> = {};
    for (const [name, value] of Object.entries(SampleKind)) kinds[name.toLowerCase()] = this.kinds.filter((k) => k === value).length;
    const manifest: DatasetManifest = {
      version: DATASET_VERSION,
      imageShape: this.imageShape,
      count: this.count,
      labelUnit: 'radians',
      trackSeeds: [...new Set(this.tracks)],
      kinds,
      collection,
      files: FILES,
    };
    writeFileSync(join(this.dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
    return manifest;
  }
}

/**
 * Reads a dataset written by DatasetWriter, checking that every file has the size the manifest says.
 *
 * @example const { images, labels, manifest } = readDataset('runs/steering/data');
 */
export function readDataset(dir: string): SteeringDataset {
  const manifestPath = join(dir, 'manifest.json');
  if (!existsSync(manifestPath)) throw new ConfigError(`No steering dataset in '${dir}': manifest.json is missing (run 'palestra steering collect --out ${dir}' first)`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as DatasetManifest;
  if (manifest.version !== DATASET_VERSION) throw new ConfigError(`Dataset '${dir}' has version ${manifest.version}; this Palestra reads version ${DATASET_VERSION}`);
  const [h, w, c] = manifest.imageShape;
  const read = (file: string, bytesPerSample: number): Uint8Array => {
    const data = readFileSync(join(dir, file));
    if (data.byteLength !== manifest.count * bytesPerSample) {
      throw new ConfigError(`Dataset '${dir}': ${file} has ${data.byteLength} bytes, expected ${manifest.count} samples x ${bytesPerSample} = ${manifest.count * bytesPerSample}`);
    }
    // Copy into a fresh, aligned buffer so that typed views of 4-byte values are allowed.
    return new Uint8Array(data);
  };
  const images = read(manifest.files.images, h * w * c);
  const labels = new Float32Array(read(manifest.files.labels, 4).buffer);
  const tracks = new Int32Array(read(manifest.files.tracks, 4).buffer);
  const kinds = read(manifest.files.kinds, 1);
  return { manifest, images, labels, tracks, kinds };
}
