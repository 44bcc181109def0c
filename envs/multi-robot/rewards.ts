/**
 * The reward of Long et al., "Towards Optimally Decentralized Multi-Robot Collision Avoidance via
 * Deep Reinforcement Learning", ICRA 2018 (arXiv 1709.10082), eqs. 4-7:
 *   r = r_goal + r_collision + r_rotation, with
 *   r_goal = +15 on arrival (distance to goal under the tolerance), else 2.5 x (progress towards the goal in metres),
 *   r_collision = -15 on a collision with a robot or an obstacle,
 *   r_rotation = -0.1 x |w| when |w| > 0.7 rad/s (discourages spinning).
 */
export const PAPER_REWARD = {
  arrival: 15,
  collision: -15,
  progressWeight: 2.5,
  rotationWeight: -0.1,
  rotationThreshold: 0.7,
} as const;

export type RewardConstants = { -readonly [K in keyof typeof PAPER_REWARD]: number };

/**
 * One robot's reward for one step.
 *
 * @example stepReward(PAPER_REWARD, { progress: 0.1, arrived: false, collided: false, angularVelocity: 0.8 }) // 0.25 - 0.08
 */
export function stepReward(constants: RewardConstants, step: { progress: number; arrived: boolean; collided: boolean; angularVelocity: number }): number {
  const goal = step.arrived ? constants.arrival : constants.progressWeight * step.progress;
  const collision = step.collided ? constants.collision : 0;
  const rotation = Math.abs(step.angularVelocity) > constants.rotationThreshold ? constants.rotationWeight * Math.abs(step.angularVelocity) : 0;
  return goal + collision + rotation;
}
