import { describe, expect, it } from 'vitest';
import { bicycleStep, DEFAULT_CAR } from '../../../envs/driving/bicycle.js';

describe('bicycleStep', () => {
  it('matches one step worked out by hand: rate-limited steering, then an exact arc', () => {
    // Command 0.1 rad but the wheel turns at most 60 deg/s x 0.05 s = 0.0523599 rad.
    // Yaw rate = 10 tan(0.0523599) / 2.7 = 0.1941029 rad/s; heading after 0.05 s = 0.00970514.
    // Arc radius 10 / 0.1941029 = 51.5191 m: x = R sin(h) = 0.4999922, y = R (1 - cos h) = 0.00242627.
    const car = { x: 0, y: 0, heading: 0, steering: 0, speed: 10 };
    bicycleStep(car, 0.1, 0.05);
    expect(car.steering).toBeCloseTo(0.0523599, 7);
    expect(car.heading).toBeCloseTo(0.00970514, 8);
    expect(car.x).toBeCloseTo(0.4999922, 7);
    expect(car.y).toBeCloseTo(0.00242627, 8);
  });

  it('drives straight with the wheels straight and clamps the command to full lock', () => {
    const car = { x: 1, y: 2, heading: Math.PI / 2, steering: 0, speed: 4 };
    bicycleStep(car, 0, 0.5);
    expect(car.x).toBeCloseTo(1, 12);
    expect(car.y).toBeCloseTo(4, 12);
    for (let i = 0; i < 40; i++) bicycleStep(car, 5, 0.05);
    expect(car.steering).toBe(DEFAULT_CAR.maxSteering);
  });

  it('at full lock drives a circle of radius wheelbase / tan(lock)', () => {
    const car = { x: 0, y: 0, heading: 0, steering: DEFAULT_CAR.maxSteering, speed: 5 };
    const radius = DEFAULT_CAR.wheelbase / Math.tan(DEFAULT_CAR.maxSteering);
    for (let i = 0; i < 100; i++) {
      bicycleStep(car, DEFAULT_CAR.maxSteering, 0.05);
      expect(Math.hypot(car.x, car.y - radius)).toBeCloseTo(radius, 9);
    }
  });
});
