/**
 * A small, fast, seedable random number generator.
 *
 * Algorithm: xoshiro128** (Blackman and Vigna, 2018): 128 bits of state, period 2^128 - 1,
 * only 32-bit integer operations, so it is fast in JavaScript without BigInt. The four state
 * words are filled from the seed with splitmix32, so nearby seeds give unrelated streams.
 * Doubles take 53 random bits from two draws; normals use the Box-Muller transform.
 */
export class Rng {
  /**
   * The four 32-bit state words. A typed array keeps them as raw int32s: plain fields holding
   * values above 2^31 are boxed as heap numbers, which made each draw several times slower.
   */
  private readonly words = new Int32Array(4);
  /** The second normal of a Box-Muller pair, or NaN when none is cached. */
  private spareNormal = Number.NaN;

  /** @example const rng = new Rng(42); rng.uniform(-0.05, 0.05) */
  constructor(seed: number = randomSeed()) {
    this.reseed(seed);
  }

  /** Restart the stream from `seed` (any finite number; the integer part of its 32 low bits and high bits are used). */
  reseed(seed: number): void {
    seedXoshiroWords(this.words, 0, seed);
    this.spareNormal = Number.NaN;
  }

  /** A uniform unsigned 32-bit integer. */
  nextUint32(): number {
    return xoshiroNextUint32(this.words, 0);
  }

  /** A uniform double in [0, 1) with 53 random bits. */
  random(): number {
    return xoshiroRandom(this.words, 0);
  }

  /** A uniform double in [low, high). */
  uniform(low = 0, high = 1): number {
    return low + (high - low) * this.random();
  }

  /** A uniform integer in [low, high) (high exclusive), without modulo bias. */
  integer(low: number, high: number): number {
    const range = high - low;
    if (!(range >= 1) || !Number.isInteger(low) || !Number.isInteger(high)) {
      throw new RangeError(`Rng.integer needs integers low < high, got [${low}, ${high})`);
    }
    if (range <= 4294967296) {
      // Rejection sampling on the top of the 32-bit range keeps every value equally likely.
      const limit = 4294967296 - (4294967296 % range);
      let draw = this.nextUint32();
      while (draw >= limit) draw = this.nextUint32();
      return low + (draw % range);
    }
    return low + Math.floor(this.random() * range);
  }

  /** A normal draw with the given mean and standard deviation. */
  normal(mean = 0, std = 1): number {
    if (!Number.isNaN(this.spareNormal)) {
      const spare = this.spareNormal;
      this.spareNormal = Number.NaN;
      return mean + std * spare;
    }
    let u = 0;
    while (u === 0) u = this.random();
    const v = this.random();
    const radius = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = radius * Math.sin(2 * Math.PI * v);
    return mean + std * radius * Math.cos(2 * Math.PI * v);
  }

  /** True with probability p. */
  bernoulli(p: number): boolean {
    return this.random() < p;
  }

  /** An independent generator whose seed is drawn from this one (for sub-envs and spaces). */
  spawn(): Rng {
    return new Rng(this.nextUint32() * 4294967296 + this.nextUint32());
  }

  /** The full state, for checkpoints: `rng.setState(rng.getState())` continues the same stream. */
  getState(): number[] {
    const words = this.words;
    return [words[0]! >>> 0, words[1]! >>> 0, words[2]! >>> 0, words[3]! >>> 0, this.spareNormal];
  }

  setState(state: readonly number[]): void {
    if (state.length !== 5) throw new RangeError(`Rng state must have 5 numbers, got ${state.length}`);
    for (let k = 0; k < 4; k++) this.words[k] = state[k]! >>> 0;
    this.spareNormal = state[4]!;
  }
}

/*
 * The generator as functions of four state words at `offset` of an Int32Array, so that a
 * batched env can keep thousands of generators side by side in one array (generator i at
 * offset 4i) and draw exactly what `new Rng(seed)` would draw.
 */

/**
 * Fills the four words at `offset` from `seed` as `rng.reseed(seed)` does.
 *
 * @example const words = new Int32Array(8); seedXoshiroWords(words, 4, 42);
 */
export function seedXoshiroWords(words: Int32Array, offset: number, seed: number): void {
  if (!Number.isFinite(seed)) throw new RangeError(`Rng seed must be a finite number, got ${seed}`);
  // splitmix32 over the seed's low and high 32 bits.
  let x = (Math.trunc(seed) ^ Math.trunc(seed / 4294967296)) >>> 0;
  for (let k = 0; k < 4; k++) {
    x = (x + 0x9e3779b9) | 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    words[offset + k] = z ^ (z >>> 15);
  }
  if ((words[offset]! | words[offset + 1]! | words[offset + 2]! | words[offset + 3]!) === 0) words[offset] = 1;
}

/** One xoshiro128** draw from the words at `offset`: `rng.nextUint32()`. */
export function xoshiroNextUint32(words: Int32Array, offset: number): number {
  const s0 = words[offset]!;
  const s1 = words[offset + 1]!;
  const s2 = words[offset + 2]! ^ s0;
  const s3 = words[offset + 3]! ^ s1;
  const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
  words[offset] = s0 ^ s3;
  words[offset + 1] = s1 ^ s2;
  words[offset + 2] = s2 ^ (s1 << 9);
  words[offset + 3] = rotl(s3, 11);
  return result;
}

/** A uniform double in [0, 1) with 53 random bits from the words at `offset`: `rng.random()`. */
export function xoshiroRandom(words: Int32Array, offset: number): number {
  const high = xoshiroNextUint32(words, offset) >>> 5; // 27 bits
  const low = xoshiroNextUint32(words, offset) >>> 6; // 26 bits
  return (high * 67108864 + low) / 9007199254740992;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** A seed from the operating system's entropy, for generators the user did not seed. */
export function randomSeed(): number {
  const words = new Uint32Array(2);
  globalThis.crypto.getRandomValues(words);
  return words[0]! * 2097152 + (words[1]! >>> 11);
}
