/**
 * The scripted PID baseline on the three drone tasks: the pilot (position loop, 30 Hz) in the
 * 'velocity' action mode, the env's cascaded PID running the inner loops at 240 Hz.
 *
 * Hover-v0: position error over the last 4 s of the 8 s episode, and the settling time (after
 * which the error stays under 2 cm). Waypoints-v0: waypoints reached and time to finish.
 * Obstacles-v0: the pilot flies straight at the goal (it ignores the range finders), so its
 * success rate says how often the seeded field leaves the straight line free; the privileged
 * path pilot (A* on the known pillar layout, then the same PID pilot) shows the fields can be flown.
 *
 * Run: npx tsx experiments/drone/bench-pid.ts [--seeds 20]
 */
import { parseScriptArgs } from '../../src/cli/args.js';
import { make } from '../../src/registry.js';
import '../../envs/index.js';
import { pilotAction } from '../../envs/drone/pilot.js';
import { DroneEnv } from '../../envs/drone/drone-env.js';
import { PathPilot } from '../../envs/drone/path-pilot.js';
import type { ObstaclesTask } from '../../envs/drone/obstacles-task.js';
import type { Info } from '../../src/core/env.js';

interface Episode {
  errors: number[];
  final: Info;
  steps: number;
  episodeReturn: number;
}

function flyEpisode(id: string, seed: number): Episode {
  const env = make<Float32Array, Float32Array>(id, { actionMode: 'velocity' });
  let { observation } = env.reset({ seed });
  const errors: number[] = [];
  let episodeReturn = 0;
  for (let steps = 1; ; steps++) {
    const result = env.step(pilotAction(observation));
    observation = result.observation;
    episodeReturn += result.reward;
    errors.push(result.info['positionError'] as number);
    if (result.terminated || result.truncated) return { errors, final: result.info, steps, episodeReturn };
  }
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

export function hoverRow(seeds: number): string {
  const lastSteps = 4 * 30;
  const late = [];
  const worst = [];
  const settle = [];
  for (let seed = 0; seed < seeds; seed++) {
    const { errors } = flyEpisode('Drone/Hover-v0', seed);
    const tail = errors.slice(-lastSteps);
    late.push(mean(tail));
    worst.push(Math.max(...tail));
    let lastBad = -1;
    errors.forEach((e, i) => {
      if (e >= 0.02) lastBad = i;
    });
    settle.push((lastBad + 1) / 30);
  }
  const within10cm = worst.filter((w) => w < 0.1).length;
  return `| Hover-v0 | ${seeds} | mean error last 4 s ${(1000 * mean(late)).toFixed(2)} mm, worst ${(1000 * Math.max(...worst)).toFixed(2)} mm; settles under 2 cm after ${mean(settle).toFixed(2)} s (max ${Math.max(...settle).toFixed(2)} s) | ${within10cm}/${seeds} under 0.1 m |`;
}

export function waypointsRow(seeds: number): string {
  let reached = 0;
  let total = 0;
  let successes = 0;
  const times: number[] = [];
  for (let seed = 0; seed < seeds; seed++) {
    const { final } = flyEpisode('Drone/Waypoints-v0', seed);
    reached += final['waypointsReached'] as number;
    total += final['waypointsTotal'] as number;
    if (final['reason'] === 'success') {
      successes++;
      times.push(final['time'] as number);
    }
  }
  return `| Waypoints-v0 | ${seeds} | ${reached}/${total} waypoints reached (${((100 * reached) / total).toFixed(1)}%); course flown in ${mean(times).toFixed(2)} s on average | ${successes}/${seeds} courses completed |`;
}

export function obstaclesRow(seeds: number): string {
  const reasons = new Map<string, number>();
  for (let seed = 0; seed < seeds; seed++) {
    const reason = String(flyEpisode('Drone/Obstacles-v0', seed).final['reason']);
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }
  const text = [...reasons].map(([reason, count]) => `${reason} ${count}`).join(', ');
  return `| Obstacles-v0 (straight line, no avoidance) | ${seeds} | ${text} | ${reasons.get('success') ?? 0}/${seeds} reach the goal |`;
}

export function plannedObstaclesRow(seeds: number): string {
  const env = new DroneEnv({ task: 'obstacles', actionMode: 'velocity' });
  const reasons = new Map<string, number>();
  const times: number[] = [];
  for (let seed = 0; seed < seeds; seed++) {
    let { observation } = env.reset({ seed });
    const pilot = PathPilot.plan(env.task as ObstaclesTask);
    let reason = 'no-path';
    while (pilot) {
      const result = env.step(pilot.act(observation));
      observation = result.observation;
      if (result.terminated || result.truncated) {
        reason = String(result.info['reason']);
        if (reason === 'success') times.push(result.info['time'] as number);
        break;
      }
    }
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }
  const text = [...reasons].map(([reason, count]) => `${reason} ${count}`).join(', ');
  return `| Obstacles-v0 (A* path on the known layout + PID) | ${seeds} | ${text}; goal reached in ${mean(times).toFixed(2)} s on average | ${reasons.get('success') ?? 0}/${seeds} reach the goal |`;
}

export function printPidTable(seeds: number): void {
  console.log('\nPID baseline (pilot in velocity mode; seeds 0..N-1)');
  console.log('| task | seeds | numbers | success |');
  console.log('|---|---:|---|---|');
  console.log(hoverRow(seeds));
  console.log(waypointsRow(seeds));
  console.log(obstaclesRow(seeds));
  console.log(plannedObstaclesRow(seeds));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = parseScriptArgs('experiments/drone/bench-pid.ts', { seeds: { type: 'string' } });
  printPidTable(args.number('seeds', 20));
}
