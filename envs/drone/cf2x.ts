/**
 * The Crazyflie 2.x in its "X" configuration, with the constants gym-pybullet-drones
 * publishes in its cf2x model (cf2x.urdf). Units: SI, rotor speeds in RPM (kf and km are per RPM^2).
 *
 * Body frame: x forward, y left, z up. Rotors sit on the diagonals, numbered clockwise seen
 * from above starting front-right; 0 and 2 spin counter-clockwise (about +z), 1 and 3 clockwise.
 */
export const CF2X = {
  /** kg */
  mass: 0.027,
  /** Centre to rotor axis, m. */
  armLength: 0.0397,
  /** Thrust per rotor = kf * rpm^2 (N). */
  kf: 3.16e-10,
  /** Drag torque per rotor = km * rpm^2 (N m). */
  km: 7.94e-12,
  /** Principal moments of inertia about body x, y, z (kg m^2). */
  inertia: [1.4e-5, 1.4e-5, 2.17e-5] as const,
  thrustToWeight: 2.25,
  gravity: 9.8,
  /**
   * Rotor-induced drag (gym-pybullet-drones' "DRAG" model): force = -coefficient * (sum of rotor
   * speeds in rad/s) * velocity, per body axis, in N / (m/s) / (rad/s).
   */
  dragXY: 9.1785e-7,
  dragZ: 10.311e-7,
  /** The collision cylinder of cf2x.urdf: radius and height (m). */
  collisionRadius: 0.06,
  collisionHeight: 0.025,
  /** Propeller radius (m), for drawing. */
  propellerRadius: 0.0231,
} as const;

/** Rotor speed at which the four thrusts carry the weight: sqrt(m g / (4 kf)), about 14,468 RPM. */
export const HOVER_RPM = Math.sqrt((CF2X.mass * CF2X.gravity) / (4 * CF2X.kf));

/** Rotor speed for the full thrust-to-weight ratio: HOVER_RPM * sqrt(2.25), about 21,703 RPM. */
export const MAX_RPM = Math.sqrt((CF2X.thrustToWeight * CF2X.mass * CF2X.gravity) / (4 * CF2X.kf));

/** Total thrust at MAX_RPM on all four rotors (N). */
export const MAX_THRUST = 4 * CF2X.kf * MAX_RPM * MAX_RPM;

/** The weight m g (N): the total thrust of a hover. */
export const HOVER_THRUST = CF2X.mass * CF2X.gravity;

const ROTOR_OFFSET = CF2X.armLength / Math.SQRT2;

/** Rotor hub positions in the body frame [x, y, z] (m), front-right first, clockwise seen from above. */
export const ROTOR_POSITIONS: readonly (readonly [number, number, number])[] = [
  [ROTOR_OFFSET, -ROTOR_OFFSET, 0],
  [-ROTOR_OFFSET, -ROTOR_OFFSET, 0],
  [-ROTOR_OFFSET, ROTOR_OFFSET, 0],
  [ROTOR_OFFSET, ROTOR_OFFSET, 0],
];

/** Spin direction of each rotor about body +z: +1 counter-clockwise, -1 clockwise (seen from above). */
export const ROTOR_SPIN: readonly number[] = [1, -1, 1, -1];

/** Revolutions per minute to radians per second. */
export const RPM_TO_RAD_PER_S = (2 * Math.PI) / 60;
