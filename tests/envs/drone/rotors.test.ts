import { describe, expect, it } from 'vitest';
import { CF2X, HOVER_RPM, HOVER_THRUST, MAX_RPM, MAX_THRUST, ROTOR_POSITIONS } from '../../../envs/drone/cf2x.js';
import { mixRotorSpeeds, rotorThrust, rotorWrench, rpmForThrust } from '../../../envs/drone/rotors.js';

const d = CF2X.armLength / Math.SQRT2; // 0.028072 m, rotor offset along x and y

describe('cf2x constants', () => {
  it('hover thrust balances gravity: 4 kf rpm^2 = m g at about 14,468 RPM', () => {
    // m g = 0.027 * 9.8 = 0.2646 N; rpm = sqrt(0.2646 / (4 * 3.16e-10)) = sqrt(2.09335e8) = 14468.4
    expect(HOVER_THRUST).toBeCloseTo(0.2646, 10);
    expect(HOVER_RPM).toBeCloseTo(14468.43, 1);
    expect(4 * 3.16e-10 * HOVER_RPM ** 2).toBeCloseTo(0.027 * 9.8, 12);
  });

  it('reaches a thrust-to-weight ratio of 2.25 at about 21,703 RPM', () => {
    expect(MAX_RPM).toBeCloseTo(21702.64, 1);
    expect(MAX_RPM / HOVER_RPM).toBeCloseTo(1.5, 12);
    expect(MAX_THRUST / HOVER_THRUST).toBeCloseTo(2.25, 12);
  });
});

describe('rotorWrench', () => {
  it('turns four hover speeds into m g of thrust and no torque', () => {
    const wrench = rotorWrench([HOVER_RPM, HOVER_RPM, HOVER_RPM, HOVER_RPM]);
    expect(wrench[0]).toBeCloseTo(0.2646, 12);
    for (let i = 1; i < 4; i++) expect(wrench[i]).toBeCloseTo(0, 15);
  });

  it('gives the front-right, counter-clockwise rotor alone negative roll, pitch and yaw', () => {
    // Rotor 0 at (+d, -d): roll = y F = -d F (right side up), pitch = -x F = -d F (nose up),
    // yaw = -km rpm^2 (the body turns against the rotor's counter-clockwise spin).
    const rpm = 10000;
    const force = 3.16e-10 * 1e8; // 0.0316 N
    const wrench = rotorWrench([rpm, 0, 0, 0]);
    expect(wrench[0]).toBeCloseTo(0.0316, 12);
    expect(wrench[1]).toBeCloseTo(-d * force, 12);
    expect(wrench[2]).toBeCloseTo(-d * force, 12);
    expect(wrench[3]).toBeCloseTo(-7.94e-12 * 1e8, 15);
    expect(d * force).toBeCloseTo(8.871e-4, 6);
  });

  it('gives a clockwise rotor (rear-right) positive yaw and nose-down pitch', () => {
    const wrench = rotorWrench([0, 10000, 0, 0]);
    expect(wrench[1]).toBeLessThan(0); // right side up
    expect(wrench[2]).toBeCloseTo(d * 0.0316, 12); // rear up, nose down
    expect(wrench[3]).toBeCloseTo(+7.94e-4, 15);
  });
});

describe('mixRotorSpeeds', () => {
  it('is the inverse of rotorWrench inside the rotor limits', () => {
    const wanted = [0.3, 2e-4, -1.5e-4, 3e-5];
    const rpms = mixRotorSpeeds(wanted[0]!, wanted[1]!, wanted[2]!, wanted[3]!);
    for (const rpm of rpms) expect(rpm).toBeGreaterThan(0);
    const wrench = rotorWrench(rpms);
    for (let i = 0; i < 4; i++) expect(wrench[i]).toBeCloseTo(wanted[i]!, 12);
  });

  it('mixes a hover into four equal hover speeds', () => {
    expect(Array.from(mixRotorSpeeds(HOVER_THRUST, 0, 0, 0)).map((v) => v / HOVER_RPM)).toEqual([1, 1, 1, 1].map(() => expect.closeTo(1, 12)));
  });

  it('clamps to [0, MAX_RPM] instead of returning NaN for impossible requests', () => {
    expect(Array.from(mixRotorSpeeds(10, 0, 0, 0))).toEqual([MAX_RPM, MAX_RPM, MAX_RPM, MAX_RPM]);
    expect(Array.from(mixRotorSpeeds(-1, 0, 0, 0))).toEqual([0, 0, 0, 0]);
    expect(rpmForThrust(Number.NaN)).toBe(0);
    const rolled = mixRotorSpeeds(0, 1, 0, 0); // a huge roll torque
    expect(rolled.every((v) => v >= 0 && v <= MAX_RPM && !Number.isNaN(v))).toBe(true);
    // Left rotors (y > 0) push, right rotors stop.
    expect(rolled[2]).toBe(MAX_RPM);
    expect(rolled[0]).toBe(0);
  });

  it('places the rotors on the diagonals at arm length', () => {
    for (const [x, y, z] of ROTOR_POSITIONS) {
      expect(Math.hypot(x, y)).toBeCloseTo(0.0397, 12);
      expect(Math.abs(x)).toBeCloseTo(Math.abs(y), 15);
      expect(z).toBe(0);
    }
    expect(rotorThrust(HOVER_RPM) * 4).toBeCloseTo(HOVER_THRUST, 12);
  });
});
