import type { Env, StepResult } from '../core/env.js';
import { Wrapper } from '../core/wrapper.js';
import { RunningMeanStd, type RunningMeanStdState } from './running-mean-std.js';

export interface NormalizeRewardOptions {
  /** Discount of the running return whose variance scales the rewards (default 0.99). */
  gamma?: number;
  /** Added to the variance before the square root (default 1e-8). */
  epsilon?: number;
}

/**
 * Scales rewards so that the discounted return has roughly unit variance, as Gymnasium 1.x's
 * NormalizeReward: it keeps `discountedReturn = discountedReturn * gamma * (1 - terminated) + reward`,
 * updates a running variance of it, and returns `reward / sqrt(var + epsilon)`. Rewards are
 * scaled, not shifted. As in Gymnasium, the terminating step restarts the running return at
 * its own reward, and only termination does (truncation and reset do not).
 *
 * @example const env = new NormalizeReward(make('CartPole-v1'), { gamma: 0.99 });
 */
export class NormalizeReward<Obs, Act> extends Wrapper<Obs, Act> {
  /** When false, rewards are scaled with frozen statistics. */
  updateRunningMean = true;
  readonly returnStatistics = new RunningMeanStd(1);
  /** The running discounted return whose variance is tracked. */
  discountedReturn = 0;
  readonly gamma: number;
  private readonly epsilon: number;

  constructor(env: Env<Obs, Act>, options: NormalizeRewardOptions = {}) {
    super(env);
    this.gamma = options.gamma ?? 0.99;
    this.epsilon = options.epsilon ?? 1e-8;
  }

  /** The running variance statistics of the return, to save with an agent; assign to restore them. */
  get statistics(): RunningMeanStdState {
    return this.returnStatistics.getState();
  }

  set statistics(state: RunningMeanStdState) {
    this.returnStatistics.setState(state);
  }

  override step(action: Act): StepResult<Obs> {
    const result = this.env.step(action);
    this.discountedReturn = this.discountedReturn * this.gamma * (result.terminated ? 0 : 1) + result.reward;
    if (this.updateRunningMean) this.returnStatistics.update([this.discountedReturn]);
    return { ...result, reward: result.reward / Math.sqrt(this.returnStatistics.var[0]! + this.epsilon) };
  }
}
