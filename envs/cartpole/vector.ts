import type { EnvSpec, Info } from '../../src/core/env.js';
import { calledBeforeReset, describeValue, EnvError } from '../../src/core/errors.js';
import { resolveOptions } from '../../src/core/options.js';
import type { SceneFrame } from '../../src/core/scene.js';
import { randomSeed, seedXoshiroWords, xoshiroRandom } from '../../src/core/rng.js';
import { Autoreset, checkAutoresetMode, sameStepInfo } from '../../src/vector/autoreset.js';
import { finalFrameOf } from '../../src/vector/final-frame.js';
import { checkBatchActions, flatLayout, type FlatLayout } from '../../src/vector/flat-layout.js';
import { resetMask, resetSeeds } from '../../src/vector/reset-args.js';
import { NO_INFO, type AutoresetMode, type BatchedVectorOptions, type VectorEnv, type VectorResetOptions, type VectorResetResult, type VectorStepResult } from '../../src/vector/types.js';
import { CartPoleEnv, resetBounds, type CartPoleOptions } from './cartpole.js';
import { cartPoleKernel, NATIVE_NEEDS_SCRIPT, NATIVE_STEPPED } from './native-step.js';
import { cartPoleFailed, cartPoleStep } from './physics.js';
import { cartPoleFrame } from './scene.js';

export interface CartPoleVectorOptions {
  autoresetMode?: AutoresetMode;
  /** Truncate after this many steps, as make('CartPole-v1')'s TimeLimit (default 500); 0 for never. */
  maxEpisodeSteps?: number;
  /** CartPoleEnv's kwargs. */
  kwargs?: Partial<CartPoleOptions>;
  /**
   * Threads of the C++ step loop (native/src/cartpole.cc), the calling thread included; default
   * 1. Results do not depend on it: each cart is stepped by exactly one thread.
   */
  threads?: number;
  /** Step in TypeScript even when the C++ loop is built (default false; for tests and comparisons). */
  scriptOnly?: boolean;
}


/**
 * n CartPoles stepped in one loop: the physics of `physics.ts` over one Float64Array
 * (cart i's [x, xDot, theta, thetaDot] at [4i, 4i + 4)), its own time limit and autoreset,
 * and one Rng per cart. Sub-env i seeded with s + i follows `make('CartPole-v1')` seeded with
 * s + i bit for bit, autoresets included, so it can stand in for a SyncVectorEnv of CartPoles.
 * When the native addon is built the loop runs in C++ (same results; native-step.ts), on
 * `threads` threads: `makeVec('CartPole-v1', n, { threads: os.availableParallelism() })`.
 *
 * @example const envs = new CartPoleVectorEnv(1024); envs.reset({ seed: 0 }); envs.step(new Int32Array(1024));
 */
export class CartPoleVectorEnv implements VectorEnv {
  readonly singleObservationSpace;
  readonly singleActionSpace;
  readonly autoresetMode: AutoresetMode;
  readonly metadata;
  spec: EnvSpec | undefined = undefined;
  /** The float64 states, cart i at [4i, 4i + 4); writable to start from any state. */
  readonly state: Float64Array;

  private readonly maxEpisodeSteps: number;
  private readonly options: CartPoleOptions;
  /**
   * One xoshiro128** generator per cart, cart i's four words at [4i, 4i + 4): the same streams
   * as one Rng per cart, but side by side in memory (separate Rng objects cost a cache miss
   * or three on every reset at 8192 carts).
   */
  private readonly rngWords: Int32Array;
  private readonly elapsedSteps: Int32Array;
  /** 1 once a cart's episode terminated, until its reset: in 'disabled' mode a cart stepped on pays nothing, as Gymnasium's CartPole (a single CartPoleEnv refuses that step). */
  private readonly terminatedBefore: Uint8Array;
  private readonly autoreset: Autoreset;
  private readonly actionLayout: FlatLayout;
  private readonly result: VectorStepResult & { observations: Float32Array };
  private lastAction: number | undefined;
  private hasReset = false;
  /** The C++ step loop, when built and usable for this autoreset mode. */
  private readonly kernel = cartPoleKernel();
  private readonly threads: number;
  /** [time limit (0: none), step reward, fail reward, reward after failing, next-step autoreset]. */
  private readonly kernelRules: number[];
  /** Actions converted to Int32Array for the C++ loop when they come as another type. */
  private readonly actionScratch: Int32Array;

