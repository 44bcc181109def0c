/**
 * Deep Q-Network, in the order it runs: the loop (`DqnAgent.learn`) acts epsilon-greedily
 * (`explore`), stores each transition in the replay buffer (through an n-step queue only when
 * `nStep` > 1), and every `trainFreq` vector steps makes gradient steps (`trainStep`) on sampled
 * minibatches against the TD target (`tdTargets`), copying the online network into the target
 * network every `targetUpdateInterval` steps; acting runs in stretches up to the next step where
 * one of those is due (on webgpu, on the host backend). Prioritized replay, when on, samples by
 * priority, weights the loss and takes the new TD errors back; when off none of that runs. The Q-network
 * (`QNetwork`, with the dueling head as an option) is in q-network.ts.
 */
import * as tf from '@tensorflow/tfjs';
import type { Env } from '../../src/core/env.js';
import { actOnHost, ensureBackend } from '../../src/backend/index.js';
import { fusedTdStep, loadModel, saveModel } from '../../src/nn/index.js';
import type { ActOptions, AgentSpaces, LearnOptions } from '../../src/train/agent.js';
import { CallbackRunner } from '../../src/train/callback-runner.js';
import type { BatchArray, VectorEnv } from '../../src/vector/types.js';
import { makeOptimizer } from '../common/optimizer.js';
import { BaseAgent } from '../common/base-agent.js';
import { linearSchedule, parseSchedule, type Schedule } from '../common/schedule.js';
import { observationTensor, optimizeStep, setLearningRate, trainableVariables } from '../common/tensors.js';
import { VectorStepper } from '../common/vector-stepper.js';
import { resolveDqnConfig, type DqnConfig } from './config.js';
import { QNetwork } from './q-network.js';
import { NStepQueue } from './n-step-queue.js';
import { PrioritizedReplayBuffer } from './prioritized-replay.js';
import { ReplayBuffer, type ReplayBatch } from './replay-buffer.js';
import { loadReplay, saveReplay } from './replay-file.js';

/**
 * Deep Q-Network (Mnih et al. 2015) with the common extensions as options: double DQN, dueling
 * heads, n-step returns, prioritized replay, Polyak target updates. Discrete actions only.
 *
 * @example
 * const agent = new DqnAgent(env, { learningRate: 2.3e-3, netArch: [256, 256], doubleQ: true });
 * await agent.learn(env, { totalSteps: 50_000 });
 */
export class DqnAgent extends BaseAgent<DqnConfig> {
  readonly qNetwork: QNetwork;
  readonly targetNetwork: QNetwork;
  protected readonly optimizer: tf.Optimizer;
  private readonly learningRate: Schedule;
  private readonly numActions: number;
  /** The action space's first action (Discrete spaces may start anywhere). */
  private readonly firstAction: number;
  /** Vector steps taken, for trainFreq and the target interval. */
  private vectorSteps = 0;
  /** Kept across learn() calls, as SB3 does; saved with checkpoints when `saveReplayBuffer`. */
  private replay: ReplayBuffer | undefined;

  constructor(spaces: AgentSpaces, config?: Partial<DqnConfig>) {
    const resolved = resolveDqnConfig(config);
    super(spaces, resolved, { name: 'dqn', boxActions: false });
    // actionLayout refused Box spaces for dqn above, so the layout is discrete.
    const { n, start } = this.action as { n: number; start: number };
    this.numActions = n;
    this.firstAction = start;
    const build = (name: string) =>
      new QNetwork({
        observation: this.observation,
        numActions: n,
        dueling: resolved.dueling,
        hiddenSizes: resolved.netArch,
        activation: resolved.activation,
        seed: resolved.seed,
        name,
        featuresExtractor: resolved.featuresExtractor,
      });
    this.qNetwork = build('q');
    this.targetNetwork = build('target');
    this.targetNetwork.updateFrom(this.qNetwork, 1);
    this.learningRate = parseSchedule(resolved.learningRate, this.name, 'learningRate');
    this.optimizer = makeOptimizer(resolved, this.learningRate(0));
  }

  /** Greedy actions (epsilon-greedy happens in `learn`). */
  actBatch(observations: BatchArray, count: number, _options: ActOptions = {}): Int32Array {
    const greedy = this.greedyActions(observations, count);
    if (this.firstAction !== 0) for (let i = 0; i < count; i++) greedy[i]! += this.firstAction;
    return greedy;
  }

