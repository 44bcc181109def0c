import * as tf from '@tensorflow/tfjs';
import type { Env } from '../../src/core/env.js';
import { ensureBackend } from '../../src/backend/index.js';
import { loadModel, saveModel } from '../../src/nn/index.js';
import { CallbackRunner } from '../../src/train/callback-runner.js';
import type { BatchArray, VectorEnv } from '../../src/vector/types.js';
import type { ActOptions, AgentSpaces, LearnOptions } from '../common/agent.js';
import { makeOptimizer } from '../common/optimizer.js';
import { BaseAgent } from '../common/base-agent.js';
import { linearSchedule, parseSchedule, type Schedule } from '../common/schedule.js';
import { observationTensor, optimizeStep, setLearningRate, trainableVariables } from '../common/tensors.js';
import { VectorStepper } from '../common/vector-stepper.js';
import { resolveDqnConfig, type DqnConfig } from './config.js';
import { huber, tdTargets } from './losses.js';
import { NStepQueue } from './n-step-queue.js';
import { PrioritizedReplayBuffer } from './prioritized-replay.js';
import { QNetwork } from './q-network.js';
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
    const build = (name: string) => new QNetwork(this.observation, this.numActions, resolved.dueling, resolved.netArch, resolved.activation, resolved.seed, name, resolved.featuresExtractor);
    this.qNetwork = build('q');
    this.targetNetwork = build('target');
    this.targetNetwork.updateFrom(this.qNetwork, 1);
    this.learningRate = parseSchedule(resolved.learningRate, 'dqn', 'learningRate');
    this.optimizer = makeOptimizer(resolved, this.learningRate(0));
  }

  /** Greedy actions (epsilon-greedy happens in `learn`). */
  actBatch(observations: BatchArray, count: number, _options: ActOptions = {}): Int32Array {
    const greedy = this.greedyActions(observations, count);
    if (this.firstAction !== 0) for (let i = 0; i < count; i++) greedy[i]! += this.firstAction;
    return greedy;
  }

  /** 0-based argmax actions. */
  private greedyActions(observations: ArrayLike<number>, count: number): Int32Array {
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
    await ensureBackend({
      convolutional: this.observation.image,
      batchSize: config.batchSize,
      imagePixels: this.observation.shape[0]! * (this.observation.shape[1] ?? 1),
      notOnWebGpu: 'DQN reads its loss and actions back synchronously, which webgpu in Node cannot',
    });
    const stepper = new VectorStepper(vector, this.name, { envName: options.envId, checkObservations: options.checkObservations });
    const n = stepper.numEnvs;
    const size = this.observation.size;
    const buffer = (this.replay ??= this.newReplayBuffer());
    const queues = Array.from({ length: n }, () => new NStepQueue(config.nStep, config.gamma));
    const runner = CallbackRunner.create(this.name, this, vector, this.numTimesteps, options.totalSteps, options);
    const targetEvery = Math.max(Math.floor(config.targetUpdateInterval / n), 1);
    const ObsArray = this.observation.storage === 'uint8' ? Uint8Array : Float32Array;
    let stepsSinceTraining = 0;
    let nextLog = this.numTimesteps + config.logInterval;
    const losses: number[] = [];
    const qMeans: number[] = [];
    stepper.reset(this.resetSeed(options));
    stepper.stepCount = this.numTimesteps;
    await runner.start();
    while (this.numTimesteps < options.totalSteps && !runner.stopRequested) {
      const progress = this.numTimesteps / options.totalSteps;
      const epsilon = this.epsilon(progress);
      const observations = ObsArray.from(stepper.observations);
      const actions = this.explore(observations, n, this.numTimesteps < config.learningStarts ? 1 : epsilon);
      const envActions = this.firstAction === 0 ? actions : actions.map((a) => a + this.firstAction);
      const outcome = stepper.step(envActions);
      for (let i = 0; i < n; i++) {
        if (!outcome.valid[i]) continue;
        const observation = observations.subarray(i * size, (i + 1) * size);
        const next = (outcome.finalObservations[i] as Float32Array | Uint8Array | undefined) ?? stepper.observations.subarray(i * size, (i + 1) * size);
        const ready = queues[i]!.push(observation.slice(), actions[i]!, outcome.rewards[i]!, ObsArray.from(next), outcome.terminated[i] === 1, outcome.truncated[i] === 1);
        for (const t of ready) buffer.add(t.observation, t.action, t.reward, t.nextObservation, t.terminated, t.discount);
      }
      const before = this.numTimesteps;
      this.numTimesteps = stepper.stepCount;
      stepsSinceTraining += this.numTimesteps - before;
      this.vectorSteps++;
      runner.episodes(outcome.episodes);
      runner.step(this.numTimesteps);

      const learning = this.numTimesteps >= config.learningStarts && buffer.size >= config.batchSize;
      if (learning && this.vectorSteps % config.trainFreq === 0) {
        const steps = config.gradientSteps === -1 ? stepsSinceTraining : config.gradientSteps;
        setLearningRate(this.optimizer, this.learningRate(progress));
        const beta = config.priorityBeta0 + (1 - config.priorityBeta0) * progress;
        for (let g = 0; g < steps; g++) {
          const { loss, qMean } = this.trainStep(buffer, beta);
          losses.push(loss);
          qMeans.push(qMean);
        }
        stepsSinceTraining = 0;
      }
      if (this.vectorSteps % targetEvery === 0) this.targetNetwork.updateFrom(this.qNetwork, config.tau);
      if (this.numTimesteps >= nextLog) {
        nextLog += config.logInterval;
        const mean = (xs: number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);
        await runner.metrics({ loss: mean(losses), qMean: mean(qMeans), epsilon, learningRate: this.learningRate(progress), bufferSize: buffer.size });
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

  /** One gradient step on a sampled minibatch; returns the loss and mean Q for the logs. */
  private trainStep(buffer: ReplayBuffer, beta: number): { loss: number; qMean: number } {
    const prioritized = buffer instanceof PrioritizedReplayBuffer;
    const batch: ReplayBatch = prioritized ? buffer.sample(this.config.batchSize, this.rng, beta) : buffer.sample(this.config.batchSize, this.rng);
    const count = batch.actions.length;
    const tensors = tf.tidy(() => {
      const next = observationTensor(batch.nextObservations, count, this.observation);
      const targetNext = this.targetNetwork.qValues(next);
      const onlineNext = this.config.doubleQ ? this.qNetwork.qValues(next) : undefined;
      return {
        observations: observationTensor(batch.observations, count, this.observation),
        actions: tf.oneHot(tf.tensor1d(batch.actions, 'int32'), this.numActions),
        targets: tdTargets(tf.tensor1d(batch.rewards), tf.tensor1d(batch.discounts), tf.tensor1d(batch.terminated), targetNext, onlineNext),
        weights: tf.tensor1d(batch.weights),
      };
    });
    const { keep, gradNorm } = optimizeStep(this.optimizer, this.variables(), this.config.maxGradNorm, () => {
      const q = tf.sum(tf.mul(this.qNetwork.qValues(tensors.observations), tensors.actions), 1) as tf.Tensor1D;
      const errors = tf.sub(q, tensors.targets) as tf.Tensor1D;
      const perRow = this.config.loss === 'huber' ? huber(errors) : tf.square(errors);
      const loss = tf.mean(tf.mul(tensors.weights, perRow)) as tf.Scalar;
      return { loss, keep: [loss, tf.mean(q), errors] };
    }, { measureNorm: false });
    const [lossTensor, qMeanTensor, errorsTensor] = keep as [tf.Tensor, tf.Tensor, tf.Tensor];
    const loss = lossTensor.dataSync()[0]!;
    const qMean = qMeanTensor.dataSync()[0]!;
    if (prioritized) buffer.updatePriorities(batch.indices, errorsTensor.dataSync());
    tf.dispose([...keep, ...Object.values(tensors)]);
    gradNorm?.dispose();
    return { loss, qMean };
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
