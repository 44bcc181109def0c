/**
 * Deterministic evaluation of a drone policy: fly a fixed set of seeded episodes side by side
 * (one batched forward pass per control step) and judge them by the criteria.
 * The judging functions are pure so that tests can work them by hand.
 */
import type { Env, Info } from '../../src/core/env.js';
import { ConfigError } from '../../src/core/errors.js';
import type { EvaluationPolicy } from '../../src/train/evaluate.js';

/** What one evaluation episode leaves behind. */
export interface FlownEpisode {
  seed: number;
  /** `info.positionError` after every control step (m). */
  positionErrors: number[];
  /** The last step's info (reason, waypointsReached, ...). */
  finalInfo: Info;
  terminated: boolean;
}

/**
 * Flies one episode per seed with the deterministic policy, all side by side.
 *
 * @example const episodes = flyEpisodes(agent, () => make('Drone/Hover-v0'), [10000, 10001]);
 */
export function flyEpisodes(policy: EvaluationPolicy, makeEnv: () => Env<Float32Array, Float32Array>, seeds: readonly number[]): FlownEpisode[] {
  const envs = seeds.map(() => makeEnv());
  const observationSize = envs[0]!.observationSpace.shape!.reduce((a, b) => a * b, 1);
  const actionSize = envs[0]!.actionSpace.shape!.reduce((a, b) => a * b, 1);
  const episodes: FlownEpisode[] = seeds.map((seed) => ({ seed, positionErrors: [], finalInfo: {}, terminated: false }));
  const observations = envs.map((env, k) => env.reset({ seed: seeds[k]! }).observation);
  let flying = envs.map((_, k) => k);
  try {
    while (flying.length > 0) {
      const batch = new Float32Array(flying.length * observationSize);
      flying.forEach((k, row) => batch.set(observations[k]!, row * observationSize));
      const actions = policy.actBatch(batch, flying.length, { deterministic: true }) as Float32Array;
      flying = flying.filter((k, row) => {
        const result = envs[k]!.step(actions.slice(row * actionSize, (row + 1) * actionSize));
        observations[k] = result.observation;
        episodes[k]!.positionErrors.push(result.info['positionError'] as number);
        episodes[k]!.finalInfo = result.info;
        episodes[k]!.terminated = result.terminated;
        return !result.terminated && !result.truncated;
      });
    }
  } finally {
    for (const env of envs) env.close();
  }
  return episodes;
}

/**
 * The worst position error over the last `windowSteps` control steps; Infinity when the episode
 * was shorter than the window (it crashed before it could hold anything).
 *
 * @example worstLateError([0.5, 0.2, 0.05, 0.08], 2) // 0.08
 */
export function worstLateError(positionErrors: readonly number[], windowSteps: number): number {
  if (!Number.isInteger(windowSteps) || windowSteps < 1) {
    throw new ConfigError(`worstLateError: windowSteps must be a positive integer, got ${windowSteps}`);
  }
  if (positionErrors.length < windowSteps) return Infinity;
  return Math.max(...positionErrors.slice(-windowSteps));
}

/** The Hover verdict over a set of evaluation episodes. */
export interface HoverVerdict {
  /** Every episode flew to the time limit and held within `tolerance` over the window. */
  solved: boolean;
  /** The worst of the episodes' worst late errors (m). */
  worstLateError: number;
  /** Episodes that ended by a crash. */
  crashes: number;
}

/**
 * Hover is learnt when no episode crashed and every one kept its position error under
 * `tolerance` (m) over its last `windowSteps` control steps.
 *
 * @example judgeHover(episodes, 4 * 30, 0.1).solved
 */
export function judgeHover(episodes: readonly FlownEpisode[], windowSteps: number, tolerance: number): HoverVerdict {
  const crashes = episodes.filter((e) => e.terminated).length;
  const worst = Math.max(...episodes.map((e) => worstLateError(e.positionErrors, windowSteps)));
  return { solved: crashes === 0 && worst < tolerance, worstLateError: worst, crashes };
}

/** The Waypoints verdict: how much of the courses the policy flew. */
export interface WaypointsVerdict {
  /** Waypoints reached over waypoints offered, summed over the episodes. */
  fractionReached: number;
  /** Episodes that passed every waypoint. */
  coursesCompleted: number;
  crashes: number;
}

/**
 * Sums `info.waypointsReached` / `info.waypointsTotal` of the episodes' last steps.
 *
 * @example judgeWaypoints(episodes).fractionReached // 0.75 when 12 of 16 were reached
 */
export function judgeWaypoints(episodes: readonly FlownEpisode[]): WaypointsVerdict {
  let reached = 0;
  let total = 0;
  let coursesCompleted = 0;
  for (const { finalInfo } of episodes) {
    const episodeReached = finalInfo['waypointsReached'];
    const episodeTotal = finalInfo['waypointsTotal'];
    if (typeof episodeReached !== 'number' || typeof episodeTotal !== 'number') {
      throw new ConfigError(`judgeWaypoints: expected info.waypointsReached and info.waypointsTotal (a Waypoints env), got info keys ${Object.keys(finalInfo).join(', ')}`);
    }
    reached += episodeReached;
    total += episodeTotal;
    if (episodeReached === episodeTotal) coursesCompleted++;
  }
  return { fractionReached: total === 0 ? 0 : reached / total, coursesCompleted, crashes: episodes.filter((e) => e.terminated && e.finalInfo['reason'] !== 'success').length };
}
