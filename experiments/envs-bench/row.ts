/**
 * The shape every env benchmark row has, so that `experiments/bench-envs.ts` prints the rows of
 * every env family in one table. A family adds a file here and one line in `index.ts`.
 */
export interface EnvBenchRow {
  env: string;
  /** What was timed, e.g. 'make().step' or 'native x1024, 2 threads'. */
  mode: string;
  /** Env steps per second (a vector env's step of n copies counts n), best of the repeats. */
  stepsPerSecond: number;
  /** What `stepsPerSecond` is compared with: a figure quoted from an issue, or a row of this run. */
  reference?: string;
  referenceStepsPerSecond?: number;
  /** stepsPerSecond / referenceStepsPerSecond. */
  ratio?: number;
}

export interface EnvBenchOptions {
  /** Timed repeats per row; the best is kept, since the machines are noisy. */
  repeats?: number;
  /** Seconds per repeat. */
  seconds?: number;
}

export interface EnvBenchFamily {
  name: string;
  rows: (options: EnvBenchOptions) => EnvBenchRow[] | Promise<EnvBenchRow[]>;
  /** Printed under the table: where the reference figures come from. */
  note?: string;
}

/** A row compared with a reference (ratio filled in when the reference is known). */
export function compared(row: Omit<EnvBenchRow, 'ratio'>): EnvBenchRow {
  const { referenceStepsPerSecond } = row;
  return { ...row, ratio: referenceStepsPerSecond ? row.stepsPerSecond / referenceStepsPerSecond : undefined };
}

/**
 * Runs `chunk` (which performs `stepsPerChunk` env steps) again and again for `seconds`, after
 * one untimed warm-up call; returns the best steps/s of `repeats` such runs.
 *
 * @example bestRate(() => env.step(0), 1, 0.5, 5)
 */
export function bestRate(chunk: () => void, stepsPerChunk: number, seconds: number, repeats: number): number {
  chunk();
  let best = 0;
  for (let repeat = 0; repeat < repeats; repeat++) {
    let steps = 0;
    const start = performance.now();
    let elapsed = 0;
    while (elapsed < seconds * 1000) {
      chunk();
      steps += stepsPerChunk;
      elapsed = performance.now() - start;
    }
    best = Math.max(best, steps / (elapsed / 1000));
  }
  return best;
}
