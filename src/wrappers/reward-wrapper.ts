import type { StepResult } from '../core/env.js';
import { Wrapper } from '../core/wrapper.js';

/**
 * A wrapper that changes only rewards: subclasses implement `reward()`.
 *
 * @example
 * class Halve extends RewardWrapper<Float32Array, number> { reward(r: number) { return r / 2; } }
 */
export abstract class RewardWrapper<Obs, Act> extends Wrapper<Obs, Act> {
  /** The reward the agent sees in place of the inner env's `reward`. */
  abstract reward(reward: number): number;

  override step(action: Act): StepResult<Obs> {
    const result = this.env.step(action);
    return { ...result, reward: this.reward(result.reward) };
  }
}
