import type { RobotOutcome } from './collision-avoidance-env.js';

/** The paper's evaluation metrics over the robots of one or more episodes. */
export interface NavigationMetrics {
  robots: number;
  /** Fraction of robots that reached their goal without a collision before the time limit. */
  successRate: number;
  /** Fraction of robots that collided. */
  collisionRate: number;
  /** Mean over successful robots of (travel time - straight distance / max speed), seconds. */
  extraTime: number;
  /** Mean over successful robots of (distance driven - straight distance), metres. */
  extraDistance: number;
  /** Mean over successful robots of distance driven / travel time, m/s. */
  averageSpeed: number;
}

/**
 * Success rate, extra time, extra distance and average speed as Long et al. (ICRA 2018) define
 * them, from each robot's outcome; the time and distance metrics average over successful robots.
 *
 * @example navigationMetrics(env.outcomes(), 1).successRate
 */
export function navigationMetrics(outcomes: RobotOutcome[], maxSpeed: number): NavigationMetrics {
  const arrived = outcomes.filter((o) => o.status === 'arrived');
  const mean = (values: number[]) => (values.length === 0 ? Number.NaN : values.reduce((a, b) => a + b, 0) / values.length);
  return {
    robots: outcomes.length,
    successRate: arrived.length / outcomes.length,
    collisionRate: outcomes.filter((o) => o.status === 'collided').length / outcomes.length,
    extraTime: mean(arrived.map((o) => o.time - o.straightDistance / maxSpeed)),
    extraDistance: mean(arrived.map((o) => o.distance - o.straightDistance)),
    averageSpeed: mean(arrived.map((o) => o.distance / o.time)),
  };
}
