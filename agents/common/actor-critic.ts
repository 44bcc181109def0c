import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../../src/core/rng.js';
import { loadModel, saveModel, type Activation, type FeaturesExtractorOptions, type ForwardFn } from '../../src/nn/index.js';
import { categoricalEntropy, categoricalLogProb, gaussianEntropy, gaussianLogProb, sampleCategorical, sampleGaussian, squashAction } from './distributions.js';
import { buildNetwork, networkForward } from './networks.js';
import type { ActionLayout, ObservationLayout } from './space-layout.js';
import { observationTensor, trainableVariables } from './tensors.js';

/** The network settings every policy-gradient agent shares (PPO, A2C, REINFORCE). */
export interface PolicyNetworkConfig {
  /** Hidden layers of the policy and of the value MLPs (each has its own). */
  netArch: number[];
  activation: Activation;
  /** Orthogonal initialisation (gain sqrt 2 hidden, 0.01 policy output, 1 value output), as SB3 and CleanRL. */
  orthoInit: boolean;
  /** Initial log standard deviation of Gaussian policies. */
  logStdInit: number;
  /** How Gaussian draws map into Box action bounds. */
  squash: 'tanh' | 'clip';
  /**
   * Dict observations: each entry's extractor (SB3's features_extractor_kwargs): `cnnConvs`,
   * `cnnOutputDim`, `vectorHiddenSizes`; netArch then sizes the layers after the concatenation.
   */
  featuresExtractor?: FeaturesExtractorOptions;
}

/** Actions for a batch, as the env takes them and as the learner stores them. */
export interface PolicyStep {
  /** What the env gets: action indices (plus the space's start) or squashed Box actions. */
  envActions: Int32Array | Float32Array;
  /** What the learner stores: 0-based indices, or the unsquashed Gaussian draws. */
  rawActions: Int32Array | Float32Array;
  logProbs: Float64Array;
  values: Float32Array;
}

/** How `ActorCritic.step` acts. */
export interface PolicyStepOptions {
  /** The mode of the distribution (argmax, or the Gaussian's mean) instead of a draw. Default false. */
  deterministic?: boolean;
  /** Also run the value network (the learner needs V(s); acting does not). Default true. */
  withValues?: boolean;
}

/** What the policy says about a minibatch now (differentiable), for the policy-gradient losses. */
export interface PolicyEvaluation {
  /** log pi(a|s) of the recorded raw actions. */
  logProb: tf.Tensor1D;
  /** Per-row entropy, or a scalar for state-independent Gaussians. */
  entropy: tf.Tensor;
  values: tf.Tensor1D;
}

/**
 * A policy network and a value network over the same observations, with a categorical head for
 * Discrete actions or a Gaussian one (state-independent log std) for Box actions.
 *
 * @example const policy = new ActorCritic(observationLayout(space, 'ppo'), actionLayout(actSpace, 'ppo'), config, 0);
 */
export class ActorCritic {
  readonly actor: tf.LayersModel;
  readonly critic: tf.LayersModel;
  /** The Gaussian's log standard deviation per action dimension (undefined for Discrete). */
  readonly logStd: tf.Variable | undefined;
  /** The two networks as plain ops (see src/nn/direct-forward.ts): same values, less bookkeeping per call. */
  private readonly actorForward: ForwardFn;
  private readonly criticForward: ForwardFn;

  constructor(
    readonly observation: ObservationLayout,
    readonly action: ActionLayout,
    readonly config: PolicyNetworkConfig,
    seed: number,
  ) {
    const outputs = action.kind === 'discrete' ? action.n : action.size;
    const hiddenInit = config.orthoInit ? { name: 'orthogonal' as const, gain: Math.SQRT2 } : ('glorotUniform' as const);
    const outputInit = (gain: number) => (config.orthoInit ? { name: 'orthogonal' as const, gain } : ('glorotUniform' as const));
    const shared = { observation, hiddenSizes: config.netArch, activation: config.activation, kernelInitializer: hiddenInit, featuresExtractor: config.featuresExtractor };
    this.actor = buildNetwork({ ...shared, outputs, outputKernelInitializer: outputInit(0.01), seed, name: 'actor' });
    this.critic = buildNetwork({ ...shared, outputs: 1, outputKernelInitializer: outputInit(1), seed: seed + 1, name: 'critic' });
    this.actorForward = networkForward(this.actor, observation);
    this.criticForward = networkForward(this.critic, observation);
    // tidy frees the fill tensor the variable was copied from; the variable itself survives.
    this.logStd = action.kind === 'box' ? tf.tidy(() => tf.variable(tf.fill([action.size], config.logStdInit), true, undefined, 'float32')) : undefined;
  }

