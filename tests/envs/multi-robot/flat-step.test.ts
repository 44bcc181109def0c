import { describe, expect, it } from 'vitest';
import '../../../envs/index.js';
import { Rng } from '../../../src/core/rng.js';
import type { ResetOptions } from '../../../src/core/env.js';
import { supportsFlatStepping } from '../../../src/multi-agent/flat-stepping.js';
import type { ParallelResetResult } from '../../../src/multi-agent/parallel-env.js';
import { makeParallel } from '../../../src/multi-agent/parallel-registry.js';
import { ParallelVectorEnv } from '../../../src/multi-agent/parallel-vector-env.js';
import { ParallelWrapper } from '../../../src/multi-agent/parallel-wrappers.js';

const ID = 'MultiRobot/CollisionAvoidance-v0';

function world(maxEpisodeSteps: number) {
  return makeParallel(ID, { robots: 8, beams: 16, scenario: 'circle' }, { maxEpisodeSteps });
}

describe('flat stepping of MultiRobot/CollisionAvoidance-v0', () => {
  it('gives exactly the dict path numbers over seeded episodes with collisions, time limits and world resets', () => {
    const flat = new ParallelVectorEnv(world(50));
    const dict = new ParallelVectorEnv(world(50), { flat: false });
    expect(flat.usesFlatPath).toBe(true);
    expect(dict.usesFlatPath).toBe(false);
    const a = flat.reset({ seed: 3 });
    const b = dict.reset({ seed: 3 });
    expect(Array.from(a.observations)).toEqual(Array.from(b.observations));
    expect(a.infos).toEqual(b.infos);

    const rng = new Rng(11);
    const actions = new Float32Array(2 * flat.numEnvs);
    let terminations = 0;
    let truncations = 0;
    let worldResets = 0;
    for (let t = 0; t < 240; t++) {
      // Mostly full speed with random turns: robots on the circle meet and collide.
      for (let k = 0; k < flat.numEnvs; k++) {
        actions[2 * k] = rng.random() < 0.9 ? 1 : rng.random();
        actions[2 * k + 1] = 0.4 * rng.random() - 0.2;
      }
      const x = flat.step(actions);
      const y = dict.step(actions);
      expect(Array.from(x.observations), `observations at step ${t}`).toEqual(Array.from(y.observations));
      expect(Array.from(x.rewards), `rewards at step ${t}`).toEqual(Array.from(y.rewards));
      expect(Array.from(x.terminations), `terminations at step ${t}`).toEqual(Array.from(y.terminations));
      expect(Array.from(x.truncations), `truncations at step ${t}`).toEqual(Array.from(y.truncations));
      expect(x.infos, `infos at step ${t}`).toEqual(y.infos);
      terminations += x.terminations.reduce((s, v) => s + v, 0);
      truncations += x.truncations.reduce((s, v) => s + v, 0);
      if (x.infos.every((info) => info['idle'] === true)) worldResets++;
    }
    // The run covered every kind of ending, or the equality above proves little.
    expect(terminations).toBeGreaterThan(0);
    expect(truncations).toBeGreaterThan(0);
    expect(worldResets).toBeGreaterThanOrEqual(2);
    expect(x0(flat)).toBe(x0(dict));
  });

  it('refuses an action outside the action space with the env, the agent and the value', () => {
    const envs = new ParallelVectorEnv(world(30));
    envs.reset({ seed: 0 });
    const actions = new Float32Array(2 * envs.numEnvs).fill(0.5);
    actions[2 * 3] = 1.5;
    expect(() => envs.step(actions)).toThrow(/MultiRobot\/CollisionAvoidance-v0.*robot_3.*1\.5/);
  });

  it('is turned off by a wrapper that changes step() without a flat version', () => {
    class Scaled<O, A> extends ParallelWrapper<O, A> {
      override reset(options?: ResetOptions): ParallelResetResult<O> {
        return super.reset(options);
      }
    }
    const wrapped = new Scaled(world(30));
    expect(supportsFlatStepping(world(30))).toBe(true);
    expect(supportsFlatStepping(wrapped)).toBe(false);
    expect(new ParallelVectorEnv(wrapped).usesFlatPath).toBe(false);
  });
});

/** The first robot's x after the run: both worlds went the same way. */
function x0(envs: ParallelVectorEnv): number {
  return (envs.env.unwrapped as unknown as { world: { x: Float64Array } }).world.x[0]!;
}
