/**
 * The kinematic bicycle model, referenced at the rear axle:
 *
 *   x' = v cos(psi),  y' = v sin(psi),  psi' = v tan(delta) / L
 *
 * with front-wheel steering angle delta limited in angle and in rate (a steering wheel cannot
 * jump). Each fixed step first moves delta towards the command by at most rate x dt, then
 * integrates the motion exactly for that constant delta (an arc of a circle, or a straight line),
 * so the step is exact for piecewise-constant steering and easy to check by hand.
 */

export interface CarParams {
  /** Distance between the axles, metres. */
  wheelbase: number;
  /** Largest front-wheel angle either way, radians. */
  maxSteering: number;
  /** Largest change of the front-wheel angle, radians per second. */
  maxSteeringRate: number;
  /** Body size for drawing, metres. */
  length: number;
  width: number;
}

/** A mid-size car: 2.7 m wheelbase, 30 degrees of lock, 60 degrees per second of steering rate. */
export const DEFAULT_CAR: CarParams = {
  wheelbase: 2.7,
  maxSteering: Math.PI / 6,
  maxSteeringRate: Math.PI / 3,
  length: 4.5,
  width: 1.8,
};

/** The state of the car: rear-axle position, heading, front-wheel angle and speed. */
export interface CarState {
  x: number;
  y: number;
  /** Radians from +x. */
  heading: number;
  /** Front-wheel angle, radians, positive steers left. */
  steering: number;
  /** Metres per second along the heading. */
  speed: number;
}

/**
 * Advances `car` by `dt` seconds towards the steering command (radians), in place.
 *
 * @example bicycleStep(car, 0.1, 0.05, DEFAULT_CAR);
 */
export function bicycleStep(car: CarState, steeringCommand: number, dt: number, params: CarParams = DEFAULT_CAR): void {
  const target = clamp(steeringCommand, -params.maxSteering, params.maxSteering);
  const maxChange = params.maxSteeringRate * dt;
  car.steering = clamp(target, car.steering - maxChange, car.steering + maxChange);
  const yawRate = (car.speed * Math.tan(car.steering)) / params.wheelbase;
  const heading0 = car.heading;
  const heading1 = heading0 + yawRate * dt;
  if (Math.abs(yawRate) < 1e-9) {
    car.x += car.speed * dt * Math.cos(heading0);
    car.y += car.speed * dt * Math.sin(heading0);
  } else {
    // Constant yaw rate and speed: the rear axle runs along a circle of radius v / yawRate.
    const radius = car.speed / yawRate;
    car.x += radius * (Math.sin(heading1) - Math.sin(heading0));
    car.y -= radius * (Math.cos(heading1) - Math.cos(heading0));
  }
  car.heading = heading1;
}

function clamp(value: number, low: number, high: number): number {
  return value < low ? low : value > high ? high : value;
}
