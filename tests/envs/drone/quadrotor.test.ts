import { describe, expect, it } from 'vitest';
import { HOVER_RPM } from '../../../envs/drone/cf2x.js';
import { DRONE_REST_HEIGHT, Quadrotor } from '../../../envs/drone/quadrotor.js';

const HOVER = [HOVER_RPM, HOVER_RPM, HOVER_RPM, HOVER_RPM];

function fly(quad: Quadrotor, rpms: readonly number[], steps: number): void {
  quad.setRotorSpeeds(rpms);
  for (let i = 0; i < steps; i++) quad.physicsStep();
}

describe('Quadrotor on cannon-es', () => {
  it('falls as g t^2 / 2 with its rotors stopped (semi-implicit Euler, exact to the step)', () => {
    const quad = new Quadrotor({ physicsHz: 240, startPosition: [0, 0, 10] });
    fly(quad, [0, 0, 0, 0], 240);
    // v_n = -g n dt and z_n = z0 - g dt^2 n (n + 1) / 2 (velocity first, then position):
    // 10 - 9.8 * 240 * 241 / (2 * 240^2) = 5.0795833...; the continuous 10 - g/2 = 5.1.
    expect(quad.state.position[2]).toBeCloseTo(5.0795833333, 9);
    expect(quad.state.velocity[2]).toBeCloseTo(-9.8, 10);
    expect(Math.abs(quad.state.position[2]! - (10 - 9.8 / 2))).toBeLessThanOrEqual((9.8 * 1 * (1 / 240)) / 2 + 1e-9);
    expect(quad.time).toBeCloseTo(1, 12);
  });

  it('hangs still at four hover speeds', () => {
    const quad = new Quadrotor({ physicsHz: 240, startPosition: [0.3, -0.2, 1] });
    fly(quad, HOVER, 480);
    expect(quad.state.position[2]).toBeCloseTo(1, 9);
    expect(quad.state.position[0]).toBeCloseTo(0.3, 12);
    expect(Math.hypot(...quad.state.velocity)).toBeLessThan(1e-9);
  });

  it('uses the hand-set cf2x inertia, not the bounding-box estimate', () => {
    const quad = new Quadrotor({ physicsHz: 240, startPosition: [0, 0, 1] });
    expect([quad.body.inertia.x, quad.body.inertia.y, quad.body.inertia.z]).toEqual([1.4e-5, 1.4e-5, 2.17e-5]);
    expect(quad.body.invInertia.z).toBeCloseTo(1 / 2.17e-5, 6);
    expect(quad.body.mass).toBe(0.027);
  });

  it('rolls right-side up and yaws clockwise when the front-right rotor speeds up by 1%', () => {
    // Extra thrust 0.0201 * m g / 4 = 1.3296e-3 N at (+d, -d), d = 0.028072 m:
    // roll torque -d dF = -3.7325e-5 N m -> -2.666 rad/s^2; pitch likewise about y (-2.666 rad/s^2);
    // yaw torque -km rpm^2 0.0201 = -3.341e-5 N m -> -1.5396 rad/s^2. One step of 1/240 s:
    const quad = new Quadrotor({ physicsHz: 240, startPosition: [0, 0, 1] });
    fly(quad, [1.01 * HOVER_RPM, HOVER_RPM, HOVER_RPM, HOVER_RPM], 1);
    const rates = quad.state.bodyRates;
    expect(rates[0]).toBeCloseTo(-2.666 / 240, 5);
    expect(rates[1]).toBeCloseTo(-2.666 / 240, 5);
    expect(rates[2]).toBeCloseTo(-1.5396 / 240, 5);
  });

  it('yaws counter-clockwise when the clockwise rotors (1, 3) speed up, without rolling', () => {
    const quad = new Quadrotor({ physicsHz: 240, startPosition: [0, 0, 1] });
    fly(quad, [HOVER_RPM, 1.05 * HOVER_RPM, HOVER_RPM, 1.05 * HOVER_RPM], 24);
    expect(quad.state.bodyRates[2]).toBeGreaterThan(0);
    expect(Math.abs(quad.state.bodyRates[0]!)).toBeLessThan(1e-9);
    expect(Math.abs(quad.state.bodyRates[1]!)).toBeLessThan(1e-9);
  });

  it('precesses like a symmetric top: the gyroscopic term cannon-es lacks is applied', () => {
    // Torque-free, Ixx = Iyy < Izz: Euler's equations turn (wx, wy) about body z at
    // (Izz - Ixx) / Ixx * wz = (2.17 - 1.4) / 1.4 * 10 = 5.5 rad/s while wz stays 10 rad/s.
    // Without the term, cannon-es would keep the body rates at (2, 0, 10).
    const quad = new Quadrotor({ physicsHz: 240, startPosition: [0, 0, 100] });
    quad.body.angularVelocity.set(2, 0, 10);
    quad.readState();
    fly(quad, [0, 0, 0, 0], 240);
    const [wx, wy, wz] = quad.state.bodyRates;
    expect(wz).toBeCloseTo(10, 9);
    const turned = Math.atan2(wy!, wx!);
    expect(turned).toBeCloseTo(5.5 - 2 * Math.PI, 1);
    // Semi-implicit Euler lets |(wx, wy)| creep up by a few percent in 1 s at this spin.
    expect(Math.hypot(wx!, wy!)).toBeGreaterThan(1.95);
    expect(Math.hypot(wx!, wy!)).toBeLessThan(2.2);
  });

  it('rests on the ground, and reports how fast it hit it', () => {
    const resting = new Quadrotor({ physicsHz: 240, startPosition: [0, 0, DRONE_REST_HEIGHT] });
    fly(resting, [0, 0, 0, 0], 60);
    expect(resting.touchingGround).toBe(true);
    expect(resting.groundImpactSpeed).toBeLessThan(0.1);
    expect(resting.state.position[2]).toBeCloseTo(DRONE_REST_HEIGHT, 2);

    // Dropped from 0.5 m: the first contact comes at about sqrt(2 g h) = 3.13 m/s.
    const dropped = new Quadrotor({ physicsHz: 240, startPosition: [0, 0, 0.5 + DRONE_REST_HEIGHT] });
    let impact = 0;
    for (let i = 0; i < 120 && impact === 0; i++) {
      dropped.physicsStep();
      impact = dropped.groundImpactSpeed;
    }
    expect(impact).toBeGreaterThan(3.0);
    expect(impact).toBeLessThan(3.3);
  });

  it('notices touching a pillar', () => {
    const quad = new Quadrotor({ physicsHz: 240, startPosition: [0, 0, 1], pillars: [{ x: 0.5, y: 0, radius: 0.1, height: 3 }] });
    quad.body.velocity.set(2, 0, 0);
    let touched = false;
    for (let i = 0; i < 120 && !touched; i++) {
      quad.setRotorSpeeds(HOVER);
      quad.physicsStep();
      touched = quad.touchingPillar;
    }
    expect(touched).toBe(true);
    // Contact starts when the collision box (half width 0.045 m) meets the pillar's surface at x = 0.4.
    expect(quad.state.position[0]).toBeGreaterThan(0.33);
    expect(quad.state.position[0]).toBeLessThan(0.37);
  });

  it('is deterministic: the same inputs give the same state bit for bit', () => {
    const run = () => {
      const quad = new Quadrotor({ physicsHz: 240, startPosition: [0, 0, DRONE_REST_HEIGHT], pillars: [{ x: 1, y: 0.2, radius: 0.1, height: 3 }] });
      for (let i = 0; i < 300; i++) {
        const wobble = 1 + 0.1 * Math.sin(i / 7);
        fly(quad, [1.2 * HOVER_RPM * wobble, 1.2 * HOVER_RPM, 1.19 * HOVER_RPM, 1.2 * HOVER_RPM / wobble], 1);
      }
      return [...quad.state.position, ...quad.state.quaternion, ...quad.state.velocity, ...quad.state.bodyRates];
    };
    const first = run();
    expect(first.every(Number.isFinite)).toBe(true);
    expect(run()).toEqual(first);
  });
});