  /** 0-based argmax actions: natively on host arrays when the network allows, else through tfjs. */
  private greedyActions(observations: ArrayLike<number>, count: number): Int32Array {
    return this.qNetwork.greedyOnHost(observations, count) ?? this.greedyWithTensors(observations, count);
  }

  private greedyWithTensors(observations: ArrayLike<number>, count: number): Int32Array {
    const best = tf.tidy(() => tf.argMax(this.qNetwork.qValues(observationTensor(observations, count, this.observation)), 1));
    const actions = Int32Array.from(best.dataSync());
    best.dispose();
    return actions;
  }

  /** The exploration rate at a point of training. */
  epsilon(progress: number): number {
    const { explorationInitialEps, explorationFinalEps, explorationFraction } = this.config;
    return linearSchedule(explorationInitialEps, explorationFinalEps, explorationFraction)(progress);
  }

  async learn(env: Env | VectorEnv, options: LearnOptions): Promise<void> {
    const vector = this.prepareEnv(env);
    const config = this.config;
    await ensureBackend({ convolutional: this.observation.image, batchSize: config.batchSize, imagePixels: this.observation.shape[0]! * (this.observation.shape[1] ?? 1) });
    const stepper = new VectorStepper(vector, this.name, { envName: options.envId, checkObservations: options.checkObservations });
    const n = stepper.numEnvs;
    const size = this.observation.size;
    const replay = (this.replay ??= this.newReplayBuffer());
    const prioritized = replay instanceof PrioritizedReplayBuffer ? replay : undefined;
    // With n-step returns each sub-env's steps wait in a queue until n rewards are known; with
    // nStep 1 every step goes straight into the replay buffer.
    const queues = config.nStep > 1 ? Array.from({ length: n }, () => new NStepQueue(config.nStep, config.gamma)) : undefined;
    const runner = CallbackRunner.create(this.name, this, vector, this.numTimesteps, options.totalSteps, options);
    const targetEvery = Math.max(Math.floor(config.targetUpdateInterval / n), 1);
    const ObsArray = this.observation.storage === 'uint8' ? Uint8Array : Float32Array;
    let stepsSinceTraining = 0;
    let nextLog = this.numTimesteps + config.logInterval;
    const losses: number[] = [];
    const qMeans: number[] = [];

    /** One vector step: act (uniformly random before learningStarts, then epsilon-greedy), step, store. */
    const actAndStore = (): { progress: number; epsilon: number } => {
      const progress = this.numTimesteps / options.totalSteps;
      const epsilon = this.epsilon(progress);
      const observations = ObsArray.from(stepper.observations);
      const actions = this.explore(observations, n, this.numTimesteps < config.learningStarts ? 1 : epsilon);
      const envActions = this.firstAction === 0 ? actions : actions.map((a) => a + this.firstAction);
      const outcome = stepper.step(envActions);
      // Store: (s, a, r, s', terminated, gamma), s' being the final observation when the episode ended.
      for (let i = 0; i < n; i++) {
        if (!outcome.valid[i]) continue;
        const observation = observations.subarray(i * size, (i + 1) * size);
        const next = (outcome.finalObservations[i] as Float32Array | Uint8Array | undefined) ?? stepper.observations.subarray(i * size, (i + 1) * size);
        if (!queues) {
          replay.add(observation, actions[i]!, outcome.rewards[i]!, next, outcome.terminated[i] === 1, config.gamma);
          continue;
        }
        const ready = queues[i]!.push(observation.slice(), actions[i]!, outcome.rewards[i]!, ObsArray.from(next), outcome.terminated[i] === 1, outcome.truncated[i] === 1);
        for (const t of ready) replay.add(t.observation, t.action, t.reward, t.nextObservation, t.terminated, t.discount);
      }
      const before = this.numTimesteps;
      this.numTimesteps = stepper.stepCount;
      stepsSinceTraining += this.numTimesteps - before;
      this.vectorSteps++;
      runner.episodes(outcome.episodes);
      runner.step(this.numTimesteps);
      return { progress, epsilon };
    };
    /** What is due after the vector step just taken: training (every trainFreq vector steps, once learning), a target update, a log. */
    const due = () => ({
      train: this.numTimesteps >= config.learningStarts && replay.size >= config.batchSize && this.vectorSteps % config.trainFreq === 0,
      target: this.vectorSteps % targetEvery === 0,
      log: this.numTimesteps >= nextLog,
    });
    const stop = () => this.numTimesteps >= options.totalSteps || runner.stopRequested;

    stepper.reset(this.resetSeed(options));
    stepper.stepCount = this.numTimesteps;
    await runner.start();
    while (!stop()) {
      // Act until something is due. The Q-network changes only at training and acting needs its
      // argmax at once, so on a GPU backend these steps run on the host with the weights read back
      // once (every trainFreq vector steps when learning), not once per step.
      const { progress, epsilon } = await actOnHost(this.variables(), () => {
        let step = actAndStore();
        while (!Object.values(due()).some(Boolean) && !stop()) step = actAndStore();
        return step;
      });
      const { train, target, log } = due();
      if (train) {
        const steps = config.gradientSteps === -1 ? stepsSinceTraining : config.gradientSteps;
        setLearningRate(this.optimizer, this.learningRate(progress));
        // Prioritized replay's importance-sampling exponent rises linearly from priorityBeta0 to 1.
        const beta = prioritized ? config.priorityBeta0 + (1 - config.priorityBeta0) * progress : 0;
        for (let g = 0; g < steps; g++) {
          const batch = prioritized ? prioritized.sample(config.batchSize, this.rng, beta) : replay.sample(config.batchSize, this.rng);
          const { loss, qMean, tdErrors } = await this.trainStep(batch, { prioritized: prioritized !== undefined });
          if (prioritized) prioritized.updatePriorities(batch.indices, tdErrors!);
          losses.push(loss);
          qMeans.push(qMean);
        }
        stepsSinceTraining = 0;
      }
      if (target) this.targetNetwork.updateFrom(this.qNetwork, config.tau);
      if (log) {
        nextLog += config.logInterval;
        const mean = (xs: number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);
        await runner.metrics({ loss: mean(losses), qMean: mean(qMeans), epsilon, learningRate: this.learningRate(progress), bufferSize: replay.size });
        losses.length = 0;
        qMeans.length = 0;
      }
    }
    await runner.end();
  }