  constructor(
    readonly numEnvs: number,
    options: CartPoleVectorOptions = {},
  ) {
    if (!Number.isInteger(numEnvs) || numEnvs < 1) throw new EnvError(`CartPoleVectorEnv: numEnvs must be a positive integer, got ${describeValue(numEnvs)}`);
    this.options = resolveOptions('CartPole', { suttonBartoReward: false }, options.kwargs);
    this.autoresetMode = checkAutoresetMode(options.autoresetMode, 'CartPoleVectorEnv');
    const limit = options.maxEpisodeSteps ?? 500;
    this.maxEpisodeSteps = limit > 0 ? limit : Infinity;
    this.threads = options.threads ?? 1;
    if (!Number.isInteger(this.threads) || this.threads < 1) throw new EnvError(`CartPoleVectorEnv: threads must be a positive integer, got ${describeValue(options.threads)}`);
    if (options.scriptOnly || this.autoresetMode === 'same-step') this.kernel = undefined;
    const sutton = this.options.suttonBartoReward;
    this.kernelRules = [limit > 0 ? limit : 0, sutton ? 0 : 1, sutton ? -1 : 1, sutton ? -1 : 0, this.autoresetMode === 'next-step' ? 1 : 0];
    this.actionScratch = new Int32Array(numEnvs);
    const single = new CartPoleEnv();
    this.singleObservationSpace = single.observationSpace;
    this.singleActionSpace = single.actionSpace;
    this.metadata = single.metadata;
    this.actionLayout = flatLayout(this.singleActionSpace, 'CartPoleVectorEnv');
    this.state = new Float64Array(4 * numEnvs);
    this.rngWords = new Int32Array(4 * numEnvs);
    for (let i = 0; i < numEnvs; i++) seedXoshiroWords(this.rngWords, 4 * i, randomSeed());
    this.elapsedSteps = new Int32Array(numEnvs);
    this.terminatedBefore = new Uint8Array(numEnvs);
    this.autoreset = new Autoreset(this.autoresetMode, numEnvs);
    this.result = {
      observations: new Float32Array(4 * numEnvs),
      rewards: new Float64Array(numEnvs),
      terminations: new Uint8Array(numEnvs),
      truncations: new Uint8Array(numEnvs),
      infos: new Array<Info>(numEnvs).fill(NO_INFO),
    };
  }

  private get name(): string {
    return `CartPoleVectorEnv(${this.spec?.id ?? 'CartPole'})`;
  }

  /** Resets every cart (or those in `mask`); seed s gives cart i the seed s + i. */
  reset(options: VectorResetOptions = {}): VectorResetResult {
    const seeds = resetSeeds(options.seed, this.numEnvs, this.name);
    const mask = resetMask(options.mask, this.numEnvs, this.name);
    const { low, high } = resetBounds(options.options, this.name);
    const infos = this.result.infos;
    for (let i = 0; i < this.numEnvs; i++) {
      if (mask && !mask[i]) continue;
      const seed = seeds?.[i];
      if (seed !== undefined) seedXoshiroWords(this.rngWords, 4 * i, seed);
      this.resetCart(i, low, high);
      infos[i] = NO_INFO;
    }
    this.hasReset = true;
    this.lastAction = undefined;
    return { observations: this.result.observations, infos };
  }

