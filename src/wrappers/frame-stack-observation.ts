import { describeValue, EnvError } from '../core/errors.js';
import type { Env, ResetOptions, ResetResult, StepResult } from '../core/env.js';
import { Box, type BoxArray } from '../core/spaces/box.js';
import { batchSpace } from '../core/spaces/batch.js';
import { Wrapper } from '../core/wrapper.js';

export interface FrameStackOptions {
  /**
   * What fills the stack after a reset, before there are `stackSize` real frames:
   * 'reset' repeats the reset observation (default, as Gymnasium), 'zero' uses zeros.
   */
  padding?: 'reset' | 'zero';
}

/**
 * Observes the last `stackSize` observations stacked along a new leading axis, oldest first:
 * a Box of shape `[...shape]` becomes `[stackSize, ...shape]`, as Gymnasium's
 * FrameStackObservation. Each observation is a fresh array the caller may keep.
 *
 * @example const env = new FrameStackObservation(make('MinAtar/Breakout-v1'), 4);
 */
export class FrameStackObservation<Act> extends Wrapper<BoxArray, Act> {
  private readonly space: Box;
  private readonly frameSize: number;
  private readonly padding: 'reset' | 'zero';
  /** The stacked frames, oldest first; shifted by one frame per step. */
  private readonly stack: BoxArray;

  constructor(
    env: Env<BoxArray, Act>,
    readonly stackSize: number,
    options: FrameStackOptions = {},
  ) {
    super(env);
    const inner = env.observationSpace;
    if (!(inner instanceof Box)) throw new EnvError(`FrameStackObservation needs a Box observation space, got ${String(inner)}`);
    if (!Number.isInteger(stackSize) || stackSize < 1) throw new EnvError(`FrameStackObservation: stackSize must be a positive integer, got ${describeValue(stackSize)}`);
    this.padding = options.padding ?? 'reset';
    if (this.padding !== 'reset' && this.padding !== 'zero') {
      throw new EnvError(`FrameStackObservation: padding must be 'reset' or 'zero', got ${describeValue(this.padding)}`);
    }
    this.space = batchSpace(inner, stackSize) as Box;
    this.frameSize = inner.size;
    this.stack = this.space.zeros();
  }

  override get observationSpace(): Box {
    return this.space;
  }

  override reset(options?: ResetOptions): ResetResult<BoxArray> {
    const { observation, info } = this.env.reset(options);
    for (let frame = 0; frame < this.stackSize - 1; frame++) {
      if (this.padding === 'reset') this.stack.set(observation, frame * this.frameSize);
      else this.stack.fill(0, frame * this.frameSize, (frame + 1) * this.frameSize);
    }
    this.pushNewest(observation);
    return { observation: this.stack.slice(), info };
  }

  override step(action: Act): StepResult<BoxArray> {
    const result = this.env.step(action);
    this.stack.copyWithin(0, this.frameSize);
    this.pushNewest(result.observation);
    return { ...result, observation: this.stack.slice() };
  }

  private pushNewest(observation: BoxArray): void {
    if (observation.length !== this.frameSize) {
      throw new EnvError(`FrameStackObservation: expected observations of ${this.frameSize} values (${this.env.observationSpace.toString()}), got ${observation.length}`);
    }
    this.stack.set(observation, (this.stackSize - 1) * this.frameSize);
  }
}