  /** Epsilon-greedy 0-based actions: a forward pass only when some sub-env exploits. */
  private explore(observations: ArrayLike<number>, count: number, epsilon: number): Int32Array {
    const explore = Array.from({ length: count }, () => this.rng.random() < epsilon);
    const actions = explore.every(Boolean) ? new Int32Array(count) : this.greedyActions(observations, count);
    for (let i = 0; i < count; i++) if (explore[i]) actions[i] = this.rng.integer(0, this.numActions);
    return actions;
  }

  /**
   * The gradient step: one step on a minibatch, the loss (Huber or squared) of
   * `Q(s, a) - tdTargets(...)`, gradients clipped to `maxGradNorm`. With `prioritized` the loss
   * is weighted by the batch's importance-sampling weights and the TD errors come back for the
   * new priorities. Returns the loss and mean Q for the logs, read back in one asynchronous read
   * (webgpu in Node has no synchronous one).
   */
  private async trainStep(batch: ReplayBatch, { prioritized }: { prioritized: boolean }): Promise<{ loss: number; qMean: number; tdErrors?: Float32Array }> {
    const count = batch.actions.length;
    // On the native backend plain MLPs and the image CNNs take one fused native step (src/nn/fused-td.ts), the same maths.
    const fused = fusedTdStep(this.qNetwork.model, this.targetNetwork.model);
    if (fused) {
      const { loss, doubleQ, dueling, maxGradNorm } = this.config;
      return fused.step(this.optimizer, batch, { loss, doubleQ, dueling, numActions: this.numActions, observationScale: this.observation.scale, maxGradNorm });
    }
    const tensors = tf.tidy(() => {
      const next = observationTensor(batch.nextObservations, count, this.observation);
      const targetNext = this.targetNetwork.qValues(next);
      const onlineNext = this.config.doubleQ ? this.qNetwork.qValues(next) : undefined;
      return {
        observations: observationTensor(batch.observations, count, this.observation),
        actions: tf.oneHot(tf.tensor1d(batch.actions, 'int32'), this.numActions),
        targets: tdTargets(tf.tensor1d(batch.rewards), tf.tensor1d(batch.discounts), tf.tensor1d(batch.terminated), targetNext, onlineNext),
        ...(prioritized ? { weights: tf.tensor1d(batch.weights) } : {}),
      };
    });
    const { keep, gradNorm } = optimizeStep(this.optimizer, this.variables(), this.config.maxGradNorm, () => {
      const q = tf.sum(tf.mul(this.qNetwork.qValues(tensors.observations), tensors.actions), 1) as tf.Tensor1D;
      const errors = tf.sub(q, tensors.targets) as tf.Tensor1D;
      const perRow = this.config.loss === 'huber' ? huber(errors) : tf.square(errors);
      const loss = tf.mean(tensors.weights ? tf.mul(tensors.weights, perRow) : perRow) as tf.Scalar;
      return { loss, keep: prioritized ? [loss, tf.mean(q), errors] : [loss, tf.mean(q)] };
    }, { measureNorm: false });
    // [loss, mean Q, TD errors...]
    const read = tf.tidy(() => tf.concat(keep.map((t) => t.reshape([-1]))));
    tf.dispose([...keep, ...Object.values(tensors)]);
    gradNorm?.dispose();
    const values = (await read.data()) as Float32Array;
    read.dispose();
    return { loss: values[0]!, qMean: values[1]!, tdErrors: prioritized ? values.slice(2) : undefined };
  }

