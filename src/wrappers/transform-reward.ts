import type { Env } from '../core/env.js';
import { RewardWrapper } from './reward-wrapper.js';

/**
 * Applies `transform` to every reward.
 *
 * @example const env = new TransformReward(make('CartPole-v1'), (r) => Math.sign(r));
 */
export class TransformReward<Obs, Act> extends RewardWrapper<Obs, Act> {
  constructor(
    env: Env<Obs, Act>,
    private readonly transform: (reward: number) => number,
  ) {
    super(env);
  }

  reward(reward: number): number {
    return this.transform(reward);
  }
}
