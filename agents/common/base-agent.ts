import { mkdir } from 'node:fs/promises';
import type * as tf from '@tensorflow/tfjs';
import type { Env } from '../../src/core/env.js';
import { ConfigError } from '../../src/core/errors.js';
import { Rng } from '../../src/core/rng.js';
import type { BatchArray, VectorEnv } from '../../src/vector/types.js';
import type { ActOptions, Agent, AgentSpaces, LearnOptions } from '../../src/train/agent.js';
import { readAgentFile, writeAgentFile } from './agent-file.js';
import { loadOptimizerState, saveOptimizerState, type OptimizerStateSpec } from './optimizer-state.js';
import { actionLayout, observationLayout, type ActionLayout, type ObservationLayout } from './space-layout.js';
import { asVectorEnv } from './vector-stepper.js';

/** Config keys every agent has. */
export interface CommonConfig {
  /** Seeds the networks' initial weights, action sampling, minibatch order and env resets. */
  seed: number;
}

/** What a subclass tells `BaseAgent` about its algorithm, once. */
export interface AlgorithmInfo {
  /** The key in the agent registry ('dqn', 'ppo', ...), used in messages and in agent.json. */
  name: string;
  /** Whether it also acts in Box (continuous) action spaces; Discrete ones it always takes. */
  boxActions: boolean;
}

/**
 * What every algorithm shares: spaces and their layouts, the seeded Rng, the step count,
 * single-observation `act`, and the `agent.json` half of save/load. Subclasses add networks.
 *
 * @example class MyAgent extends BaseAgent<MyConfig> { constructor(spaces, config) { super(spaces, config, { name: 'mine', boxActions: true }); } }
 */
export abstract class BaseAgent<C extends CommonConfig> implements Agent {
  readonly name: string;
  readonly observation: ObservationLayout;
  readonly action: ActionLayout;
  numTimesteps = 0;
  /** The env id the agent was trained on, when known; saved so eval can refuse another env. */
  envId: string | undefined;
  protected readonly rng: Rng;
  /** Saved with the networks so a resumed run keeps its moment estimates. */
  protected abstract readonly optimizer: tf.Optimizer;

  constructor(
    readonly spaces: AgentSpaces,
    readonly config: Readonly<C>,
    { name, boxActions }: AlgorithmInfo,
  ) {
    this.name = name;
    this.observation = observationLayout(spaces.observationSpace, name);
    this.action = actionLayout(spaces.actionSpace, name, { boxActions });
    this.rng = new Rng(config.seed);
  }

  abstract actBatch(observations: BatchArray, count: number, options?: ActOptions): Int32Array | Float32Array;
  abstract learn(env: Env | VectorEnv, options: LearnOptions): Promise<void>;
  /** Saves the networks into `dir` and returns the extra state agent.json should carry. */
  protected abstract saveNetworks(dir: string): Promise<Record<string, unknown>>;
  protected abstract loadNetworks(dir: string, state: Record<string, unknown>): Promise<void>;
  abstract dispose(): void;

  act(observation: unknown, options: ActOptions = {}): unknown {
    // Any numeric array of the right length is accepted: an observation a little outside its
    // space's bounds is still one the network can answer.
    const why = this.spaces.observationSpace.whyNotContained(observation);
    if (why !== undefined && !(ArrayBuffer.isView(observation) && (observation as unknown as ArrayLike<number>).length === this.observation.size)) {
      throw new ConfigError(`${this.name}.act(): observation does not fit the agent's space: ${why}`);
    }
    const actions = this.actBatch(this.observation.entries ? this.flattenDict(observation) : (observation as BatchArray), 1, options);
    return this.action.kind === 'discrete' ? actions[0]! : actions;
  }

  /** A Dict observation's entries side by side, in the order the networks read them. */
  private flattenDict(observation: unknown): Float32Array {
    if (ArrayBuffer.isView(observation)) return observation as Float32Array;
    const flat = new Float32Array(this.observation.size);
    for (const entry of this.observation.entries!) flat.set((observation as Record<string, ArrayLike<number>>)[entry.key]!, entry.offset);
    return flat;
  }

  /** The vector env `learn()` steps, after checking it has the agent's spaces. */
  protected prepareEnv(env: Env | VectorEnv): VectorEnv {
    const vector = asVectorEnv(env);
    const same = (a: { toJSON(): unknown }, b: { toJSON(): unknown }) => JSON.stringify(a.toJSON()) === JSON.stringify(b.toJSON());
    if (!same(vector.singleObservationSpace, this.spaces.observationSpace) || !same(vector.singleActionSpace, this.spaces.actionSpace)) {
      throw new ConfigError(
        `${this.name}.learn(): the env has spaces ${vector.singleObservationSpace} / ${vector.singleActionSpace}, ` +
          `but the agent was built for ${this.spaces.observationSpace} / ${this.spaces.actionSpace}`,
      );
    }
    this.envId = vector.spec?.id ?? this.envId;
    return vector;
  }

  /** The reset seed of a `learn()` call: continuing runs do not replay the first episodes. */
  protected resetSeed(options: LearnOptions): number {
    return options.seed ?? this.config.seed + this.numTimesteps;
  }

  async save(dir: string): Promise<void> {
    await mkdir(dir, { recursive: true });
    const extra = await this.saveNetworks(dir);
    const optimizer = await saveOptimizerState(dir, this.optimizer);
    await writeAgentFile(dir, {
      agent: this.name,
      config: { ...this.config },
      state: { ...extra, numTimesteps: this.numTimesteps, rng: this.rng.getState(), optimizer },
      observationSpace: this.spaces.observationSpace.toJSON(),
      actionSpace: this.spaces.actionSpace.toJSON(),
      ...(this.envId ? { envId: this.envId } : {}),
    });
  }

  async load(dir: string): Promise<void> {
    const file = await readAgentFile(dir, { agent: this.name, spaces: this.spaces });
    await this.loadNetworks(dir, file.state);
    if (Array.isArray(file.state['optimizer'])) await loadOptimizerState(dir, this.optimizer, file.state['optimizer'] as OptimizerStateSpec);
    this.numTimesteps = file.state.numTimesteps;
    // JSON writes the Rng's cached-normal NaN as null.
    if (Array.isArray(file.state['rng'])) this.rng.setState((file.state['rng'] as (number | null)[]).map((v) => v ?? Number.NaN));
    this.envId = file.envId;
  }
}
