import type { Rng } from '../../src/core/rng.js';

/** A sampled minibatch, as float32 arrays ready for tensors. */
export interface ReplayBatch {
  /** Buffer slots the rows came from (prioritized replay updates them). */
  indices: Int32Array;
  observations: Float32Array;
  actions: Int32Array;
  rewards: Float32Array;
  nextObservations: Float32Array;
  /** 1 where the transition reached a terminal state (no bootstrap). */
  terminated: Float32Array;
  /** gamma^k of an n-step transition: the weight of the bootstrap value. */
  discounts: Float32Array;
  /** Importance-sampling weights (all 1 for uniform replay). */
  weights: Float32Array;
}

/** A piece of the flat observation kept in one of the two stores (Dict observations). */
export interface StorageSegment {
  /** Where the piece starts in the flat observation, and its length. */
  offset: number;
  size: number;
  storage: 'uint8' | 'float32';
}

/**
 * A ring buffer of transitions in typed arrays: observations as uint8 when the space is uint8
 * (images and grids: a million 10x10x4 MinAtar frames take 400 MB per copy), else float32.
 * A Dict observation that mixes uint8 images and float vectors gives `segments`: its uint8
 * entries then live in `pixelObservations` and the rest in `observations` (float32).
 *
 * @example
 * const buffer = new ReplayBuffer(100_000, 4, 'float32');
 * buffer.add(obs, 1, 1.0, nextObs, false, 0.99);
 * const batch = buffer.sample(64, rng);
 */
export class ReplayBuffer {
  readonly observations: Uint8Array | Float32Array;
  readonly nextObservations: Uint8Array | Float32Array;
  /** Mixed Dict observations only: the uint8 entries of each row (empty otherwise). */
  readonly pixelObservations: Uint8Array;
  readonly nextPixelObservations: Uint8Array;
  /** Mixed storage: each piece with where it goes ([store, offset in that store's row]). */
  private readonly pieces: { offset: number; size: number; pixels: boolean; rowOffset: number }[] | undefined;
  private readonly floatRowSize: number;
  private readonly pixelRowSize: number;
  readonly actions: Int32Array;
  readonly rewards: Float32Array;
  readonly terminated: Uint8Array;
  readonly discounts: Float32Array;
  /** Transitions stored (at most `capacity`). */
  size = 0;
  /** Where the next transition goes. */
  protected position = 0;
  /**
   * The arrays the last batch was copied into, reused by the next one of the same size: a
   * MinAtar batch is 100 KB of floats, and allocating (zeroing) it every frame was a quarter of
   * the sample's cost.
   */
  private batchArrays: Omit<ReplayBatch, 'indices' | 'weights'> | undefined;

  constructor(
    readonly capacity: number,
    readonly observationSize: number,
    storage: 'uint8' | 'float32',
    segments?: readonly StorageSegment[],
  ) {
    const mixed = segments !== undefined && storage === 'float32' && segments.some((s) => s.storage === 'uint8');
    let floatRowSize = observationSize;
    let pixelRowSize = 0;
    if (mixed) {
      floatRowSize = 0;
      this.pieces = segments.map((segment) => {
        const pixels = segment.storage === 'uint8';
        const rowOffset = pixels ? pixelRowSize : floatRowSize;
        if (pixels) pixelRowSize += segment.size;
        else floatRowSize += segment.size;
        return { offset: segment.offset, size: segment.size, pixels, rowOffset };
      });
    }
    this.floatRowSize = floatRowSize;
    this.pixelRowSize = pixelRowSize;
    const ObsArray = storage === 'uint8' ? Uint8Array : Float32Array;
    this.observations = new ObsArray(capacity * floatRowSize);
    this.nextObservations = new ObsArray(capacity * floatRowSize);
    this.pixelObservations = new Uint8Array(capacity * pixelRowSize);
    this.nextPixelObservations = new Uint8Array(capacity * pixelRowSize);
    this.actions = new Int32Array(capacity);
    this.rewards = new Float32Array(capacity);
    this.terminated = new Uint8Array(capacity);
    this.discounts = new Float32Array(capacity);
  }

