import { describe, expect, it } from 'vitest';
import { make } from '../../../src/index.js';
import { rotationFromQuaternion } from '../../../envs/drone/flight-state.js';
import { attitudeRates, CascadedPid, wrapAngle } from '../../../envs/drone/pid.js';
import { pilotAction } from '../../../envs/drone/pilot.js';
import { DRONE_REST_HEIGHT, Quadrotor } from '../../../envs/drone/quadrotor.js';

describe('attitudeRates (SO(3) attitude loop)', () => {
  const level = rotationFromQuaternion(0, 0, 0, 1, new Float64Array(9));

  it('asks for no rotation when level and the force points up', () => {
    expect(Array.from(attitudeRates(level, [0, 0, 1], 0, 12, new Float64Array(3))).map((v) => v + 0)).toEqual([0, 0, 0]);
  });

  it('rolls back a body rolled by phi at -gain sin(phi)', () => {
    const phi = 0.2;
    const rolled = rotationFromQuaternion(Math.sin(phi / 2), 0, 0, Math.cos(phi / 2), new Float64Array(9));
    const rates = attitudeRates(rolled, [0, 0, 1], 0, 12, new Float64Array(3));
    expect(rates[0]).toBeCloseTo(-12 * Math.sin(phi), 12);
    expect(rates[1]).toBeCloseTo(0, 12);
  });

  it('pitches the nose down (positive pitch) to push forwards along +x', () => {
    const rates = attitudeRates(level, [0.1, 0, 1], 0, 12, new Float64Array(3));
    expect(rates[1]).toBeGreaterThan(0);
    expect(rates[0]).toBeCloseTo(0, 12);
  });

  it('turns towards the wanted heading', () => {
    expect(attitudeRates(level, [0, 0, 1], 0.3, 12, new Float64Array(3))[2]).toBeCloseTo(12 * Math.sin(0.3), 12);
  });
});

describe('wrapAngle', () => {
  it('wraps into (-pi, pi]', () => {
    expect(wrapAngle(3 * Math.PI / 2)).toBeCloseTo(-Math.PI / 2, 12);
    expect(wrapAngle(-Math.PI)).toBe(Math.PI);
    expect(wrapAngle(0.5)).toBe(0.5);
  });
});

describe('CascadedPid', () => {
  it('takes off from the ground and hovers within 2 cm of (0, 0, 1) after settling', () => {
    const quad = new Quadrotor({ physicsHz: 240, startPosition: [0.08, -0.05, DRONE_REST_HEIGHT], startYaw: 0.4 });
    const pid = new CascadedPid();
    const rpms = new Float64Array(4);
    let worstAfterSettling = 0;
    for (let i = 0; i < 240 * 6; i++) {
      quad.setRotorSpeeds(pid.positionToRotorSpeeds(quad.state, [0, 0, 1], 0, quad.dt, rpms));
      quad.physicsStep();
      const error = Math.hypot(quad.state.position[0]!, quad.state.position[1]!, quad.state.position[2]! - 1);
      if (quad.time >= 3) worstAfterSettling = Math.max(worstAfterSettling, error);
    }
    expect(worstAfterSettling).toBeLessThan(0.02);
    // and it turned to the commanded heading 0
    expect(Math.abs(Math.atan2(quad.state.rotation[3]!, quad.state.rotation[0]!))).toBeLessThan(0.01);
  });

  it('flies Drone/Hover-v0 in velocity mode (the scripted baseline) within 2 cm over the last 4 s', () => {
    const env = make('Drone/Hover-v0', { actionMode: 'velocity' });
    let { observation } = env.reset({ seed: 7 });
    let worstLate = 0;
    let steps = 0;
    for (;;) {
      const result = env.step(pilotAction(observation));
      observation = result.observation;
      steps++;
      if (steps > 120) worstLate = Math.max(worstLate, result.info['positionError'] as number);
      if (result.terminated || result.truncated) {
        expect(result.terminated).toBe(false);
        break;
      }
    }
    expect(steps).toBe(240);
    expect(worstLate).toBeLessThan(0.02);
  });
});
