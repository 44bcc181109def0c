import { BaseEnv, type ResetOptions, type ResetResult, type StepResult } from '../../src/core/env.js';
import { describeValue, EnvError } from '../../src/core/errors.js';
import { resolveOptions } from '../../src/core/options.js';
import type { SceneFrame } from '../../src/core/scene.js';
import { Box } from '../../src/core/spaces/box.js';
import { Discrete } from '../../src/core/spaces/discrete.js';
import { CARTPOLE, cartPoleFailed, cartPoleStep } from './physics.js';
import { cartPoleFrame } from './scene.js';

const FLOAT32_MAX = 3.4028234663852886e38;

export interface CartPoleOptions {
  /** Reward 0 per step and -1 on failure instead of 1 per step (Gymnasium's `sutton_barto_reward`). */
  suttonBartoReward: boolean;
}

/**
 * Balance a pole on a cart by pushing the cart left (0) or right (1): Gymnasium's CartPole-v1.
 *
 * Observation: float32 [cart position, cart velocity, pole angle (rad), pole angular velocity].
 * Reward 1 for every step, the terminating one included. Terminates when |x| > 2.4 or
 * |theta| > 12 degrees; `make('CartPole-v1')` truncates at 500 steps.
 *
 * @example const env = new CartPoleEnv(); env.reset({ seed: 1 }); env.step(1);
 */
export class CartPoleEnv extends BaseEnv<Float32Array, number> {
  readonly observationSpace = new Box<Float32Array>(
    [-2 * CARTPOLE.xThreshold, -FLOAT32_MAX, -2 * CARTPOLE.thetaThreshold, -FLOAT32_MAX],
    [2 * CARTPOLE.xThreshold, FLOAT32_MAX, 2 * CARTPOLE.thetaThreshold, FLOAT32_MAX],
  );
  readonly actionSpace = new Discrete(2);
  override metadata = { renderModes: ['scene'], renderFps: 50 };

  /** The float64 physical state [x, xDot, theta, thetaDot]; writable to start from any state. */
  readonly state = new Float64Array(4);
  private readonly options: CartPoleOptions;
  private lastAction: number | undefined;

  constructor(kwargs?: Partial<CartPoleOptions>) {
    super();
    this.options = resolveOptions('CartPole', { suttonBartoReward: false }, kwargs);
  }

  reset(options?: ResetOptions): ResetResult<Float32Array> {
    this.seedFromReset(options);
    const { low, high } = resetBounds(options?.options, this.displayName);
    for (let i = 0; i < 4; i++) this.state[i] = this.rng.uniform(low, high);
    this.lastAction = undefined;
    this.startEpisode();
    return { observation: this.observe(), info: {} };
  }

  step(action: number): StepResult<Float32Array> {
    if (action !== 0 && action !== 1) this.checkAction(action);
    // Gymnasium warns and pays 0 for a step after the pole fell; Palestra refuses it, as every env does.
    this.guardStep();
    cartPoleStep(this.state, 0, action);
    this.lastAction = action;
    const terminated = cartPoleFailed(this.state, 0);
    const reward = this.options.suttonBartoReward ? (terminated ? -1 : 0) : 1;
    return this.endStep({ observation: this.observe(), reward, terminated, truncated: false, info: {} });
  }

  /** A fresh float32 copy of the state (the caller may keep it, as with Gymnasium's arrays). */
  private observe(): Float32Array {
    const observation = new Float32Array(4);
    observation[0] = this.state[0]!;
    observation[1] = this.state[1]!;
    observation[2] = this.state[2]!;
    observation[3] = this.state[3]!;
    return observation;
  }

  override render(): SceneFrame {
    return cartPoleFrame(this.state, this.lastAction);
  }
}

/** Gymnasium's `maybe_parse_reset_bounds`: `options.low`/`options.high`, default [-0.05, 0.05]. */
export function resetBounds(options: Record<string, unknown> | undefined, envName: string): { low: number; high: number } {
  const low = options?.['low'] ?? -0.05;
  const high = options?.['high'] ?? 0.05;
  if (typeof low !== 'number' || typeof high !== 'number' || !Number.isFinite(low) || !Number.isFinite(high) || low > high) {
    throw new EnvError(`${envName}.reset(): options.low and options.high must be finite numbers with low <= high, got low=${describeValue(low)}, high=${describeValue(high)}`);
  }
  return { low, high };
}
