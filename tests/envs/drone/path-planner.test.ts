import { describe, expect, it } from 'vitest';
import { DroneEnv } from '../../../envs/drone/drone-env.js';
import type { ObstaclesTask } from '../../../envs/drone/obstacles-task.js';
import { PathPilot } from '../../../envs/drone/path-pilot.js';
import { isFree, planPath } from '../../../envs/drone/path-planner.js';
import type { Arena } from '../../../envs/drone/task.js';

const arena: Arena = { min: [-1, -2, 0], max: [7, 2, 2.5] };

describe('planPath', () => {
  it('goes straight when nothing is in the way', () => {
    expect(planPath([], arena, [0, 0], [6, 0])).toEqual([
      [0, 0],
      [6, 0],
    ]);
  });

  it('bends around a pillar on the straight line, keeping the clearance', () => {
    const pillar = { x: 3, y: 0, radius: 0.2, height: 3 };
    const path = planPath([pillar], arena, [0, 0], [6, 0])!;
    expect(path.length).toBeGreaterThan(2);
    for (let i = 1; i < path.length; i++) {
      const [a, b] = [path[i - 1]!, path[i]!];
      for (let t = 0; t <= 1; t += 0.01) expect(isFree([a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])], [pillar], arena, 0.16)).toBe(true);
    }
    // Around a 0.36 m keep-out circle: at most a few centimetres longer than the tangent path (6.04 m).
    const length = path.slice(1).reduce((sum, p, i) => sum + Math.hypot(p[0] - path[i]![0], p[1] - path[i]![1]), 0);
    expect(length).toBeGreaterThan(6.0);
    expect(length).toBeLessThan(6.2);
  });

  it('finds no path through a wall of pillars', () => {
    const wall = Array.from({ length: 9 }, (_, k) => ({ x: 3, y: -2 + 0.5 * k, radius: 0.2, height: 3 }));
    expect(planPath(wall, arena, [0, 0], [6, 0])).toBeUndefined();
  });
});

describe('PathPilot', () => {
  it('flies a seeded pillar field to the goal (the task can be solved)', () => {
    const env = new DroneEnv({ task: 'obstacles', actionMode: 'velocity' });
    let { observation } = env.reset({ seed: 0 });
    const pilot = PathPilot.plan(env.task as ObstaclesTask)!;
    let result;
    do {
      result = env.step(pilot.act(observation));
      observation = result.observation;
    } while (!result.terminated && !result.truncated);
    expect(result.info['reason']).toBe('success');
    expect(result.reward).toBeGreaterThan(10);
  });
});
