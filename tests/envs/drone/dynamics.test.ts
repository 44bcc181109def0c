import { describe, expect, it } from 'vitest';
import { CF2X, HOVER_RPM } from '../../../envs/drone/cf2x.js';
import { gyroscopicTorque, rotorDrag } from '../../../envs/drone/dynamics.js';

describe('gyroscopicTorque', () => {
  it('is zero for a spin about one principal axis', () => {
    expect(Array.from(gyroscopicTorque(0, 0, 5, CF2X.inertia))).toEqual([-0, -0, -0]);
    expect(Array.from(gyroscopicTorque(3, 0, 0, CF2X.inertia))).toEqual([-0, -0, -0]);
  });

  it('matches -w x (I w) worked by hand for roll plus yaw', () => {
    // w = (2, 0, 10): I w = (2.8e-5, 0, 2.17e-4); w x I w = (0*2.17e-4 - 10*0, 10*2.8e-5 - 2*2.17e-4, 0)
    //   = (0, 2.8e-4 - 4.34e-4, 0) = (0, -1.54e-4, 0); the torque is its negative.
    const torque = gyroscopicTorque(2, 0, 10, CF2X.inertia);
    expect(torque[0]).toBeCloseTo(0, 15);
    expect(torque[1]).toBeCloseTo(1.54e-4, 12);
    expect(torque[2]).toBeCloseTo(0, 15);
  });
});

describe('rotorDrag', () => {
  it('opposes the velocity in proportion to the summed rotor speed', () => {
    // At hover: sum of rotor speeds = 4 * 14468.4 RPM = 6060.5 rad/s; at 1 m/s along x:
    // F = -9.1785e-7 * 6060.5 * 1 = -5.563e-3 N.
    const drag = rotorDrag(1, 0, -2, 4 * HOVER_RPM);
    const spin = (4 * HOVER_RPM * 2 * Math.PI) / 60;
    expect(spin).toBeCloseTo(6060.5, 0);
    expect(drag[0]).toBeCloseTo(-9.1785e-7 * spin, 12);
    expect(drag[0]).toBeCloseTo(-5.563e-3, 5);
    expect(drag[1]).toBeCloseTo(0, 15);
    expect(drag[2]).toBeCloseTo(10.311e-7 * spin * 2, 12);
  });
});
