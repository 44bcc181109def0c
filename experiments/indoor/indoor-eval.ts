/**
 * Runs a pilot on the same unseen plans (`plans: 'test'`, reset seeds 0..episodes-1) and
 * measures what the README table reports: success and collision rates, path length relative to
 * the A* route of each plan, and CAD2RL's mean distance flown between collisions.
 */
import { IndoorNavigationEnv, type IndoorObservation } from '../../envs/drone/indoor/indoor-env.js';
import { PlanGrid } from '../../envs/drone/indoor/plan-grid.js';

/** Chooses an action; `begin` is called after each reset. */
export interface IndoorPilot {
  begin?(env: IndoorNavigationEnv): void;
  act(observation: IndoorObservation, env: IndoorNavigationEnv): Float32Array;
}

export interface IndoorScores {
  episodes: number;
  successRate: number;
  collisionRate: number;
  timeoutRate: number;
  /** Mean over successful episodes of (path flown / A* route length). */
  pathRatio: number;
  /** Total distance flown / number of collisions (Infinity without collisions). */
  distanceBetweenCollisions: number;
  totalDistance: number;
  collisions: number;
  seconds: number;
}

/** The length of the A* route (m) of the env's current plan, with the route pilot's clearance. */
export function routeLength(env: IndoorNavigationEnv): number {
  const plan = env.plan!;
  const route = new PlanGrid(plan, { resolution: 0.05, clearance: 0.3 }).route(plan.start, plan.goal)!;
  let length = 0;
  for (let i = 1; i < route.length; i++) length += Math.hypot(route[i]![0] - route[i - 1]![0], route[i]![1] - route[i - 1]![1]);
  return length;
}

/**
 * @example const scores = evaluateIndoor((env) => new ReactiveAdapter(env), { episodes: 50 });
 */
export function evaluateIndoor(pilot: IndoorPilot, options: { episodes: number; kwargs?: Record<string, unknown> }): IndoorScores {
  const env = new IndoorNavigationEnv({ ...options.kwargs, plans: 'test' });
  const started = performance.now();
  let successes = 0;
  let collisions = 0;
  let timeouts = 0;
  let totalDistance = 0;
  const ratios: number[] = [];
  for (let episode = 0; episode < options.episodes; episode++) {
    let { observation } = env.reset({ seed: episode });
    pilot.begin?.(env);
    for (;;) {
      const result = env.step(pilot.act(observation, env));
      observation = result.observation;
      if (!result.terminated && !result.truncated) continue;
      const flown = result.info['pathLength'] as number;
      totalDistance += flown;
      const reason = result.info['reason'];
      if (reason === 'success') {
        successes++;
        ratios.push(flown / routeLength(env));
      } else if (reason === 'time-limit') timeouts++;
      else collisions++;
      break;
    }
  }
  const n = options.episodes;
  return {
    episodes: n,
    successRate: successes / n,
    collisionRate: collisions / n,
    timeoutRate: timeouts / n,
    pathRatio: ratios.length === 0 ? NaN : ratios.reduce((a, b) => a + b, 0) / ratios.length,
    distanceBetweenCollisions: collisions === 0 ? Infinity : totalDistance / collisions,
    totalDistance,
    collisions,
    seconds: (performance.now() - started) / 1000,
  };
}
