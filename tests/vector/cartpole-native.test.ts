import { describe, expect, it } from 'vitest';
import { cartPoleKernel } from '../../envs/cartpole/native-step.js';
import { CartPoleVectorEnv } from '../../envs/cartpole/vector.js';
import { nativeAddonStatus } from '../../src/backend/native/addon.js';
import { Rng } from '../../src/core/rng.js';
import type { AutoresetMode } from '../../src/vector/types.js';
import { expectSameTrajectories } from './same-trajectories.js';

/** CI builds the addon (npm ci); a missing build is a failure here, not a skip. */
function addon() {
  const status = nativeAddonStatus();
  if (!status.available) throw new Error(`native addon not built: ${status.reason}`);
  return status.addon;
}

describe('the C++ CartPole step loop', () => {
  it('is what CartPoleVectorEnv uses when the addon is built', () => {
    addon();
    expect(cartPoleKernel()).toBeTypeOf('function');
  });

  it('computes sin and cos exactly as V8 does for |x| <= pi/4 (fdlibm\'s polynomials)', () => {
    const rng = new Rng(3);
    const count = 400_000;
    const x = new Float64Array(count);
    // Uniform angles, tiny ones, and the edges of the polynomial branches (0.3, 0.78125, pi/4).
    const scales = [Math.PI / 4, 0.3, 0.78125, 1e-3, 1e-9];
    for (let i = 0; i < count; i++) x[i] = rng.uniform(-1, 1) * scales[i % scales.length]!;
    const sin = new Float64Array(count);
    const cos = new Float64Array(count);
    addon().smallAngleSinCos(x, sin, cos);
    let mismatches = 0;
    for (let i = 0; i < count; i++) if (sin[i] !== Math.sin(x[i]!) || cos[i] !== Math.cos(x[i]!)) mismatches++;
    expect(mismatches).toBe(0);
    // Outside the range the kernel declines (NaN) rather than approximating.
    addon().smallAngleSinCos(new Float64Array([1.0, -2]), sin, cos);
    expect([sin[0], cos[1]]).toEqual([NaN, NaN]);
  });

  it.each<[AutoresetMode, number]>([['next-step', 1], ['next-step', 3], ['disabled', 2]])('matches the TypeScript loop bit for bit (%s, %i threads)', (mode, threads) => {
    const numEnvs = 37;
    const native = new CartPoleVectorEnv(numEnvs, { autoresetMode: mode, threads });
    const script = new CartPoleVectorEnv(numEnvs, { autoresetMode: mode, scriptOnly: true });
    const { episodesEnded, truncations } = expectSameTrajectories(native, script, 1100, 99);
    expect(Array.from(native.state)).toEqual(Array.from(script.state));
    if (mode === 'next-step') {
      expect(episodesEnded).toBeGreaterThan(300);
      expect(truncations).toBeGreaterThanOrEqual(10);
    }
  });

  it('takes the Sutton-Barto rewards and any array type of actions', () => {
    const kwargs = { suttonBartoReward: true };
    const native = new CartPoleVectorEnv(5, { kwargs });
    const script = new CartPoleVectorEnv(5, { kwargs, scriptOnly: true });
    native.reset({ seed: 4 });
    script.reset({ seed: 4 });
    for (let t = 0; t < 200; t++) {
      const actions = [0, 1, 0, 1, 0].map((a, i) => (t % (i + 2) === 0 ? 1 - a : a));
      const a = native.step(t % 2 === 0 ? actions : Uint8Array.from(actions));
      const b = script.step(actions);
      expect(Array.from(a.rewards)).toEqual(Array.from(b.rewards));
      expect(Array.from(a.observations)).toEqual(Array.from(b.observations));
    }
    expect(Array.from(native.state)).toEqual(Array.from(script.state));
  });

  it('hands a pole beyond pi/4 to the TypeScript loop, with the same result', () => {
    const native = new CartPoleVectorEnv(2, { autoresetMode: 'disabled' });
    const script = new CartPoleVectorEnv(2, { autoresetMode: 'disabled', scriptOnly: true });
    for (const envs of [native, script]) {
      envs.reset({ seed: 0 });
      envs.state.set([0.1, 0, 1.3, -2], 4); // a pole lying almost flat: range reduction needed
    }
    for (let t = 0; t < 30; t++) {
      native.step(Int32Array.of(1, t % 2));
      script.step(Int32Array.of(1, t % 2));
    }
    expect(Array.from(native.state)).toEqual(Array.from(script.state));
  });

  it('refuses a bad action before any cart moves, naming the sub-env and the value', () => {
    const envs = new CartPoleVectorEnv(4);
    envs.reset({ seed: 8 });
    const before = Array.from(envs.state);
    expect(() => envs.step(Int32Array.of(0, 1, 1, 7))).toThrow('CartPoleVectorEnv(CartPole).step(): invalid action for sub-env 3: expected an integer in [0, 1], got 7');
    expect(() => envs.step(Int32Array.of(-1, 1, 1, 0))).toThrow(/sub-env 0: .*got -1/);
    expect(() => envs.step(Int32Array.of(0, 1))).toThrow(/expected 4 actions/);
    expect(() => new CartPoleVectorEnv(2, { threads: 0 })).toThrow('CartPoleVectorEnv: threads must be a positive integer, got 0');
    expect(Array.from(envs.state)).toEqual(before);
  });
});