  /** Every variable the optimiser updates. */
  variables(): tf.Variable[] {
    const fromModels = trainableVariables([this.actor, this.critic]);
    return this.logStd ? [...fromModels, this.logStd] : fromModels;
  }

  /**
   * Chooses actions for `count` stacked observations: samples (or takes the mode when
   * deterministic) with `rng`, and reports log-probabilities and values for the learner.
   */
  step(observations: ArrayLike<number>, count: number, rng: Rng, { deterministic = false, withValues = true }: PolicyStepOptions = {}): PolicyStep {
    const [actorOut, valueOut] = tf.tidy(() => {
      const input = observationTensor(observations, count, this.observation);
      return withValues ? [this.actorForward(input), this.criticForward(input)] : [this.actorForward(input)];
    });
    const head = actorOut!.dataSync();
    const values = valueOut ? (valueOut.dataSync() as Float32Array) : new Float32Array(count);
    tf.dispose([actorOut!, valueOut!]);
    const logProbs = new Float64Array(count);
    if (this.action.kind === 'discrete') {
      const { n, start } = this.action;
      const rawActions = new Int32Array(count);
      const envActions = new Int32Array(count);
      for (let i = 0; i < count; i++) {
        const { action, logProb } = sampleCategorical(head, i * n, n, rng, { deterministic });
        rawActions[i] = action;
        envActions[i] = action + start;
        logProbs[i] = logProb;
      }
      return { envActions, rawActions, logProbs, values };
    }
    const { size, low, high } = this.action;
    const logStd = this.logStd!.dataSync();
    const rawActions = new Float32Array(count * size);
    const envActions = new Float32Array(count * size);
    for (let i = 0; i < count; i++) {
      logProbs[i] = sampleGaussian(head, logStd, i * size, size, rng, { deterministic }, rawActions);
      for (let j = 0; j < size; j++) envActions[i * size + j] = squashAction(rawActions[i * size + j]!, low[j]!, high[j]!, this.config.squash);
    }
    return { envActions, rawActions, logProbs, values };
  }

  /** V(s) for `count` stacked observations. */
  values(observations: ArrayLike<number>, count: number): Float32Array {
    const out = tf.tidy(() => this.criticForward(observationTensor(observations, count, this.observation)));
    const values = out.dataSync() as Float32Array;
    out.dispose();
    return values;
  }

  /**
   * The differentiable pieces of the policy-gradient losses for a minibatch:
   * log pi(a|s), the entropy and V(s). `actions` holds raw actions (indices or Gaussian draws).
   */
  evaluate(observations: tf.Tensor, actions: tf.Tensor): PolicyEvaluation {
    const head = this.actorForward(observations) as tf.Tensor2D;
    const values = tf.reshape(this.criticForward(observations), [-1]) as tf.Tensor1D;
    if (this.action.kind === 'discrete') {
      return { logProb: categoricalLogProb(head, actions as tf.Tensor1D), entropy: categoricalEntropy(head), values };
    }
    return { logProb: gaussianLogProb(head, this.logStd as tf.Tensor1D, actions as tf.Tensor2D), entropy: gaussianEntropy(this.logStd as tf.Tensor1D), values };
  }

  async save(dir: string): Promise<{ logStd?: number[] }> {
    await saveModel(this.actor, dir, { name: 'actor' });
    await saveModel(this.critic, dir, { name: 'critic' });
    return this.logStd ? { logStd: Array.from(this.logStd.dataSync()) } : {};
  }

  /** Copies the weights saved in `dir` into these networks. */
  async load(dir: string, state: { logStd?: number[] }): Promise<void> {
    for (const [model, name] of [[this.actor, 'actor'], [this.critic, 'critic']] as const) {
      const loaded = await loadModel(dir, { name });
      model.setWeights(loaded.getWeights());
      loaded.dispose();
    }
    if (this.logStd && state.logStd) {
      const saved = state.logStd;
      tf.tidy(() => this.logStd!.assign(tf.tensor1d(saved)));
    }
  }

  dispose(): void {
    this.actor.dispose();
    this.critic.dispose();
    this.logStd?.dispose();
  }
}
