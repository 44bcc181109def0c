/**
 * A custom environment written the way a Palestra user would write one: Gymnasium's
 * Pendulum-v1 (swing a motor-driven pendulum up and keep it upright), in one file, using only
 * the public API. It has no viewer code: `render()` describes the pendulum in the scene
 * protocol and the generic viewer draws it.
 *
 *   npx palestra check examples/pendulum.ts        (in a checkout)
 *   npx palestra check node_modules/palestra/examples/pendulum.ts   (from an installed package)
 *   npx palestra train examples/pendulum.ts --agent ppo --steps 200000 --view
 */
import { axisAngle, BaseEnv, Box, EnvError, type ResetOptions, type SceneFrame, type SceneSpec } from 'palestra';

/** Gymnasium Pendulum-v1's constants. */
const GRAVITY = 10;
const MASS = 1;
const LENGTH = 1;
const DT = 0.05;
const MAX_SPEED = 8;
const MAX_TORQUE = 2;

/** Wraps an angle into [-pi, pi). */
export function normalizeAngle(angle: number): number {
  return ((((angle + Math.PI) % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI)) - Math.PI;
}

/**
 * One step of the pendulum under `torque`: semi-implicit Euler, the speed clipped to
 * +-8 rad/s, as Gymnasium integrates it. Angle 0 is upright.
 */
export function pendulumStep(theta: number, thetaDot: number, torque: number): { theta: number; thetaDot: number } {
  const acceleration = ((3 * GRAVITY) / (2 * LENGTH)) * Math.sin(theta) + (3 / (MASS * LENGTH * LENGTH)) * torque;
  const nextThetaDot = Math.min(Math.max(thetaDot + acceleration * DT, -MAX_SPEED), MAX_SPEED);
  return { theta: theta + nextThetaDot * DT, thetaDot: nextThetaDot };
}

/** The cost Gymnasium charges: angle from upright, speed and effort, squared and weighted. */
export function pendulumCost(theta: number, thetaDot: number, torque: number): number {
  const angle = normalizeAngle(theta);
  return angle * angle + 0.1 * thetaDot * thetaDot + 0.001 * torque * torque;
}

const PIVOT_HEIGHT = 1.3;

const SCENE: SceneSpec = {
  background: '#f7f3ec',
  camera: { position: [0, -4, 1.3], target: [0, 0, 1.3] },
  objects: [
    { id: 'stand', shape: { type: 'box', size: [0.08, 0.08, PIVOT_HEIGHT] }, color: '#7f8c8d', position: [0, 0.15, PIVOT_HEIGHT / 2] },
    { id: 'pivot', shape: { type: 'sphere', radius: 0.06 }, color: '#2c3e50', position: [0, 0, PIVOT_HEIGHT] },
    { id: 'rod', shape: { type: 'cylinder', radius: 0.035, height: LENGTH }, color: '#c0392b', position: [0, 0, PIVOT_HEIGHT + LENGTH / 2] },
    { id: 'bob', shape: { type: 'sphere', radius: 0.1 }, color: '#8e2a1f', position: [0, 0, PIVOT_HEIGHT + LENGTH] },
    { id: 'goal', shape: { type: 'line', points: [[0, -0.01, PIVOT_HEIGHT], [0, -0.01, PIVOT_HEIGHT + LENGTH + 0.15]] }, color: '#27ae60' },
  ],
};

/**
 * Observation: float32 [cos theta, sin theta, angular velocity]; action: a torque in [-2, 2].
 * Reward: minus the cost above, so 0 is the best possible. Never terminates; register it with
 * a 200-step limit, as Gymnasium does.
 */
export default class PendulumEnv extends BaseEnv<Float32Array, Float32Array> {
  readonly observationSpace = new Box<Float32Array>([-1, -1, -MAX_SPEED], [1, 1, MAX_SPEED]);
  readonly actionSpace = new Box<Float32Array>(-MAX_TORQUE, MAX_TORQUE, [1]);
  override metadata = { renderModes: ['scene'], renderFps: 1 / DT };

  private theta = 0;
  private thetaDot = 0;
  private lastTorque = 0;

  constructor(kwargs: Record<string, unknown> = {}) {
    super();
    const unknown = Object.keys(kwargs);
    if (unknown.length > 0) throw new EnvError(`Pendulum takes no options, got ${unknown.join(', ')}`);
  }

  reset(options?: ResetOptions) {
    this.seedFromReset(options);
    this.theta = this.rng.uniform(-Math.PI, Math.PI);
    this.thetaDot = this.rng.uniform(-1, 1);
    this.lastTorque = 0;
    this.startEpisode();
    return { observation: this.observe(), info: {} };
  }

  step(action: Float32Array) {
    this.checkAction(action);
    this.guardStep();
    const torque = action[0]!;
    const reward = -pendulumCost(this.theta, this.thetaDot, torque);
    ({ theta: this.theta, thetaDot: this.thetaDot } = pendulumStep(this.theta, this.thetaDot, torque));
    this.lastTorque = torque;
    return { observation: this.observe(), reward, terminated: false, truncated: false, info: {} };
  }

  override render(): SceneFrame {
    // The rod turns about the y axis; angle 0 points straight up (+z).
    const tipX = LENGTH * Math.sin(this.theta);
    const tipZ = LENGTH * Math.cos(this.theta);
    return {
      scene: SCENE,
      updates: [
        { id: 'rod', position: [tipX / 2, 0, PIVOT_HEIGHT + tipZ / 2], quaternion: axisAngle([0, 1, 0], this.theta) },
        { id: 'bob', position: [tipX, 0, PIVOT_HEIGHT + tipZ] },
      ],
      hud: {
        'angle (deg)': Math.round(normalizeAngle(this.theta) * (180 / Math.PI)),
        'speed (rad/s)': Math.round(this.thetaDot * 100) / 100,
        torque: Math.round(this.lastTorque * 100) / 100,
      },
    };
  }

  private observe(): Float32Array {
    return Float32Array.of(Math.cos(this.theta), Math.sin(this.theta), this.thetaDot);
  }
}
