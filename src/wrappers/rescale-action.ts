import { describeValue, EnvError } from '../core/errors.js';
import type { Env } from '../core/env.js';
import { Box, type BoxArray } from '../core/spaces/box.js';
import { ActionWrapper } from './action-wrapper.js';
import { requireBox } from './clip-action.js';

/**
 * Lets the agent act in `[minAction, maxAction]` (per element, or one number for all) and
 * maps each element affinely onto the inner env's bounds `[low, high]`:
 * `low + (high - low) * (action - minAction) / (maxAction - minAction)`, as Gymnasium's
 * RescaleAction. The result is clipped to `[low, high]` against float rounding. Actions
 * outside `[minAction, maxAction]` are refused with an error.
 *
 * @example const env = new RescaleAction(make('Drone/Hover-v0'), -1, 1);
 */
export class RescaleAction<Obs> extends ActionWrapper<Obs, ArrayLike<number>, BoxArray> {
  private readonly inner: Box;
  private readonly rescaled: Box;

  constructor(env: Env<Obs, BoxArray>, minAction: number | ArrayLike<number>, maxAction: number | ArrayLike<number>) {
    super(env);
    this.inner = requireBox(env, 'RescaleAction');
    if (!this.inner.isBounded()) throw new EnvError(`RescaleAction needs finite action bounds, got ${this.inner.toString()}`);
    this.rescaled = new Box(minAction, maxAction, this.inner.shape, { dtype: this.inner.dtype, seed: this.inner.derivedSeed() });
    for (let i = 0; i < this.rescaled.size; i++) {
      if (!(this.rescaled.low[i]! < this.rescaled.high[i]!) || !Number.isFinite(this.rescaled.high[i]! - this.rescaled.low[i]!)) {
        throw new EnvError(`RescaleAction needs finite minAction < maxAction, got ${describeValue(minAction)} and ${describeValue(maxAction)}`);
      }
    }
  }

  override get actionSpace(): Box {
    return this.rescaled;
  }

  action(action: ArrayLike<number>): BoxArray {
    const problem = this.rescaled.whyNotContained(action);
    if (problem) throw new EnvError(`${this.spec?.id ?? 'env'} RescaleAction: invalid action: ${problem}`);
    const out = this.inner.zeros();
    for (let i = 0; i < out.length; i++) {
      out[i] = rescale(action[i]!, this.rescaled.low[i]!, this.rescaled.high[i]!, this.inner.low[i]!, this.inner.high[i]!);
    }
    return out;
  }
}

/** Maps `value` from `[fromLow, fromHigh]` onto `[toLow, toHigh]` affinely, clipped to the target. */
export function rescale(value: number, fromLow: number, fromHigh: number, toLow: number, toHigh: number): number {
  const mapped = toLow + ((toHigh - toLow) * (value - fromLow)) / (fromHigh - fromLow);
  return Math.min(Math.max(mapped, toLow), toHigh);
}
