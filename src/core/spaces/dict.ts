import { describeValue } from '../errors.js';
import { describeProblem, Space, type SpaceJSON } from './space.js';

/** Named subspaces, as `Dict` takes them. */
export type SpaceRecord = Record<string, Space<unknown>>;

/** The element type of a Dict of `S`: one value per key, each of its subspace's type. */
export type DictElement<S extends SpaceRecord> = { [K in keyof S]: S[K] extends Space<infer T> ? T : never };

/**
 * Named subspaces; elements are plain objects with exactly these keys. Keys keep the order
 * given (JavaScript object order: integer-like keys first), which fixes the order of
 * `flatten` and of the seeds `seed()` hands out. (Gymnasium sorts the keys of a plain dict.)
 *
 * @example const obs = new Dict({ position: new Box(-1, 1, [2]), goal: new Discrete(4) });
 */
export class Dict<S extends SpaceRecord = SpaceRecord> extends Space<DictElement<S>> {
  readonly shape = undefined;
  readonly spaces: Readonly<S>;
  readonly keys: readonly string[];

  constructor(spaces: S, seed?: number) {
    super(seed);
    if (typeof spaces !== 'object' || spaces === null || Array.isArray(spaces)) {
      throw new TypeError(`Dict needs an object of named spaces, got ${describeValue(spaces)}`);
    }
    for (const [key, space] of Object.entries(spaces)) {
      if (!(space instanceof Space)) throw new TypeError(`Dict: the value at key '${key}' must be a Space, got ${describeValue(space)}`);
    }
    this.spaces = Object.freeze({ ...spaces });
    this.keys = Object.freeze(Object.keys(spaces));
    if (seed !== undefined) this.seed(seed);
  }

  sample(): DictElement<S> {
    const out: Record<string, unknown> = {};
    for (const key of this.keys) out[key] = this.spaces[key]!.sample();
    return out as DictElement<S>;
  }

  whyNotContained(value: unknown): string | undefined {
    const problem = this.locateProblem(value);
    return problem && describeProblem(problem);
  }

  override locateProblem(value: unknown): { path: (string | number)[]; reason: string } | undefined {
    if (typeof value !== 'object' || value === null || Array.isArray(value) || ArrayBuffer.isView(value)) {
      return { path: [], reason: `expected an object with keys ${this.keyList()} (${this.toString()}), got ${describeValue(value)}` };
    }
    const record = value as Record<string, unknown>;
    for (const key of this.keys) {
      if (!Object.prototype.hasOwnProperty.call(record, key)) {
        return { path: [], reason: `expected an object with keys ${this.keyList()}, got one without '${key}': ${describeValue(value)}` };
      }
    }
    for (const key of Object.keys(record)) {
      if (!this.keys.includes(key)) return { path: [], reason: `expected an object with keys ${this.keyList()}, got an unexpected key '${key}'` };
    }
    for (const key of this.keys) {
      const inner = this.spaces[key]!.locateProblem(record[key]);
      if (inner) return { path: [key, ...inner.path], reason: inner.reason };
    }
    return undefined;
  }

  /** Seeds this Dict's generator with `seed`, then each subspace with a seed drawn from it, in key order. */
  override seed(seed?: number): number[] {
    const seeds = super.seed(seed);
    for (const key of this.keys) seeds.push(...this.spaces[key]!.seed(this.rng.nextUint32()));
    return seeds;
  }

  toJSON(): SpaceJSON {
    const spaces: Record<string, SpaceJSON> = {};
    for (const key of this.keys) spaces[key] = this.spaces[key]!.toJSON();
    return { type: 'Dict', spaces };
  }

  toString(): string {
    return `Dict(${this.keys.map((key) => `${key}: ${this.spaces[key]!.toString()}`).join(', ')})`;
  }

  private keyList(): string {
    return `[${this.keys.map((k) => `'${k}'`).join(', ')}]`;
  }
}
