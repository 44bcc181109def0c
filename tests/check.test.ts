import { describe, expect, it } from 'vitest';
import { checkEnv } from '../src/check.js';
import { BaseEnv, type ResetOptions, type ResetResult, type StepResult } from '../src/core/env.js';
import { EnvError } from '../src/core/errors.js';
import type { SceneFrame } from '../src/core/scene.js';
import { Box } from '../src/core/spaces/box.js';
import { Dict } from '../src/core/spaces/dict.js';
import { Discrete } from '../src/core/spaces/discrete.js';
import { make } from '../src/index.js';

/** A small correct env: a point on a line, pushed left, nowhere or right; ends past |x| > 5. */
class LineEnv extends BaseEnv<Float32Array, number> {
  readonly observationSpace: Box<Float32Array> = new Box<Float32Array>(-10, 10, [2]);
  readonly actionSpace = new Discrete(3);
  protected x = 0;
  protected steps = 0;

  reset(options?: ResetOptions): ResetResult<Float32Array> {
    this.seedFromReset(options);
    this.x = this.rng.uniform(-1, 1);
    this.steps = 0;
    return { observation: this.observe(), info: {} };
  }

  step(action: number): StepResult<Float32Array> {
    this.checkAction(action);
    this.x += (action - 1) * 0.5 + this.rng.normal(0, 0.1);
    this.steps++;
    return { observation: this.observe(), reward: -Math.abs(this.x), terminated: Math.abs(this.x) > 5, truncated: false, info: {} };
  }

  protected observe(): Float32Array {
    return new Float32Array([this.x, this.steps / 100]);
  }

  override render(): SceneFrame {
    return {
      scene: { objects: [{ id: 'track', shape: { type: 'box', size: [10, 0.1, 0.1] } }, { id: 'point', parent: 'track', shape: { type: 'sphere', radius: 0.2 }, color: '#ff0000' }] },
      updates: [{ id: 'point', position: [this.x, 0, 0] }],
      hud: { x: this.x },
    };
  }
}

function problemsOf(env: LineEnv | object): string[] {
  return checkEnv(env as LineEnv).problems;
}

