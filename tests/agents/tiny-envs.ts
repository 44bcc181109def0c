/**
 * Small envs the agent tests learn in seconds, with known random and optimal returns.
 */
import { BaseEnv, type ResetOptions, type ResetResult, type StepResult } from '../../src/core/env.js';
import { Box } from '../../src/core/spaces/box.js';
import { Dict } from '../../src/core/spaces/dict.js';
import { Discrete } from '../../src/core/spaces/discrete.js';

/**
 * Each step shows a cue +1 or -1; action 1 pays 1 on +1 cues, action 0 pays 1 on -1 cues.
 * Episodes last `length` steps (terminated). Random play scores length/2; perfect play, length.
 */
export class MatchTheCueEnv extends BaseEnv<Float32Array, number> {
  readonly observationSpace = new Box<Float32Array>(-1, 1, [2]);
  readonly actionSpace = new Discrete(2);
  private cue = 1;
  private t = 0;

  constructor(private readonly length = 10) {
    super();
  }

  reset(options?: ResetOptions): ResetResult<Float32Array> {
    this.seedFromReset(options);
    this.t = 0;
    this.cue = this.rng.bernoulli(0.5) ? 1 : -1;
    return { observation: this.observe(), info: {} };
  }

  step(action: number): StepResult<Float32Array> {
    this.checkAction(action);
    const reward = (action === 1) === (this.cue > 0) ? 1 : 0;
    this.t++;
    this.cue = this.rng.bernoulli(0.5) ? 1 : -1;
    return { observation: this.observe(), reward, terminated: this.t >= this.length, truncated: false, info: {} };
  }

  private observe(): Float32Array {
    return Float32Array.of(this.cue, 0.5);
  }
}

/**
 * Continuous version: the cue x is uniform in [-1, 1]; the action a in [-1, 1] pays 1 - (a - x)^2.
 * Random uniform actions score about 1/3 per step; matching the cue, 1.
 */
export class FollowTheCueEnv extends BaseEnv<Float32Array, Float32Array> {
  readonly observationSpace = new Box<Float32Array>(-1, 1, [2]);
  readonly actionSpace = new Box<Float32Array>(-1, 1, [1]);
  private cue = 0;
  private t = 0;

  constructor(private readonly length = 10) {
    super();
  }

  reset(options?: ResetOptions): ResetResult<Float32Array> {
    this.seedFromReset(options);
    this.t = 0;
    this.cue = this.rng.uniform(-1, 1);
    return { observation: Float32Array.of(this.cue, 0.5), info: {} };
  }

  step(action: Float32Array): StepResult<Float32Array> {
    this.checkAction(action);
    const reward = 1 - (action[0]! - this.cue) ** 2;
    this.t++;
    this.cue = this.rng.uniform(-1, 1);
    return { observation: Float32Array.of(this.cue, 0.5), reward, terminated: this.t >= this.length, truncated: false, info: {} };
  }
}

/** Observation [t, 1]; reward 1 per step; never terminates (a TimeLimit truncates it). */
export class CountingEnv extends BaseEnv<Float32Array, number> {
  readonly observationSpace = new Box<Float32Array>(0, 1000, [2]);
  readonly actionSpace = new Discrete(2);
  private t = 0;

  reset(options?: ResetOptions): ResetResult<Float32Array> {
    this.seedFromReset(options);
    this.t = 0;
    return { observation: Float32Array.of(0, 1), info: {} };
  }

  step(action: number): StepResult<Float32Array> {
    this.checkAction(action);
    this.t++;
    return { observation: Float32Array.of(this.t, 1), reward: 1, terminated: false, truncated: false, info: {} };
  }
}

/**
 * A 4x4 grid with one lit cell (uint8 image, 2 channels: the cell and a constant plane);
 * action 1 pays when the cell is in the right half. Exercises the CNN networks cheaply.
 */
export class LitCellEnv extends BaseEnv<Uint8Array, number> {
  readonly observationSpace = new Box<Uint8Array>(0, 1, [4, 4, 2], { dtype: 'uint8' });
  readonly actionSpace = new Discrete(2);
  private cell = 0;
  private t = 0;

  reset(options?: ResetOptions): ResetResult<Uint8Array> {
    this.seedFromReset(options);
    this.t = 0;
    this.cell = this.rng.integer(0, 16);
    return { observation: this.observe(), info: {} };
  }

  step(action: number): StepResult<Uint8Array> {
    this.checkAction(action);
    const reward = (action === 1) === (this.cell % 4 >= 2) ? 1 : 0;
    this.t++;
    this.cell = this.rng.integer(0, 16);
    return { observation: this.observe(), reward, terminated: this.t >= 10, truncated: false, info: {} };
  }

  private observe(): Uint8Array {
    const grid = new Uint8Array(32);
    grid[this.cell * 2] = 1;
    for (let i = 1; i < 32; i += 2) grid[i] = 1;
    return grid;
  }
}

/**
 * A Dict observation that needs both parts: `image` (8x8x1 uint8) has a bright bar in its left
 * or right half, `state` (a vector of 2) holds a sign s = +-1 and a constant. The paying action is
 * 1 when (bar on the right) XOR (s < 0), so neither part alone does better than chance.
 * Episodes last `length` steps; random play scores length/2, perfect play length.
 */
export class BarAndSignEnv extends BaseEnv<{ image: Uint8Array; state: Float32Array }, number> {
  readonly observationSpace = new Dict({ image: new Box<Uint8Array>(0, 255, [8, 8, 1], { dtype: 'uint8' }), state: new Box<Float32Array>(-1, 1, [2]) });
  readonly actionSpace = new Discrete(2);
  private right = false;
  private negative = false;
  private t = 0;

  constructor(private readonly length = 10) {
    super();
  }

  reset(options?: ResetOptions): ResetResult<{ image: Uint8Array; state: Float32Array }> {
    this.seedFromReset(options);
    this.t = 0;
    this.draw();
    return { observation: this.observe(), info: {} };
  }

  step(action: number): StepResult<{ image: Uint8Array; state: Float32Array }> {
    this.checkAction(action);
    const reward = (action === 1) === (this.right !== this.negative) ? 1 : 0;
    this.t++;
    this.draw();
    return { observation: this.observe(), reward, terminated: this.t >= this.length, truncated: false, info: {} };
  }

  private draw(): void {
    this.right = this.rng.bernoulli(0.5);
    this.negative = this.rng.bernoulli(0.5);
  }

  private observe(): { image: Uint8Array; state: Float32Array } {
    const image = new Uint8Array(64);
    const column = this.right ? 5 : 2;
    for (let row = 1; row < 7; row++) image[row * 8 + column] = 255;
    return { image, state: Float32Array.of(this.negative ? -1 : 1, 0.5) };
  }
}
