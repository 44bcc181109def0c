import { discountedReturns } from '../common/advantages.js';

/** One sub-env's episode in progress: what REINFORCE needs to replay it through the policy. */
class Trajectory {
  observations: Float32Array[] = [];
  actions: number[] = [];
  rewards: number[] = [];
}

/**
 * Whole episodes for REINFORCE: steps are appended per sub-env, and an episode joins the batch
 * with its Monte Carlo returns when it ends (a truncated one bootstraps from V(final observation)).
 *
 * @example const batch = new EpisodeBatch(1, 1); batch.add(0, obs, [1], 1.0); batch.finish(0, true, 0, 0.99);
 */
export class EpisodeBatch {
  observations: Float32Array[] = [];
  actions: number[] = [];
  returns: number[] = [];
  episodes = 0;
  private readonly open: Trajectory[];

  constructor(
    numEnvs: number,
    private readonly actionSize: number,
  ) {
    this.open = Array.from({ length: numEnvs }, () => new Trajectory());
  }

  /** Records sub-env `env`'s step: its observation, raw action (index or `actionSize` numbers) and reward. */
  add(env: number, observation: Float32Array, action: ArrayLike<number>, reward: number): void {
    const trajectory = this.open[env]!;
    trajectory.observations.push(observation);
    for (let j = 0; j < this.actionSize; j++) trajectory.actions.push(action[j]!);
    trajectory.rewards.push(reward);
  }

  /** Closes sub-env `env`'s episode; `bootstrapValue` is V(final observation) when truncated, 0 when terminated. */
  finish(env: number, terminated: boolean, bootstrapValue: number, gamma: number): void {
    const trajectory = this.open[env]!;
    const length = trajectory.rewards.length;
    const ended = new Uint8Array(length);
    if (length > 0) ended[length - 1] = 1;
    const terminatedFlags = new Uint8Array(length);
    if (length > 0 && terminated) terminatedFlags[length - 1] = 1;
    const nextValues = new Float64Array(length);
    if (length > 0) nextValues[length - 1] = bootstrapValue;
    const returns = discountedReturns(trajectory.rewards, terminatedFlags, ended, nextValues, gamma);
    this.observations.push(...trajectory.observations);
    this.actions.push(...trajectory.actions);
    this.returns.push(...returns);
    this.episodes++;
    this.open[env] = new Trajectory();
  }

  /** Empties the finished part (episodes still running stay). */
  clear(): void {
    this.observations = [];
    this.actions = [];
    this.returns = [];
    this.episodes = 0;
  }
}