describe('checkEnv', () => {
  it('passes a correct env and CartPole made through make()', () => {
    expect(checkEnv(new LineEnv())).toEqual({ env: 'LineEnv', problems: [], warnings: [], passed: true });
    expect(checkEnv(make('CartPole-v1'))).toEqual({ env: 'CartPole-v1', problems: [], warnings: [], passed: true });
  });

  it('names a space that is not a Space instance', () => {
    class NoSpace extends LineEnv {
      override readonly observationSpace = { shape: [2] } as unknown as Box<Float32Array>;
    }
    expect(problemsOf(new NoSpace())).toEqual([
      'observationSpace: expected a Space (Box, Discrete, MultiDiscrete, MultiBinary, Dict or Tuple), got {shape: [2]}',
    ]);
  });

  it('explains a reset() that returns the bare observation (the old Gym API)', () => {
    class OldReset extends LineEnv {
      override reset(): ResetResult<Float32Array> {
        return new Float32Array([0, 0]) as unknown as ResetResult<Float32Array>;
      }
    }
    expect(problemsOf(new OldReset())).toEqual(['reset({seed: 0}): expected {observation, info}, got Float32Array[0, 0]']);
  });

  it('names the wrong dtype, an out-of-range value and an infinity in observations', () => {
    class Float64Obs extends LineEnv {
      protected override observe() {
        return new Float64Array([this.x, 0]) as unknown as Float32Array;
      }
    }
    expect(problemsOf(new Float64Obs())[0]).toBe(
      'reset({seed: 0}).observation: not in the observation space Box(-10, 10, [2], float32): expected a Float32Array, got a Float64Array',
    );
    class OutOfRange extends LineEnv {
      protected override observe() {
        return new Float32Array([this.x, 20]);
      }
    }
    expect(problemsOf(new OutOfRange())[0]).toBe(
      'reset({seed: 0}).observation: not in the observation space Box(-10, 10, [2], float32): expected Box(-10, 10, [2], float32), got 20 at index 1, outside [-10, 10]',
    );
    class Infinite extends LineEnv {
      override readonly observationSpace = new Box<Float32Array>(-Infinity, Infinity, [2]);
      protected override observe() {
        return new Float32Array([this.x, this.steps > 0 ? Infinity : 0]);
      }
    }
    expect(problemsOf(new Infinite())[0]).toBe(
      'step(1) (step 1 after reset, action sampled from Discrete(3)).observation: not in the observation space Box(-Infinity, Infinity, [2], float32): Infinity at [1]',
    );
  });

  it('names a plain array inside a Dict observation by its key', () => {
    class DictObs extends BaseEnv<{ position: Float32Array }, number> {
      readonly observationSpace = new Dict({ position: new Box<Float32Array>(-1, 1, [2]) });
      readonly actionSpace = new Discrete(2);
      reset() {
        return { observation: { position: [0, 0] as unknown as Float32Array }, info: {} };
      }
      step() {
        return { observation: { position: new Float32Array(2) }, reward: 0, terminated: false, truncated: false, info: {} };
      }
    }
    expect(problemsOf(new DictObs())).toEqual([
      'reset({seed: 0}).observation: not in the observation space Dict(position: Box(-1, 1, [2], float32)): expected a Float32Array at position, got a plain Array',
    ]);
  });

  it('names NaN rewards, numeric flags and old four-field step results', () => {
    class NaNReward extends LineEnv {
      override step(action: number) {
        return { ...super.step(action), reward: NaN };
      }
    }
    expect(problemsOf(new NaNReward())).toEqual(['step(1) (step 1 after reset, action sampled from Discrete(3)).reward: expected a finite number, got NaN']);
    class NumericFlags extends LineEnv {
      override step(action: number) {
        return { ...super.step(action), terminated: 0 as unknown as boolean };
      }
    }
    expect(problemsOf(new NumericFlags())).toEqual(['step(1) (step 1 after reset, action sampled from Discrete(3)).terminated: expected true or false, got number 0']);
    class OldStep extends LineEnv {
      override step(action: number) {
        const { observation, reward, terminated, info } = super.step(action);
        return { observation, reward, done: terminated, info } as unknown as StepResult<Float32Array>;
      }
    }
    expect(problemsOf(new OldStep())[0]).toMatch(
      /^step\(1\) \(step 1 after reset, action sampled from Discrete\(3\)\): expected \{observation, reward, terminated, truncated, info\}, got one without terminated, truncated: /,
    );
  });

  it('names an action sampled from the action space that step() refuses', () => {
    class OnlyTwoActions extends LineEnv {
      override step(action: number) {
        if (action === 2) throw new EnvError(`OnlyTwoActions: action must be 0 or 1, got ${action}`);
        return super.step(action);
      }
    }
    expect(problemsOf(new OnlyTwoActions())).toEqual([
      'step(2) (step 3 after reset, action sampled from Discrete(3)) threw EnvError: OnlyTwoActions: action must be 0 or 1, got 2',
    ]);
  });

  it('catches randomness that does not come from the seeded generator', () => {
    class Unseeded extends LineEnv {
      override reset(options?: ResetOptions) {
        super.reset(options);
        this.x = Math.random();
        return { observation: this.observe(), info: {} };
      }
    }
    const [problem] = problemsOf(new Unseeded());
    expect(problem).toMatch(/^not deterministic: two runs from reset\(\{seed: 0\}\) with the same actions differ at the reset observation: Float32Array\[[-\d.e]+, 0\] vs Float32Array\[[-\d.e]+, 0\]; draw every random number/);
  });

  it('warns when the seed changes nothing, an invalid action passes and observations are reused', () => {
    class Sloppy extends BaseEnv<Float32Array, number> {
      readonly observationSpace = new Box<Float32Array>(0, 1000, [1]);
      readonly actionSpace = new Discrete(2);
      private readonly observation = new Float32Array(1);
      reset() {
        this.observation[0] = 0;
        return { observation: this.observation, info: {} };
      }
      step() {
        this.observation[0]!++;
        return { observation: this.observation, reward: 1, terminated: this.observation[0]! >= 10, truncated: false, info: {} };
      }
    }
    const report = checkEnv(new Sloppy());
    expect(report.problems).toEqual([]);
    expect(report.passed).toBe(true);
    expect(report.warnings).toEqual([
      'step(): the observation returned by the previous call changed afterwards; return a fresh array each step (agents keep observations in buffers)',
      'step() was accepted after the episode ended (terminated); throw an error until reset() ("step() called after the episode ended (terminated); call reset() first"), as BaseEnv\'s startEpisode/guardStep/endStep do',
      'reset({seed: 0}) and reset({seed: 1}) gave the same trajectory: does reset() use its seed?',
      'step(2) was accepted although the action is outside Discrete(2); throw an error that names the action (BaseEnv.checkAction does)',
    ]);
  });

  it('warns when a Box action of the wrong length is accepted', () => {
    class Lenient extends BaseEnv<Float32Array, Float32Array> {
      readonly observationSpace = new Box<Float32Array>(-1, 1, [1]);
      readonly actionSpace = new Box<Float32Array>(-1, 1, [2]);
      reset(options?: ResetOptions) {
        this.seedFromReset(options);
        return { observation: new Float32Array([this.rng.uniform(-1, 1)]), info: {} };
      }
      step(action: Float32Array) {
        return { observation: new Float32Array([action[0] ?? 0]), reward: 0, terminated: false, truncated: false, info: {} };
      }
    }
    expect(checkEnv(new Lenient()).warnings).toEqual([
      'step([0, 0, 0]) was accepted although the action is outside Box(-1, 1, [2], float32); throw an error that names the action (BaseEnv.checkAction does)',
    ]);
  });

  it('lists every malformed part of a rendered SceneFrame', () => {
    class BadScene extends LineEnv {
      override render() {
        return {
          scene: {
            objects: [
              { id: 'a', shape: { type: 'box', size: [1, 1] } },
              { id: 'a', shape: { type: 'cone', radius: 1 } },
              { id: 'b', parent: 'ghost', shape: { type: 'sphere', radius: 1 }, color: 'red' },
            ],
          },
          updates: [{ id: 'c', position: [0, 0, 0] }, { id: 'b', quaternion: [0, 0, 1] }],
          hud: { speed: [1] },
        } as unknown as SceneFrame;
      }
    }
    const problems = problemsOf(new BadScene()).filter((p) => p.startsWith('render() after reset()'));
    expect(problems.map((p) => p.replace('render() after reset() returned a malformed SceneFrame: ', ''))).toEqual([
      "scene.objects[0] ('a').shape: a box needs size ([x, y, z]), got [1, 1]",
      "scene.objects[1]: id 'a' is used by two objects; ids must be unique",
      "scene.objects[1] ('a').shape: unknown shape type \"cone\"; known types: box, sphere, cylinder, capsule, plane, line, grid, image, text, mesh",
      "scene.objects[2] ('b').color: expected a '#rrggbb' string, got \"red\"",
      "scene.objects[2].parent: 'ghost' is not the id of any object (ids: a, b)",
      "updates[0]: id 'c' is not in the scene (ids: a, b)",
      "updates[1] ('b').quaternion: expected 4 finite numbers, got [0, 0, 1]",
      'hud.speed: expected a number or a string, got [1]',
    ]);
  });

  it('names a close() that fails the second time', () => {
    class CloseOnce extends LineEnv {
      private closed = false;
      override close() {
        if (this.closed) throw new Error('already closed');
        this.closed = true;
      }
    }
    expect(problemsOf(new CloseOnce())).toEqual(['close() a second time threw Error: already closed']);
  });

  it('throws an EnvError listing the problems when asked', () => {
    class InfiniteReward extends LineEnv {
      override step(action: number) {
        return { ...super.step(action), reward: Infinity };
      }
    }
    expect(() => checkEnv(new InfiniteReward(), { throwOnProblem: true })).toThrow(
      new EnvError('checkEnv(InfiniteReward) found 1 problem(s):\n- step(1) (step 1 after reset, action sampled from Discrete(3)).reward: expected a finite number, got Infinity'),
    );
  });
});
