import { describe, expect, it } from 'vitest';
import { BaseEnv, type ResetResult, type StepResult } from '../../src/core/env.js';
import { Box } from '../../src/core/spaces/box.js';
import { MultiBinary } from '../../src/core/spaces/multi-binary.js';
import { MultiDiscrete } from '../../src/core/spaces/multi-discrete.js';
import type { Space } from '../../src/core/spaces/space.js';
import { Dict } from '../../src/core/spaces/dict.js';
import { Tuple } from '../../src/core/spaces/tuple.js';
import { Discrete } from '../../src/core/spaces/discrete.js';
import { SyncVectorEnv } from '../../src/vector/sync-vector-env.js';
import type { AutoresetMode, VectorStepResult } from '../../src/vector/types.js';
import { CountdownEnv } from './fixtures/countdown-env.js';

/** Sub-env 0 counts down from 2, sub-env 1 from 3, so their episodes end on different steps. */
function countdowns(autoresetMode: AutoresetMode): SyncVectorEnv {
  return new SyncVectorEnv([new CountdownEnv({ length: 2 }), new CountdownEnv({ length: 3 })], { autoresetMode });
}

function snapshot(result: VectorStepResult) {
  return {
    observations: Array.from(result.observations),
    rewards: Array.from(result.rewards),
    terminations: Array.from(result.terminations),
    truncations: Array.from(result.truncations),
    infos: result.infos.map((info) => ({ ...info })),
  };
}

describe('SyncVectorEnv autoreset', () => {
  it("next-step: the step after an episode's end resets that sub-env, pays 0 and ignores its action", () => {
    const envs = countdowns('next-step');
    const reset = envs.reset();
    expect(Array.from(reset.observations)).toEqual([2, 3]);
    expect(reset.infos).toEqual([{ reset: 1 }, { reset: 1 }]);
    // reward = 10 * steps + action
    expect(snapshot(envs.step([1, 0]))).toEqual({ observations: [1, 2], rewards: [11, 10], terminations: [0, 0], truncations: [0, 0], infos: [{}, {}] });
    // Sub-env 0 ends here and returns its final observation 0.
    expect(snapshot(envs.step([2, 1]))).toEqual({ observations: [0, 1], rewards: [22, 21], terminations: [1, 0], truncations: [0, 0], infos: [{ last: true }, {}] });
    // Sub-env 0 only resets (its action 1 is ignored); sub-env 1 ends.
    expect(snapshot(envs.step([1, 2]))).toEqual({ observations: [2, 0], rewards: [0, 32], terminations: [0, 1], truncations: [0, 0], infos: [{ reset: 2 }, { last: true }] });
    // Sub-env 0 steps again from its fresh episode; sub-env 1 resets.
    expect(snapshot(envs.step([0, 1]))).toEqual({ observations: [1, 3], rewards: [10, 0], terminations: [0, 0], truncations: [0, 0], infos: [{}, { reset: 2 }] });
  });

  it('same-step: the ending step returns the reset observation and puts the final one in infos', () => {
    const envs = countdowns('same-step');
    envs.reset();
    expect(snapshot(envs.step([1, 0])).observations).toEqual([1, 2]);
    const ending = snapshot(envs.step([2, 1]));
    expect(ending.observations).toEqual([2, 1]);
    expect(ending.rewards).toEqual([22, 21]);
    expect(ending.terminations).toEqual([1, 0]);
    expect(ending.infos[0]).toEqual({ reset: 2, finalObservation: Float32Array.of(0), finalInfo: { last: true } });
    expect(ending.infos[1]).toEqual({});
    const next = snapshot(envs.step([1, 2]));
    expect(next.observations).toEqual([1, 3]);
    expect(next.rewards).toEqual([11, 32]);
    expect(next.terminations).toEqual([0, 1]);
    expect(next.infos).toEqual([{}, { reset: 2, finalObservation: Float32Array.of(0), finalInfo: { last: true } }]);
  });

  it('disabled: nothing resets by itself; reset({ mask }) resets the chosen sub-envs only', () => {
    const envs = countdowns('disabled');
    envs.reset();
    envs.step([0, 0]);
    expect(Array.from(envs.step([0, 0]).terminations)).toEqual([1, 0]);
    const partial = envs.reset({ mask: [true, false] });
    expect(Array.from(partial.observations)).toEqual([2, 1]);
    expect(partial.infos[0]).toEqual({ reset: 2 });
    expect(snapshot(envs.step([0, 0]))).toMatchObject({ observations: [1, 0], rewards: [10, 30], terminations: [0, 1] });
  });

  it('seeds sub-env i with seed + i, or with its own entry of a seed array', () => {
    const seeded: (number | undefined)[] = [];
    class SeedSpy extends CountdownEnv {
      override reset(options?: { seed?: number }): ResetResult<Float32Array> {
        seeded.push(options?.seed);
        return super.reset(options);
      }
    }
    const envs = new SyncVectorEnv([new SeedSpy(), new SeedSpy(), new SeedSpy()]);
    envs.reset({ seed: 40 });
    envs.reset({ seed: [7, undefined, 9] });
    envs.reset();
    expect(seeded).toEqual([40, 41, 42, 7, undefined, 9, undefined, undefined, undefined]);
    expect(() => envs.reset({ seed: [1, 2] })).toThrow(/seed must be an integer or an array of 3 seeds \(one per sub-env\), got \[1, 2\]/);
    expect(() => envs.reset({ seed: 1.5 })).toThrow(/got 1\.5/);
  });
});

