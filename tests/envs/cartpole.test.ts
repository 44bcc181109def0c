import { describe, expect, it } from 'vitest';
import { make } from '../../src/index.js';
import { CartPoleEnv } from '../../envs/cartpole/cartpole.js';
import { cartPoleStep } from '../../envs/cartpole/physics.js';

describe('CartPole physics', () => {
  it('matches one Euler step worked out by hand from the equations', () => {
    // From x=0, xDot=0, theta=0.1, thetaDot=0, pushing right (F = +10 N):
    // temp = (10 + 0.05 * 0 * sin 0.1) / 1.1 = 9.090909...
    // thetaAcc = (9.8 sin 0.1 - cos 0.1 * temp) / (0.5 (4/3 - 0.1 cos^2 0.1 / 1.1))
    // xAcc = temp - 0.05 thetaAcc cos 0.1 / 1.1
    const sin = Math.sin(0.1);
    const cos = Math.cos(0.1);
    const temp = 10 / 1.1;
    const thetaAcc = (9.8 * sin - cos * temp) / (0.5 * (4 / 3 - (0.1 * cos * cos) / 1.1));
    const xAcc = temp - (0.05 * thetaAcc * cos) / 1.1;
    expect(thetaAcc).toBeCloseTo(-12.97664, 4);
    expect(xAcc).toBeCloseTo(9.677806, 5);
    const state = new Float64Array([0, 0, 0.1, 0]);
    cartPoleStep(state, 0, 1);
    expect(Array.from(state)).toEqual([0, 0.02 * xAcc, 0.1, 0.02 * thetaAcc]);
  });

  it('uses the old velocities to move positions (explicit Euler)', () => {
    const state = new Float64Array([1, 2, 0, 0.5]);
    cartPoleStep(state, 0, 0);
    expect(state[0]).toBe(1 + 0.02 * 2);
    expect(state[2]).toBe(0 + 0.02 * 0.5);
  });
});

describe('CartPoleEnv', () => {
  it('terminates past 12 degrees and pays 1 on the terminal step', () => {
    const env = new CartPoleEnv();
    env.reset({ seed: 0 });
    env.state.set([0, 0, 0.2094, 1]);
    const result = env.step(1);
    expect(result.terminated).toBe(true);
    expect(result.reward).toBe(1);
    // Gymnasium pays 0 for a step after the end; the Env contract refuses it.
    expect(() => env.step(1)).toThrow('CartPoleEnv: step() called after the episode ended (terminated); call reset() first');
  });

  it('terminates when the cart leaves the track', () => {
    const env = new CartPoleEnv();
    env.reset({ seed: 0 });
    env.state.set([2.4, 1, 0, 0]);
    expect(env.step(0).terminated).toBe(true);
  });

  it('returns float32 copies of the float64 state', () => {
    const env = new CartPoleEnv();
    const { observation } = env.reset({ seed: 3 });
    expect(observation).toBeInstanceOf(Float32Array);
    expect(Array.from(observation)).toEqual(Array.from(env.state, Math.fround));
    for (const v of env.state) expect(Math.abs(v)).toBeLessThanOrEqual(0.05);
  });

  it('accepts reset bounds in options and refuses inverted ones', () => {
    const env = new CartPoleEnv();
    env.reset({ seed: 1, options: { low: -0.001, high: 0.001 } });
    for (const v of env.state) expect(Math.abs(v)).toBeLessThanOrEqual(0.001);
    expect(() => env.reset({ options: { low: 1, high: 0 } })).toThrow(/low <= high, got low=1, high=0/);
  });

  it('is reproducible: same seed and actions give the same trajectory bit for bit', () => {
    const run = () => {
      const env = make('CartPole-v1');
      const observations: number[] = Array.from(env.reset({ seed: 123 }).observation);
      for (let i = 0; i < 50; i++) {
        const { observation, terminated, truncated } = env.step(i % 3 === 0 ? 1 : 0);
        observations.push(...observation);
        if (terminated || truncated) break;
      }
      return observations;
    };
    expect(run()).toEqual(run());
  });

  it('names the env and the value for a bad action, and refuses step before reset', () => {
    const env = make('CartPole-v1');
    expect(() => env.step(0)).toThrow(/CartPole-v1: step\(\) called before reset\(\)/);
    env.reset({ seed: 0 });
    expect(() => env.step(2)).toThrow(/CartPole-v1.step\(\): invalid action: expected an integer in \[0, 1\], got 2/);
    expect(() => env.step(Number.NaN)).toThrow(/got NaN/);
    expect(() => env.step('1' as unknown as number)).toThrow(/got string "1"/);
  });

  it('truncates at 500 steps through make()', () => {
    const env = make('CartPole-v1');
    env.reset({ seed: 0 });
    let steps = 0;
    let last;
    do {
      // Keep the pole upright by resetting the physical state every step.
      (env.unwrapped as CartPoleEnv).state.set([0, 0, 0, 0]);
      last = env.step(steps % 2);
      steps++;
    } while (!last.terminated && !last.truncated);
    expect(steps).toBe(500);
    expect(last.truncated).toBe(true);
    expect(last.terminated).toBe(false);
  });

  it('refuses unknown kwargs and names the near one', () => {
    expect(() => make('CartPole-v1', { suttonBartoRewards: true })).toThrow(/unknown option 'suttonBartoRewards'. Did you mean 'suttonBartoReward'/);
  });

  it('renders a scene with cart and pole at the state', () => {
    const env = new CartPoleEnv();
    env.reset({ seed: 0 });
    env.state.set([1, 0, 0, 0]);
    const frame = env.render();
    expect(frame.scene.objects.map((o) => o.id)).toContain('pole');
    const pole = frame.updates.find((u) => u.id === 'pole')!;
    expect(pole.position![0]).toBeCloseTo(1);
    expect(pole.position![2]).toBeCloseTo(0.8);
  });
});
