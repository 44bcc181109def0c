/**
 * N-step returns for DQN: the reward sum of up to n steps and the discount to apply to the
 * bootstrap value at the step where the sum stopped.
 */

export interface NStepResult {
  /** `r_0 + gamma r_1 + ... + gamma^(k-1) r_(k-1)`, k <= n steps. */
  reward: number;
  /** `gamma^k`: multiplies `max_a Q(s_k, a)` in the target. */
  discount: number;
  /** Whether step k-1 reached a terminal state (the target then has no bootstrap term). */
  terminated: boolean;
  /** How many steps were summed (k). */
  steps: number;
}

/**
 * Folds the first steps of a queue into one n-step transition. The sum stops early at the
 * first step that ended the episode (terminated or truncated).
 *
 * @example nStepReturn([1, 1, 1], [false, false, false], [false, false, false], 0.5, 3) // { reward: 1.75, discount: 0.125, terminated: false, steps: 3 }
 */
export function nStepReturn(
  rewards: ArrayLike<number>,
  terminated: ArrayLike<boolean>,
  truncated: ArrayLike<boolean>,
  gamma: number,
  n: number,
): NStepResult {
  let reward = 0;
  let discount = 1;
  const limit = Math.min(n, rewards.length);
  for (let k = 0; k < limit; k++) {
    reward += discount * rewards[k]!;
    discount *= gamma;
    if (terminated[k]) return { reward, discount, terminated: true, steps: k + 1 };
    if (truncated[k]) return { reward, discount, terminated: false, steps: k + 1 };
  }
  return { reward, discount, terminated: false, steps: limit };
}