describe('SyncVectorEnv buffers and errors', () => {
  it('returns the same preallocated observation buffer from reset() and every step()', () => {
    const envs = countdowns('next-step');
    const { observations } = envs.reset();
    expect(observations).toBeInstanceOf(Float32Array);
    for (let t = 0; t < 6; t++) {
      const result = envs.step([1, 1]);
      expect(result.observations).toBe(observations);
      expect(result.rewards).toBe(envs.step([1, 1]).rewards);
    }
  });

  it('names the sub-env and the value of a bad action, and moves no sub-env', () => {
    const envs = countdowns('next-step');
    envs.reset();
    expect(() => envs.step([0, 3])).toThrow('SyncVectorEnv(CountdownEnv).step(): invalid action for sub-env 1: expected an integer in [0, 2], got 3');
    expect(() => envs.step([Number.NaN, 0])).toThrow(/invalid action for sub-env 0: expected an integer in \[0, 2\], got NaN/);
    expect(() => envs.step([0.5, 0])).toThrow(/sub-env 0: .*got 0\.5/);
    expect(() => envs.step([0])).toThrow(/expected 2 actions \(2 sub-envs x 1 for Discrete\(3\)\), got 1: \[0\]/);
    expect(() => envs.step(undefined as unknown as number[])).toThrow(/expected 2 actions .*got undefined/);
    // None of the refused calls moved a sub-env.
    expect(Array.from(envs.step([0, 0]).observations)).toEqual([1, 2]);
  });

  it('refuses step() before reset(), and use after close()', () => {
    const envs = countdowns('next-step');
    expect(() => envs.step([0, 0])).toThrow('SyncVectorEnv(CountdownEnv): step() called before reset(); call reset() first');
    envs.close();
    expect(() => envs.reset()).toThrow(/closed/);
  });

  it('refuses sub-envs with different spaces, and spaces that are not flat', () => {
    expect(() => new SyncVectorEnv([new EchoEnv(new Box(-1, 1, [2])), new EchoEnv(new Box(-1, 1, [3]))])).toThrow(/sub-env 1 has spaces .*all sub-envs must share their spaces/);
    // A Dict of Boxes is flattened in key order (Dict observations); any other Dict is refused by name.
    expect(() => new SyncVectorEnv([new EchoEnv(new Dict({ a: new Discrete(2) }) as unknown as Space<ArrayLike<number>>)])).toThrow(/a Dict observation needs a Box at every key, got Discrete\(2\) at 'a' of Dict/);
    expect(() => new SyncVectorEnv([new EchoEnv(new Tuple([new Discrete(2)]) as unknown as Space<ArrayLike<number>>)])).toThrow(/vector envs need a flat space \(Box, Discrete, MultiDiscrete or MultiBinary\) or a Dict of Boxes, got Tuple/);
  });

  it.each([
    ['Box', new Box(-1, 1, [2]), [0.5, -0.25, 1, -1], [1, Number.NaN, 0, 0], /sub-env 0: expected Box.*got NaN at index 1/],
    ['MultiDiscrete', new MultiDiscrete([3, 2]), [2, 1, 0, 0], [0, 0, 2, 2], /sub-env 1: expected an integer in \[0, 1\] at index 1 .*got 2/],
    ['MultiBinary', new MultiBinary(2), [1, 0, 0, 1], [1, 0, 0, 7], /sub-env 1: expected 0 or 1 at index 1 .*got 7/],
  ])('hands %s actions to sub-env i from [i * size, (i + 1) * size) and checks them', (_name, space, actions, bad, message) => {
    const envs = new SyncVectorEnv([() => new EchoEnv(space), () => new EchoEnv(space)]);
    envs.reset();
    expect(Array.from(envs.step(actions).observations)).toEqual(actions);
    expect(() => envs.step(bad)).toThrow(message);
  });
});

/** Observes the last action it was given, whatever the action space. */
class EchoEnv extends BaseEnv<Float32Array, ArrayLike<number>> {
  readonly observationSpace: Space<Float32Array>;
  constructor(readonly actionSpace: Space<ArrayLike<number>>) {
    super();
    this.observationSpace = new Box<Float32Array>(-10, 10, actionSpace.shape ? [actionSpace.shape.reduce((a, b) => a * b, 1)] : [1]);
  }
  reset(): ResetResult<Float32Array> {
    return { observation: new Float32Array(this.observationSpace.shape![0]!), info: {} };
  }
  step(action: ArrayLike<number>): StepResult<Float32Array> {
    this.checkAction(action);
    return { observation: Float32Array.from(action), reward: 0, terminated: false, truncated: false, info: {} };
  }
}
