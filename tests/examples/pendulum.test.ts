import { describe, expect, it } from 'vitest';
import { checkEnv } from '../../src/check.js';
import { sceneFrameProblems } from '../../src/check-scene.js';
import PendulumEnv, { normalizeAngle, pendulumCost, pendulumStep } from '../../examples/pendulum.js';

describe('the custom Pendulum example', () => {
  it('integrates one step as worked out by hand', () => {
    // From theta = pi/2 (horizontal), at rest, torque 1:
    // acceleration = 3*10/2 * sin(pi/2) + 3 * 1 = 18; thetaDot = 18 * 0.05 = 0.9; theta = pi/2 + 0.045.
    const next = pendulumStep(Math.PI / 2, 0, 1);
    expect(next.thetaDot).toBeCloseTo(0.9, 12);
    expect(next.theta).toBeCloseTo(Math.PI / 2 + 0.045, 12);
    // The speed is clipped at 8 rad/s.
    expect(pendulumStep(Math.PI / 2, 7.9, 2).thetaDot).toBe(8);
  });

  it('charges angle, speed and effort, with angles wrapped into [-pi, pi)', () => {
    expect(pendulumCost(0, 0, 0)).toBe(0);
    expect(pendulumCost(2 * Math.PI + 0.5, 1, 2)).toBeCloseTo(0.25 + 0.1 + 0.004, 12);
    expect(normalizeAngle(3 * Math.PI / 2)).toBeCloseTo(-Math.PI / 2, 12);
  });

  it('passes checkEnv and renders a well-formed scene with no viewer code', () => {
    const report = checkEnv(new PendulumEnv());
    expect(report.problems).toEqual([]);
    const env = new PendulumEnv();
    env.reset({ seed: 3 });
    env.step(Float32Array.of(0.5));
    expect(sceneFrameProblems(env.render())).toEqual([]);
  });

  it('refuses a torque outside [-2, 2] with the value', () => {
    const env = new PendulumEnv();
    env.reset({ seed: 0 });
    expect(() => env.step(Float32Array.of(3))).toThrow(/got 3 at index 0, outside \[-2, 2\]/);
  });
});