  /** Steps every cart with actions[i] in {0, 1}; the returned arrays are reused by the next call. */
  step(actions: ArrayLike<number>): VectorStepResult {
    if (!this.hasReset) throw calledBeforeReset(this.name);
    if (this.kernel && this.stepNatively(actions)) return this.result;
    this.checkActions(actions);
    const { state, autoreset, elapsedSteps, terminatedBefore } = this;
    const { observations, rewards, terminations, truncations, infos } = this.result;
    const sameStep = this.autoresetMode === 'same-step';
    const stepReward = this.options.suttonBartoReward ? 0 : 1;
    const failReward = this.options.suttonBartoReward ? -1 : 1;
    const afterFailReward = this.options.suttonBartoReward ? -1 : 0;
    for (let i = 0; i < this.numEnvs; i++) {
      if (autoreset.resetsNow(i)) {
        // Next-step autoreset: this step only resets the cart and ignores its action.
        this.resetCart(i);
        autoreset.writeResetStep(this.result, i);
        continue;
      }
      const offset = 4 * i;
      cartPoleStep(state, offset, actions[i]!);
      const terminated = cartPoleFailed(state, offset);
      const truncated = ++elapsedSteps[i]! >= this.maxEpisodeSteps;
      if (!terminated) {
        rewards[i] = stepReward;
      } else if (terminatedBefore[i] === 0) {
        terminatedBefore[i] = 1;
        rewards[i] = failReward;
      } else {
        rewards[i] = afterFailReward;
      }
      terminations[i] = terminated ? 1 : 0;
      truncations[i] = truncated ? 1 : 0;
      observations[offset] = state[offset]!;
      observations[offset + 1] = state[offset + 1]!;
      observations[offset + 2] = state[offset + 2]!;
      observations[offset + 3] = state[offset + 3]!;
      if (sameStep && infos[i] !== NO_INFO) infos[i] = NO_INFO;
      if ((terminated || truncated) && autoreset.endedNow(i)) {
        const finalFrame = i === 0 ? finalFrameOf(() => cartPoleFrame(this.state.subarray(0, 4), actions[0])) : undefined;
        infos[i] = sameStepInfo(NO_INFO, observations.slice(offset, offset + 4), {}, finalFrame);
        this.resetCart(i);
      }
    }
    this.lastAction = actions[0];
    return this.result;
  }

  /**
   * Steps the batch with the C++ loop; false when it declined (a pole beyond pi/4) and the
   * TypeScript loop must run. Invalid actions throw before any cart moves, as in checkActions.
   */
  private stepNatively(actions: ArrayLike<number>): boolean {
    let batch: Int32Array;
    if (actions instanceof Int32Array && actions.length === this.numEnvs) {
      batch = actions; // checked in C++, in the same pass that reads them
    } else {
      this.checkActions(actions);
      batch = this.actionScratch;
      for (let i = 0; i < this.numEnvs; i++) batch[i] = actions[i]!;
    }
    const { observations, rewards, terminations, truncations } = this.result;
    const status = this.kernel!(this.state, batch, observations, rewards, terminations, truncations, this.elapsedSteps, this.terminatedBefore, this.autoreset.pending, this.rngWords, this.kernelRules, this.threads);
    if (status >= 0) throw new EnvError(`${this.name}.step(): invalid action for sub-env ${status}: expected an integer in [0, 1], got ${describeValue(actions[status])}`);
    if (status === NATIVE_NEEDS_SCRIPT) return false;
    if (status !== NATIVE_STEPPED) throw new Error(`${this.name}.step(): the native CartPole kernel returned the unknown status ${status}`);
    this.lastAction = actions[0];
    return true;
  }

  /** Cart 0's frame, for the viewer. */
  render(): SceneFrame {
    return cartPoleFrame(this.state.subarray(0, 4), this.lastAction);
  }

  close(): void {}

  /**
   * Draws a cart's start state from its own generator, as CartPoleEnv.reset() does; autoresets
   * pass no options, so they use the default bounds.
   */
  private resetCart(i: number, low = -0.05, high = 0.05): void {
    const offset = 4 * i;
    for (let k = 0; k < 4; k++) {
      // Rng.uniform(low, high), on cart i's generator.
      const value = low + (high - low) * xoshiroRandom(this.rngWords, offset);
      this.state[offset + k] = value;
      this.result.observations[offset + k] = value;
    }
    this.elapsedSteps[i] = 0;
    this.terminatedBefore[i] = 0;
    this.autoreset.cleared(i);
  }

  /** Every action is checked before any cart moves, so a bad batch changes nothing. */
  private checkActions(actions: ArrayLike<number>): void {
    checkBatchActions(actions, this.numEnvs, this.actionLayout, this.singleActionSpace, this.name);
  }
}

/** The registration's batched entry point: `makeVec('CartPole-v1', n, { mode: 'batched' })`. */
export function makeCartPoleVector(options: BatchedVectorOptions): CartPoleVectorEnv {
  const envs = new CartPoleVectorEnv(options.numEnvs, {
    autoresetMode: options.autoresetMode,
    maxEpisodeSteps: options.maxEpisodeSteps ?? 0,
    kwargs: options.kwargs as Partial<CartPoleOptions>,
    threads: options.threads,
  });
  envs.spec = options.spec;
  return envs;
}
