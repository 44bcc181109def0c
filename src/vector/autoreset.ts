import type { Info } from '../core/env.js';
import { describeValue, EnvError } from '../core/errors.js';
import type { SceneFrame } from '../core/scene.js';
import type { AutoresetMode, VectorStepResult } from './types.js';

/**
 * The autoreset rule of every vector env that steps its own sub-envs (SyncVectorEnv, and the
 * batched CartPole and MinAtar envs), written once. The modes are described on AutoresetMode
 * (src/vector/types.ts); this file holds the bookkeeping they share.
 */

/** The three modes, in the order error messages list them. */
export const AUTORESET_MODES: readonly AutoresetMode[] = ['next-step', 'same-step', 'disabled'];

/**
 * Returns `mode` (default 'next-step') when it is one of AUTORESET_MODES; otherwise throws an
 * error (an EnvError unless `errorType` says otherwise) that names the owner, the modes and the value.
 *
 * @example this.autoresetMode = checkAutoresetMode(options.autoresetMode, this.name);
 */
export function checkAutoresetMode(mode: unknown, owner: string, errorType: new (message: string) => Error = EnvError): AutoresetMode {
  if (mode === undefined) return 'next-step';
  if (AUTORESET_MODES.includes(mode as AutoresetMode)) return mode as AutoresetMode;
  throw new errorType(`${owner}: autoresetMode must be one of ${AUTORESET_MODES.join(', ')}, got ${describeValue(mode)}`);
}

/**
 * Which sub-envs reset on the coming step, and what a step that ends an episode must do.
 *
 * @example
 * for (let i = 0; i < n; i++) {
 *   if (autoreset.resetsNow(i)) { resetSubEnv(i); autoreset.writeResetStep(result, i); continue; }
 *   ... // step sub-env i
 *   if ((terminated || truncated) && autoreset.endedNow(i)) resetSubEnv(i); // 'same-step' only
 * }
 */
export class Autoreset {
  /**
   * 'next-step': 1 where the previous step ended that sub-env's episode, so this step only resets
   * it. Exposed because the native CartPole loop reads and writes the same array.
   */
  readonly pending: Uint8Array;

  constructor(
    readonly mode: AutoresetMode,
    numEnvs: number,
  ) {
    this.pending = new Uint8Array(numEnvs);
  }

  /** Whether this step of sub-env i is a 'next-step' reset, which ignores its action. */
  resetsNow(i: number): boolean {
    return this.pending[i] === 1;
  }

  /**
   * Writes the outcome of a 'next-step' reset step of sub-env i: reward 0, neither flag, and
   * clears the pending mark. The caller resets the sub-env and writes its observation and info.
   */
  writeResetStep(result: VectorStepResult, i: number): void {
    result.rewards[i] = 0;
    result.terminations[i] = 0;
    result.truncations[i] = 0;
    this.pending[i] = 0;
  }

  /**
   * Call when sub-env i's step ended its episode. Returns true in 'same-step' mode, where the
   * caller resets the sub-env at once (see `sameStepInfo`); in 'next-step' mode marks the next
   * step as its reset; in 'disabled' mode does nothing.
   */
  endedNow(i: number): boolean {
    if (this.mode === 'next-step') this.pending[i] = 1;
    return this.mode === 'same-step';
  }

  /** Call whenever sub-env i is reset (by `reset()` or an autoreset): nothing is pending for it. */
  cleared(i: number): void {
    this.pending[i] = 0;
  }
}

/**
 * The info a 'same-step' autoreset returns for sub-env i: the reset's info, with the ended
 * episode's last observation and info, and for sub-env 0 the frame it drew last.
 */
export function sameStepInfo(resetInfo: Info, finalObservation: unknown, finalInfo: Info, finalFrame: SceneFrame | undefined): Info {
  return { ...resetInfo, finalObservation, finalInfo, ...(finalFrame ? { finalFrame } : {}) };
}
