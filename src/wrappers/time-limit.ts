import { calledAfterEnd, describeValue, EnvError } from '../core/errors.js';
import type { Env, ResetOptions, ResetResult, StepResult } from '../core/env.js';
import { Wrapper } from '../core/wrapper.js';

/**
 * Truncates episodes after `maxEpisodeSteps` steps: the step that reaches the limit returns
 * `truncated: true` (and keeps `terminated` as the env said). A step after that truncation throws,
 * as a step after any episode's end does (see `Env.step`): call `reset()` first.
 *
 * @example const env = new TimeLimit(new CartPoleEnv(), 500);
 */
export class TimeLimit<Obs, Act> extends Wrapper<Obs, Act> {
  /** Steps taken since the last reset. */
  elapsedSteps = 0;
  /** True from the step that reached the limit until the next reset. */
  private cut = false;

  constructor(
    env: Env<Obs, Act>,
    readonly maxEpisodeSteps: number,
  ) {
    super(env);
    if (!Number.isInteger(maxEpisodeSteps) || maxEpisodeSteps < 1) {
      throw new EnvError(`TimeLimit: maxEpisodeSteps must be a positive integer, got ${describeValue(maxEpisodeSteps)}`);
    }
  }

  override reset(options?: ResetOptions): ResetResult<Obs> {
    this.elapsedSteps = 0;
    this.cut = false;
    return this.env.reset(options);
  }

  override step(action: Act): StepResult<Obs> {
    if (this.cut) throw calledAfterEnd(this.spec?.id ?? 'env', 'truncated');
    const result = this.env.step(action);
    this.elapsedSteps++;
    if (this.elapsedSteps >= this.maxEpisodeSteps) {
      result.truncated = true;
      this.cut = true;
    }
    return result;
  }
}