  private variables(): tf.Variable[] {
    return trainableVariables([this.qNetwork.model]);
  }

  private newReplayBuffer(): ReplayBuffer {
    const config = this.config;
    const size = this.observation.size;
    return config.prioritizedReplay
      ? new PrioritizedReplayBuffer(config.bufferSize, size, this.observation.storage, config.priorityAlpha, config.priorityEps, this.observation.entries)
      : new ReplayBuffer(config.bufferSize, size, this.observation.storage, this.observation.entries);
  }

  /** Transitions in the replay buffer (0 before the first learn() or load()). */
  get replaySize(): number {
    return this.replay?.size ?? 0;
  }

  protected async saveNetworks(dir: string): Promise<Record<string, unknown>> {
    await saveModel(this.qNetwork.model, dir, { name: 'q' });
    await saveModel(this.targetNetwork.model, dir, { name: 'target' });
    const replay = this.config.saveReplayBuffer && this.replay ? { replay: await saveReplay(this.replay, dir) } : {};
    return { vectorSteps: this.vectorSteps, ...replay };
  }

  protected async loadNetworks(dir: string, state: Record<string, unknown>): Promise<void> {
    for (const [network, name] of [[this.qNetwork, 'q'], [this.targetNetwork, 'target']] as const) {
      const loaded = await loadModel(dir, { name });
      network.model.setWeights(loaded.getWeights());
      loaded.dispose();
    }
    this.vectorSteps = typeof state['vectorSteps'] === 'number' ? state['vectorSteps'] : 0;
    const header = state['replay'] as { size: number; observationSize: number; storage: string } | undefined;
    if (header) {
      const replay = this.newReplayBuffer();
      await loadReplay(replay, dir, header);
      this.replay = replay;
    }
  }

  dispose(): void {
    this.qNetwork.dispose();
    this.targetNetwork.dispose();
    this.optimizer.dispose();
  }
}

/**
 * TD targets `r + discount * (1 - terminated) * Q_target(s', a')`, with a' the target network's
 * argmax (DQN) or the online network's (double DQN). Not differentiated.
 *
 * @example const y = tdTargets(rewards, discounts, terminated, targetNext, onlineNext);
 */
export function tdTargets(rewards: tf.Tensor1D, discounts: tf.Tensor1D, terminated: tf.Tensor1D, targetNextQ: tf.Tensor2D, onlineNextQ?: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    const nextQ = onlineNextQ
      ? tf.sum(tf.mul(targetNextQ, tf.oneHot(tf.argMax(onlineNextQ, 1) as tf.Tensor1D, targetNextQ.shape[1])), 1)
      : tf.max(targetNextQ, 1);
    return tf.add(rewards, tf.mul(tf.mul(discounts, tf.sub(1, terminated)), nextQ)) as tf.Tensor1D;
  });
}

/**
 * Elementwise Huber loss with delta 1 (torch's smooth_l1): quadratic below 1, linear above.
 *
 * @example huber(tf.tensor1d([0.5, 3])) // [0.125, 2.5]
 */
export function huber(errors: tf.Tensor1D): tf.Tensor1D {
  return tf.tidy(() => {
    const absolute = tf.abs(errors);
    const quadratic = tf.minimum(absolute, 1);
    return tf.add(tf.mul(0.5, tf.square(quadratic)), tf.sub(absolute, quadratic)) as tf.Tensor1D;
  });
}
