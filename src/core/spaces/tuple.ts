import { describeValue } from '../errors.js';
import { describeProblem, Space, type SpaceJSON } from './space.js';

/** The element type of a Tuple of `S`: an array with one value of each subspace's type. */
export type TupleElement<S extends readonly Space<unknown>[]> = { -readonly [K in keyof S]: S[K] extends Space<infer T> ? T : never };

/**
 * Subspaces in a fixed order; elements are arrays with one value per subspace.
 *
 * @example const obs = new Tuple([new Discrete(3), new Box(0, 1, [2])]); obs.sample() // [1, Float32Array[...]]
 */
export class Tuple<const S extends readonly Space<unknown>[] = Space<unknown>[]> extends Space<TupleElement<S>> {
  readonly shape = undefined;
  readonly spaces: readonly Space<unknown>[];

  constructor(spaces: S, seed?: number) {
    super(seed);
    if (!Array.isArray(spaces)) throw new TypeError(`Tuple needs an array of spaces, got ${describeValue(spaces)}`);
    spaces.forEach((space, i) => {
      if (!(space instanceof Space)) throw new TypeError(`Tuple: the value at index ${i} must be a Space, got ${describeValue(space)}`);
    });
    this.spaces = Object.freeze([...spaces]);
    if (seed !== undefined) this.seed(seed);
  }

  /** Number of subspaces. */
  get length(): number {
    return this.spaces.length;
  }

  sample(): TupleElement<S> {
    return this.spaces.map((space) => space.sample()) as TupleElement<S>;
  }

  whyNotContained(value: unknown): string | undefined {
    const problem = this.locateProblem(value);
    return problem && describeProblem(problem);
  }

  override locateProblem(value: unknown): { path: (string | number)[]; reason: string } | undefined {
    if (!Array.isArray(value)) return { path: [], reason: `expected an array of ${this.length} values (${this.toString()}), got ${describeValue(value)}` };
    if (value.length !== this.length) return { path: [], reason: `expected an array of ${this.length} values (${this.toString()}), got ${value.length}: ${describeValue(value)}` };
    for (let i = 0; i < this.length; i++) {
      const inner = this.spaces[i]!.locateProblem(value[i]);
      if (inner) return { path: [i, ...inner.path], reason: inner.reason };
    }
    return undefined;
  }

  /** Seeds this Tuple's generator with `seed`, then each subspace with a seed drawn from it, in order. */
  override seed(seed?: number): number[] {
    const seeds = super.seed(seed);
    for (const space of this.spaces) seeds.push(...space.seed(this.rng.nextUint32()));
    return seeds;
  }

  toJSON(): SpaceJSON {
    return { type: 'Tuple', spaces: this.spaces.map((space) => space.toJSON()) };
  }

  toString(): string {
    return `Tuple(${this.spaces.map((space) => space.toString()).join(', ')})`;
  }
}
