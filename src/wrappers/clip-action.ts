import { EnvError } from '../core/errors.js';
import type { Env } from '../core/env.js';
import { Box, type BoxArray } from '../core/spaces/box.js';
import { ActionWrapper } from './action-wrapper.js';

/**
 * Clips each action element into the inner env's Box bounds, so that an agent may output any
 * finite values (a Gaussian policy's raw samples). The wrapper's action space is therefore
 * unbounded, as in Gymnasium 1.x; NaN and wrong lengths are still refused.
 *
 * @example const env = new ClipAction(make('Drone/Hover-v0')); env.step(new Float32Array([5, -5, 0, 0]));
 */
export class ClipAction<Obs> extends ActionWrapper<Obs, ArrayLike<number>, BoxArray> {
  private readonly unbounded: Box;
  private readonly inner: Box;

  constructor(env: Env<Obs, BoxArray>) {
    super(env);
    this.inner = requireBox(env, 'ClipAction');
    this.unbounded = new Box(-Infinity, Infinity, this.inner.shape, { dtype: this.inner.dtype, seed: this.inner.derivedSeed() });
  }

  override get actionSpace(): Box {
    return this.unbounded;
  }

  action(action: ArrayLike<number>): BoxArray {
    const problem = this.unbounded.whyNotContained(action);
    if (problem) throw new EnvError(`${this.spec?.id ?? 'env'} ClipAction: invalid action: ${problem}`);
    const clipped = this.inner.zeros();
    for (let i = 0; i < clipped.length; i++) clipped[i] = Math.min(Math.max(action[i]!, this.inner.low[i]!), this.inner.high[i]!);
    return clipped;
  }
}

/** The env's action space as a Box, or an error naming the wrapper and the space it found. */
export function requireBox(env: Env<unknown, unknown>, wrapperName: string): Box {
  if (!(env.actionSpace instanceof Box)) {
    throw new EnvError(`${wrapperName} needs an env with a Box action space, got ${String(env.actionSpace)}`);
  }
  return env.actionSpace;
}