  /** Stores one transition; returns the slot it went to. */
  add(observation: ArrayLike<number>, action: number, reward: number, nextObservation: ArrayLike<number>, terminated: boolean, discount: number): number {
    const slot = this.position;
    this.store(observation, slot, this.observations, this.pixelObservations);
    this.store(nextObservation, slot, this.nextObservations, this.nextPixelObservations);
    this.actions[slot] = action;
    this.rewards[slot] = reward;
    this.terminated[slot] = terminated ? 1 : 0;
    this.discounts[slot] = discount;
    this.position = (this.position + 1) % this.capacity;
    this.size = Math.min(this.size + 1, this.capacity);
    return slot;
  }

  /** The slot the next transition goes to (after a full buffer: the oldest one). */
  get nextSlot(): number {
    return this.position;
  }

  /**
   * `batchSize` transitions drawn uniformly with replacement. The batch's arrays (all but
   * `indices` and `weights`) belong to the buffer and are overwritten by the next sample of the
   * same size: copy them to keep them.
   */
  sample(batchSize: number, rng: Rng): ReplayBatch {
    const indices = new Int32Array(batchSize);
    for (let k = 0; k < batchSize; k++) indices[k] = rng.integer(0, this.size);
    return this.gather(indices, new Float32Array(batchSize).fill(1));
  }

  /** The rows at `indices`, copied out as float32. */
  protected gather(indices: Int32Array, weights: Float32Array): ReplayBatch {
    const count = indices.length;
    const size = this.observationSize;
    if (this.batchArrays?.actions.length !== count) {
      this.batchArrays = {
        observations: new Float32Array(count * size),
        actions: new Int32Array(count),
        rewards: new Float32Array(count),
        nextObservations: new Float32Array(count * size),
        terminated: new Float32Array(count),
        discounts: new Float32Array(count),
      };
    }
    // Every row below is overwritten whole, so the reused arrays carry nothing over.
    const batch: ReplayBatch = { indices, ...this.batchArrays, weights };
    for (let k = 0; k < count; k++) {
      const slot = indices[k]!;
      this.load(slot, this.observations, this.pixelObservations, batch.observations, k * size);
      this.load(slot, this.nextObservations, this.nextPixelObservations, batch.nextObservations, k * size);
      batch.actions[k] = this.actions[slot]!;
      batch.rewards[k] = this.rewards[slot]!;
      batch.terminated[k] = this.terminated[slot]!;
      batch.discounts[k] = this.discounts[slot]!;
    }
    return batch;
  }

  /** Writes one flat observation into row `slot` of the stores. */
  private store(observation: ArrayLike<number>, slot: number, floats: Uint8Array | Float32Array, pixels: Uint8Array): void {
    if (!this.pieces) {
      floats.set(observation, slot * this.observationSize);
      return;
    }
    const values = observation as Float32Array;
    for (const piece of this.pieces) {
      const part = values.subarray(piece.offset, piece.offset + piece.size);
      if (piece.pixels) pixels.set(part, slot * this.pixelRowSize + piece.rowOffset);
      else floats.set(part, slot * this.floatRowSize + piece.rowOffset);
    }
  }

  /** Copies row `slot` of the stores back into the flat layout at `out[offset...]`. */
  private load(slot: number, floats: Uint8Array | Float32Array, pixels: Uint8Array, out: Float32Array, offset: number): void {
    if (!this.pieces) {
      out.set(floats.subarray(slot * this.observationSize, (slot + 1) * this.observationSize), offset);
      return;
    }
    for (const piece of this.pieces) {
      const start = piece.pixels ? slot * this.pixelRowSize + piece.rowOffset : slot * this.floatRowSize + piece.rowOffset;
      const source = piece.pixels ? pixels : floats;
      out.set(source.subarray(start, start + piece.size), offset + piece.offset);
    }
  }
}
