/**
 * CartPole's dynamics as pure functions, with Gymnasium CartPole-v1's constants
 * (Barto, Sutton and Anderson, 1983; Florian's corrected equations for the pole's angular
 * acceleration). The state is [x, xDot, theta, thetaDot] in float64; theta = 0 is upright and
 * a positive theta leans the pole towards +x.
 */
export const CARTPOLE = {
  gravity: 9.8,
  massCart: 1.0,
  massPole: 0.1,
  /** Half the pole's length, as in Gymnasium. */
  halfPoleLength: 0.5,
  forceMagnitude: 10.0,
  /** Seconds per step. */
  tau: 0.02,
  /** 12 degrees. */
  thetaThreshold: (12 * 2 * Math.PI) / 360,
  xThreshold: 2.4,
} as const;

const TOTAL_MASS = CARTPOLE.massPole + CARTPOLE.massCart;
const POLE_MASS_LENGTH = CARTPOLE.massPole * CARTPOLE.halfPoleLength;

/**
 * Advances `state` (x, xDot, theta, thetaDot at `offset`) by one explicit Euler step of `tau`
 * seconds under a push to the right (action 1) or to the left (action 0). Writes in place, so
 * the batched env can step many carts stored side by side in one Float64Array.
 *
 * @example const s = new Float64Array([0, 0, 0.01, 0]); cartPoleStep(s, 0, 1);
 */
export function cartPoleStep(state: Float64Array, offset: number, action: number): void {
  const x = state[offset]!;
  const xDot = state[offset + 1]!;
  const theta = state[offset + 2]!;
  const thetaDot = state[offset + 3]!;
  const force = action === 1 ? CARTPOLE.forceMagnitude : -CARTPOLE.forceMagnitude;
  const cosTheta = Math.cos(theta);
  const sinTheta = Math.sin(theta);
  const temp = (force + POLE_MASS_LENGTH * thetaDot * thetaDot * sinTheta) / TOTAL_MASS;
  const thetaAcc =
    (CARTPOLE.gravity * sinTheta - cosTheta * temp) /
    (CARTPOLE.halfPoleLength * (4.0 / 3.0 - (CARTPOLE.massPole * cosTheta * cosTheta) / TOTAL_MASS));
  const xAcc = temp - (POLE_MASS_LENGTH * thetaAcc * cosTheta) / TOTAL_MASS;
  // Gymnasium's 'euler' integrator: positions use the old velocities.
  state[offset] = x + CARTPOLE.tau * xDot;
  state[offset + 1] = xDot + CARTPOLE.tau * xAcc;
  state[offset + 2] = theta + CARTPOLE.tau * thetaDot;
  state[offset + 3] = thetaDot + CARTPOLE.tau * thetaAcc;
}

/** Whether the cart left the track or the pole fell past 12 degrees. */
export function cartPoleFailed(state: Float64Array, offset: number): boolean {
  const x = state[offset]!;
  const theta = state[offset + 2]!;
  return x < -CARTPOLE.xThreshold || x > CARTPOLE.xThreshold || theta < -CARTPOLE.thetaThreshold || theta > CARTPOLE.thetaThreshold;
}
