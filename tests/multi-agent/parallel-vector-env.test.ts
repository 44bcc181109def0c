import { describe, expect, it } from 'vitest';
import { VectorStepper } from '../../agents/common/vector-stepper.js';
import { Box } from '../../src/core/spaces/box.js';
import { ParallelVectorEnv } from '../../src/multi-agent/parallel-vector-env.js';
import { ParallelTimeLimit } from '../../src/multi-agent/parallel-wrappers.js';
import { ScriptedWorld } from './scripted-world.js';

/** Slot observations as plain rows. */
const rows = (observations: ArrayLike<number>) => [0, 1, 2].map((i) => Array.from(observations).slice(3 * i, 3 * i + 3));
const idle = (infos: Record<string, unknown>[]) => infos.map((info) => info['idle'] === true);

describe('ParallelVectorEnv: one slot per agent, step by step', () => {
  // a terminates at step 2, b is truncated at step 3 (cut short by the world), c goes on until
  // the world's time limit truncates it at step 4.
  const makeEnv = () => {
    const world = new ScriptedWorld({ a: { endsAt: 2 }, b: { endsAt: 3, end: 'truncated' }, c: {} });
    return { world, envs: new ParallelVectorEnv(new ParallelTimeLimit(world, 4)) };
  };

  it('maps agent endings, idle slots and the world ending onto terminated, truncated and reset steps', () => {
    const { world, envs } = makeEnv();
    expect(envs.numEnvs).toBe(3);
    expect(envs.autoresetMode).toBe('next-step');
    expect(rows(envs.reset({ seed: 0 }).observations)).toEqual([[0, 0, 0], [1, 0, 0], [2, 0, 0]]);
    const actions = new Float32Array([0.25, 0.5, 0.75]);

    // Step 1: everyone acts; reward 10 * k + action.
    let r = envs.step(actions);
    expect(Array.from(r.rewards)).toEqual([0.25, 10.5, 20.75]);
    expect([Array.from(r.terminations), Array.from(r.truncations)]).toEqual([[0, 0, 0], [0, 0, 0]]);

    // Step 2: a terminates; the batch holds its final observation.
    r = envs.step(actions);
    expect(Array.from(r.terminations)).toEqual([1, 0, 0]);
    expect(rows(r.observations)[0]).toEqual([0, 2, 0]);
    expect(r.infos[0]).toEqual({ ended: 'terminated' });

    // Step 3: a's reset step (its action is not sent, reward 0, idle); b is truncated.
    r = envs.step(actions);
    expect(Object.keys(world.actions[2]!)).toEqual(['b', 'c']);
    expect(Array.from(r.rewards)).toEqual([0, 10.5, 20.75]);
    expect([Array.from(r.terminations), Array.from(r.truncations)]).toEqual([[0, 0, 0], [0, 1, 0]]);
    expect(idle(r.infos)).toEqual([true, false, false]);
    expect(rows(r.observations)).toEqual([[0, 2, 0], [1, 3, 0], [2, 3, 0]]);

    // Step 4: a idle, b's reset step, c truncated by the world's time limit: the world is over.
    r = envs.step(actions);
    expect(Object.keys(world.actions[3]!)).toEqual(['c']);
    expect(Array.from(r.rewards)).toEqual([0, 0, 20.75]);
    expect([Array.from(r.terminations), Array.from(r.truncations)]).toEqual([[0, 0, 0], [0, 0, 1]]);
    expect(idle(r.infos)).toEqual([true, true, false]);
    expect(rows(r.observations)[2]).toEqual([2, 4, 0]);

    // Step 5: the world resets; every slot's reset step; no action reaches the world.
    r = envs.step(actions);
    expect(world.actions).toHaveLength(4);
    expect(rows(r.observations)).toEqual([[0, 0, 1], [1, 0, 1], [2, 0, 1]]);
    expect(Array.from(r.rewards)).toEqual([0, 0, 0]);
    expect(idle(r.infos)).toEqual([true, true, true]);

    // Step 6: the new episode runs.
    r = envs.step(actions);
    expect(Array.from(r.rewards)).toEqual([0.25, 10.5, 20.75]);
    expect(idle(r.infos)).toEqual([false, false, false]);
  });

  it('the agents\' stepper learns only from real transitions and bootstraps only truncated slots', () => {
    const { envs } = makeEnv();
    const stepper = new VectorStepper(envs, 'test');
    stepper.reset(0);
    const actions = new Float32Array([0.25, 0.5, 0.75]);
    const seen: { valid: number[]; terminated: number[]; truncated: number[]; finals: (number[] | undefined)[] }[] = [];
    for (let t = 0; t < 6; t++) {
      const out = stepper.step(actions);
      seen.push({ valid: Array.from(out.valid), terminated: Array.from(out.terminated), truncated: Array.from(out.truncated), finals: out.finalObservations.map((f) => (f ? Array.from(f) : undefined)) });
    }
    expect(seen.map((s) => s.valid)).toEqual([[1, 1, 1], [1, 1, 1], [0, 1, 1], [0, 0, 1], [0, 0, 0], [1, 1, 1]]);
    // a's final observation (terminated: the learner does not bootstrap from it), b's and c's (truncated: it does).
    expect(seen[1]!.terminated).toEqual([1, 0, 0]);
    expect(seen[1]!.finals[0]).toEqual([0, 2, 0]);
    expect(seen[2]!.truncated).toEqual([0, 1, 0]);
    expect(seen[2]!.finals[1]).toEqual([1, 3, 0]);
    expect(seen[3]!.truncated).toEqual([0, 0, 1]);
    expect(seen[3]!.finals[2]).toEqual([2, 4, 0]);
    // Real transitions only: 3 + 3 + 2 + 1 + 0 + 3.
    expect(stepper.stepCount).toBe(12);
  });

  it('an agent that comes back restarts its slot with a reset step', () => {
    const world = new ScriptedWorld({ a: { endsAt: 1, returnsAfter: 2 }, b: {}, c: {} });
    const envs = new ParallelVectorEnv(world);
    envs.reset({ seed: 0 });
    const actions = new Float32Array([0.25, 0.5, 0.75]);
    expect(Array.from(envs.step(actions).terminations)).toEqual([1, 0, 0]);
    expect(idle(envs.step(actions).infos)).toEqual([true, false, false]);
    const back = envs.step(actions);
    expect(idle(back.infos)).toEqual([true, false, false]);
    expect(rows(back.observations)[0]).toEqual([0, 3, 0]);
    expect(back.rewards[0]).toBe(0);
    const next = envs.step(actions);
    expect(next.rewards[0]).toBe(0.25);
    expect(Object.keys(world.actions[3]!)).toEqual(['a', 'b', 'c']);
  });

  it('refuses worlds whose agents differ, a wrong action count, a reset mask, and step() before reset()', () => {
    class Mixed extends ScriptedWorld {
      override observationSpace(agent?: string) {
        return agent === 'b' ? new Box<Float32Array>(-1, 1, [3]) : super.observationSpace();
      }
    }
    expect(() => new ParallelVectorEnv(new Mixed({ a: {}, b: {} }))).toThrow(/every agent must have the same spaces to share one policy; agent 'b' has observation Box/);
    const envs = new ParallelVectorEnv(new ScriptedWorld({ a: {}, b: {}, c: {} }));
    expect(() => envs.step(new Float32Array(3))).toThrow('step() called before reset()');
    envs.reset();
    expect(() => envs.step(new Float32Array(2))).toThrow(/expected 3 action numbers \(3 slots x 1\), got 2/);
    expect(() => envs.reset({ mask: [1, 0, 0] })).toThrow(/mask.*not supported/);
  });
});
