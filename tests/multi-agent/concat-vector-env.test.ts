import { describe, expect, it } from 'vitest';
import '../../envs/index.js';
import { parseStages } from '../../experiments/multi-robot/curriculum.js';
import { makeParallel } from '../../src/multi-agent/parallel-registry.js';
import { ParallelVectorEnv } from '../../src/multi-agent/parallel-vector-env.js';
import { ParallelTimeLimit } from '../../src/multi-agent/parallel-wrappers.js';
import { ConcatVectorEnv } from '../../src/vector/concat-vector-env.js';
import { ScriptedWorld } from './scripted-world.js';

const robots = (n: number, scenario = 'circle') => new ParallelVectorEnv(makeParallel('MultiRobot/CollisionAvoidance-v0', { robots: n, beams: 8, scenario }, { maxEpisodeSteps: 30 }));

describe('ConcatVectorEnv: worlds of several crowd sizes in one batch', () => {
  it('puts each part in its own slots with the numbers the part gives alone, each part ending and resetting on its own', () => {
    const together = new ConcatVectorEnv([robots(3), robots(5, 'random')]);
    const alone = [robots(3), robots(5, 'random')];
    expect(together.numEnvs).toBe(8);
    expect(together.offsets).toEqual([0, 3]);
    const size = together.singleObservationSpace.shape!.reduce((a, b) => a * b, 1);
    const first = together.reset({ seed: 4 });
    const parts = alone.map((env, k) => env.reset({ seed: 4 + k }));
    expect(Array.from(first.observations)).toEqual([...parts[0]!.observations, ...parts[1]!.observations]);
    const actions = new Float32Array(16);
    for (let k = 0; k < 8; k++) actions.set([1, k % 2 === 0 ? 0.3 : -0.3], 2 * k);
    let ended = 0;
    for (let t = 0; t < 70; t++) {
      const r = together.step(actions);
      const a = alone[0]!.step(actions.subarray(0, 6));
      const b = alone[1]!.step(actions.subarray(6));
      expect(Array.from(r.observations.subarray(0, 3 * size))).toEqual(Array.from(a.observations));
      expect(Array.from(r.observations.subarray(3 * size))).toEqual(Array.from(b.observations));
      expect(Array.from(r.rewards)).toEqual([...a.rewards, ...b.rewards]);
      expect(Array.from(r.terminations)).toEqual([...a.terminations, ...b.terminations]);
      expect(Array.from(r.truncations)).toEqual([...a.truncations, ...b.truncations]);
      expect(r.infos).toEqual([...a.infos, ...b.infos]);
      ended += r.terminations.reduce((s, v) => s + v, 0) + r.truncations.reduce((s, v) => s + v, 0);
    }
    // 70 steps with a 30-step limit: both worlds ended at least twice.
    expect(ended).toBeGreaterThanOrEqual(2 * 8);
  });

  it('refuses parts whose spaces differ, and an action batch of the wrong length', () => {
    expect(() => new ConcatVectorEnv([robots(3), new ParallelVectorEnv(makeParallel('MultiRobot/CollisionAvoidance-v0', { robots: 3, beams: 16 }))])).toThrow(/same spaces; part 1/);
    const scripted = new ParallelVectorEnv(new ParallelTimeLimit(new ScriptedWorld({ a: {}, b: {} }), 5));
    expect(() => new ConcatVectorEnv([robots(3), scripted])).toThrow(/part 1 has observation/);
    const envs = new ConcatVectorEnv([robots(2), robots(3)]);
    envs.reset({ seed: 0 });
    expect(() => envs.step(new Float32Array(9))).toThrow(/expected 10 action numbers \(5 slots x 2\), got 9/);
  });
});

describe('multi-robot curriculum stages', () => {
  it('parses single and mixed stages', () => {
    expect(parseStages('6:circle:1000,20:circle+50:circle+12:random:2000000')).toEqual([
      { worlds: [{ robots: 6, scenario: 'circle' }], steps: 1000 },
      {
        worlds: [
          { robots: 20, scenario: 'circle' },
          { robots: 50, scenario: 'circle' },
          { robots: 12, scenario: 'random' },
        ],
        steps: 2000000,
      },
    ]);
  });

  it('says what it expected for a malformed stage', () => {
    expect(() => parseStages('20:circle')).toThrow(/expected robots:scenario\[\+robots:scenario...\]:steps .* got '20:circle'/);
    expect(() => parseStages('x:circle:100')).toThrow(/got 'x:circle:100'/);
  });
});
