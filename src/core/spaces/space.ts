import { Rng } from '../rng.js';

/** The JSON form of a space: what run files and the viewer carry. `spaceFromJSON` reads it back. */
export type SpaceJSON =
  | { type: 'Box'; shape: number[]; dtype: BoxDtype; low: JsonBound[]; high: JsonBound[] }
  | { type: 'Discrete'; n: number; start: number }
  | { type: 'MultiDiscrete'; shape: number[]; nvec: number[]; start: number[] }
  | { type: 'MultiBinary'; shape: number[] }
  | { type: 'Dict'; spaces: Record<string, SpaceJSON> }
  | { type: 'Tuple'; spaces: SpaceJSON[] };

/** A Box bound in JSON: a number, or "inf" / "-inf" since JSON has no infinities. */
export type JsonBound = number | 'inf' | '-inf';

/** Element types a Box can hold, as in NumPy. */
export type BoxDtype = 'float32' | 'float64' | 'uint8' | 'int32';

/**
 * A set of valid observations or actions, with its own random generator for `sample()`
 * (separate from the env's, as in Gymnasium).
 */
export abstract class Space<T> {
  protected rng: Rng;

  constructor(seed?: number) {
    this.rng = new Rng(seed);
  }

  /** The shape of one element (`[]` for a scalar such as Discrete; undefined for Dict and Tuple). */
  abstract readonly shape: readonly number[] | undefined;

  /** A uniformly random element (normal for unbounded Box dimensions). */
  abstract sample(): T;

  /** Whether `value` belongs to this space. */
  contains(value: unknown): value is T {
    return this.whyNotContained(value) === undefined;
  }

  /**
   * Why `value` does not belong to this space, in words, or undefined when it does.
   * Error messages quote this, so it names the expected and the received value.
   */
  abstract whyNotContained(value: unknown): string | undefined;

  /**
   * Like `whyNotContained`, with the reason split from where it happened: composite spaces
   * (Dict, Tuple) fill `path` with the keys and indices down to the offending element.
   */
  locateProblem(value: unknown): { path: (string | number)[]; reason: string } | undefined {
    const reason = this.whyNotContained(value);
    return reason === undefined ? undefined : { path: [], reason };
  }

  /** Reseed this space's sampler; returns the seeds used (several for composite spaces). */
  seed(seed?: number): number[] {
    const used = seed ?? new Rng().nextUint32();
    this.rng.reseed(used);
    return [used];
  }

  /**
   * A seed for a space built from this one (a batched copy for a vector env), drawn from a
   * copy of this space's generator: the derived space is as reproducible as this one, and
   * this space's own stream does not move.
   */
  derivedSeed(): number {
    const copy = new Rng(0);
    copy.setState(this.rng.getState());
    return copy.nextUint32();
  }

  abstract toJSON(): SpaceJSON;

  /** A short description such as `Box(-inf, inf, [4], float32)` or `Discrete(2)`. */
  abstract toString(): string;

  /** Whether two spaces describe the same set (same type, shape, bounds, dtype). */
  equals(other: Space<unknown>): boolean {
    return JSON.stringify(this.toJSON()) === JSON.stringify(other.toJSON());
  }
}

/** A composite space's problem in words: `at goal[1]: expected ...`, or the bare reason at the top. */
export function describeProblem(problem: { path: (string | number)[]; reason: string }): string {
  if (problem.path.length === 0) return problem.reason;
  return `at ${formatPath(problem.path)}: ${problem.reason}`;
}

/** `['goal', 1, 'x y']` reads `goal[1]["x y"]`: keys that are identifiers are dotted, others quoted. */
export function formatPath(path: readonly (string | number)[]): string {
  let text = '';
  for (const step of path) {
    if (typeof step === 'number') text += `[${step}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(step)) text += text === '' ? step : `.${step}`;
    else text += `[${JSON.stringify(step)}]`;
  }
  return text;
}
