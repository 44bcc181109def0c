/**
 * Return and advantage estimates for one sub-env's trajectory, as plain functions over typed
 * arrays so they can be checked by hand.
 *
 * Every function takes the value of the observation *after* each step (`nextValues[t]`): for a
 * step that ended the episode that is the value of its final observation, so a truncated step
 * bootstraps from it while a terminated step (multiplied by 0) does not.
 */

/** One sub-env's rollout, time along the array. */
export interface TrajectorySlice {
  rewards: ArrayLike<number>;
  /** V(s_t) for each step. */
  values: ArrayLike<number>;
  /** V(s_{t+1}): the value of the observation the step produced (its final one when it ended). */
  nextValues: ArrayLike<number>;
  /** 1 where the step reached a terminal state (no bootstrapping). */
  terminated: ArrayLike<number>;
  /** 1 where the episode ended in this step, terminated or truncated (the advantage chain stops). */
  episodeEnded: ArrayLike<number>;
}

/**
 * Generalized Advantage Estimation (Schulman et al. 2016):
 * `delta_t = r_t + gamma (1 - terminated_t) V(s_{t+1}) - V(s_t)`,
 * `A_t = delta_t + gamma lambda (1 - ended_t) A_{t+1}`.
 *
 * @example computeGae({ rewards: [1], values: [0.5], nextValues: [2], terminated: [0], episodeEnded: [1] }, 0.9, 0.95) // [2.3]
 */
export function computeGae(slice: TrajectorySlice, gamma: number, lambda: number): Float64Array {
  const length = slice.rewards.length;
  const advantages = new Float64Array(length);
  let nextAdvantage = 0;
  for (let t = length - 1; t >= 0; t--) {
    const bootstrap = slice.terminated[t] ? 0 : gamma * slice.nextValues[t]!;
    const delta = slice.rewards[t]! + bootstrap - slice.values[t]!;
    const carry = slice.episodeEnded[t] ? 0 : gamma * lambda * nextAdvantage;
    nextAdvantage = delta + carry;
    advantages[t] = nextAdvantage;
  }
  return advantages;
}

/**
 * Discounted returns-to-go `G_t = r_t + gamma G_{t+1}`, restarting at each episode end; a step
 * that was truncated (ended, not terminated) starts from its bootstrap value `nextValues[t]`, and
 * so does the last step of the slice when its episode goes on past the slice.
 *
 * @example discountedReturns([1, 1, 1], [0, 0, 1], [0, 0, 1], [0, 0, 0], 0.5) // [1.75, 1.5, 1]
 */
export function discountedReturns(
  rewards: ArrayLike<number>,
  terminated: ArrayLike<number>,
  episodeEnded: ArrayLike<number>,
  nextValues: ArrayLike<number>,
  gamma: number,
): Float64Array {
  const length = rewards.length;
  const returns = new Float64Array(length);
  let future = 0;
  for (let t = length - 1; t >= 0; t--) {
    const cut = episodeEnded[t] || t === length - 1;
    if (cut) future = terminated[t] ? 0 : nextValues[t]!;
    future = rewards[t]! + gamma * future;
    returns[t] = future;
  }
  return returns;
}

/** In-place standardisation to mean 0, standard deviation 1 (PPO's advantage normalisation). */
export function normalizeInPlace(values: Float32Array | Float64Array, epsilon = 1e-8): void {
  const n = values.length;
  if (n === 0) return;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i]!;
  mean /= n;
  let variance = 0;
  for (let i = 0; i < n; i++) variance += (values[i]! - mean) ** 2;
  const std = Math.sqrt(variance / n);
  for (let i = 0; i < n; i++) values[i] = (values[i]! - mean) / (std + epsilon);
}
