import { computeGae } from './advantages.js';

/**
 * The on-policy batch: `nSteps` vector steps of `numEnvs` sub-envs, time-major
 * (row `t * numEnvs + i`), in preallocated typed arrays reused by every rollout.
 *
 * @example const buffer = new RolloutBuffer(32, 8, 4, 1, true); buffer.computeAdvantages(0.98, 0.8);
 */
export class RolloutBuffer {
  readonly observations: Float32Array;
  readonly actions: Int32Array | Float32Array;
  readonly logProbs: Float32Array;
  readonly values: Float32Array;
  readonly rewards: Float32Array;
  readonly terminated: Uint8Array;
  readonly episodeEnded: Uint8Array;
  /** 0 on next-step autoreset's reset steps: no transition, left out of the losses. */
  readonly valid: Uint8Array;
  /** V of the observation after each step (0 past a terminal state). */
  readonly nextValues: Float32Array;
  readonly advantages: Float32Array;
  readonly returns: Float32Array;
  readonly rows: number;

  constructor(
    readonly nSteps: number,
    readonly numEnvs: number,
    readonly observationSize: number,
    readonly actionSize: number,
    discrete: boolean,
  ) {
    this.rows = nSteps * numEnvs;
    this.observations = new Float32Array(this.rows * observationSize);
    this.actions = discrete ? new Int32Array(this.rows) : new Float32Array(this.rows * actionSize);
    this.logProbs = new Float32Array(this.rows);
    this.values = new Float32Array(this.rows);
    this.rewards = new Float32Array(this.rows);
    this.terminated = new Uint8Array(this.rows);
    this.episodeEnded = new Uint8Array(this.rows);
    this.valid = new Uint8Array(this.rows);
    this.nextValues = new Float32Array(this.rows);
    this.advantages = new Float32Array(this.rows);
    this.returns = new Float32Array(this.rows);
  }

  /**
   * Fills `nextValues` from the values of the following rows (and `lastValues` after the last),
   * keeping those already set for steps that ended an episode (their final observation's value).
   */
  linkNextValues(lastValues: ArrayLike<number>): void {
    const n = this.numEnvs;
    for (let t = 0; t < this.nSteps; t++) {
      for (let i = 0; i < n; i++) {
        const row = t * n + i;
        if (this.episodeEnded[row]) continue;
        this.nextValues[row] = t + 1 < this.nSteps ? this.values[row + n]! : lastValues[i]!;
      }
    }
  }

  /** GAE advantages and value targets (advantage + value), per sub-env. */
  computeAdvantages(gamma: number, lambda: number): void {
    const n = this.numEnvs;
    const T = this.nSteps;
    const column = (source: ArrayLike<number>, i: number) => Float64Array.from({ length: T }, (_, t) => source[t * n + i]!);
    for (let i = 0; i < n; i++) {
      const advantages = computeGae(
        {
          rewards: column(this.rewards, i),
          values: column(this.values, i),
          nextValues: column(this.nextValues, i),
          terminated: column(this.terminated, i),
          episodeEnded: column(this.episodeEnded, i),
        },
        gamma,
        lambda,
      );
      for (let t = 0; t < T; t++) {
        const row = t * n + i;
        this.advantages[row] = advantages[t]!;
        this.returns[row] = advantages[t]! + this.values[row]!;
      }
    }
  }

  /** Rows that hold a real transition. */
  validRows(): Int32Array {
    const rows: number[] = [];
    for (let row = 0; row < this.rows; row++) if (this.valid[row]) rows.push(row);
    return Int32Array.from(rows);
  }
}
