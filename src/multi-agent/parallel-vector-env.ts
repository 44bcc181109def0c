import type { EnvMetadata, EnvSpec, Info } from '../core/env.js';
import { calledBeforeReset, describeValue, EnvError } from '../core/errors.js';
import type { SceneFrame } from '../core/scene.js';
import { Box } from '../core/spaces/box.js';
import { Discrete } from '../core/spaces/discrete.js';
import type { Space } from '../core/spaces/space.js';
import { NO_INFO, type AutoresetMode, type VectorEnv, type VectorResetOptions, type VectorResetResult, type VectorStepResult } from '../vector/types.js';
import { clearFlatBuffers, supportsFlatStepping, type FlatBuffers, type FlatStepping } from './flat-stepping.js';
import type { ParallelEnv, PerAgent } from './parallel-env.js';

/** The info of a slot whose row in this step carries no transition (see `ParallelVectorEnv`). */
const IDLE_INFO: Info = Object.freeze({ idle: true }) as Info;

type SlotState = 'alive' | 'ended' | 'idle';

/** Options of `ParallelVectorEnv`. */
export interface ParallelVectorEnvOptions {
  /**
   * Step through the env's flat path (`FlatStepping`: typed arrays, no per-agent dicts) when it
   * has one; the results are the same numbers. false: always the dict path. Default true.
   */
  flat?: boolean;
}

/**
 * Turns a ParallelEnv of identical agents into a VectorEnv with one slot per possible agent (what
 * SuperSuit's `pettingzoo_env_to_vec_env_v1` does for PettingZoo), so that any single-agent
 * learner trains one policy shared by every agent, unchanged.
 *
 * How agent and world endings map onto the slots (autoreset mode 'next-step'):
 * 1. Slot i carries agent `possibleAgents[i]`; its observation, action, reward and flags are the
 *    agent's. An agent ending (terminated: terminal state; truncated: cut short) ends the slot's
 *    episode in the same step with the same flag, and the batch holds its final observation, so
 *    a learner bootstraps a truncated slot from it and not a terminated one, as for any vector env.
 * 2. The step after a slot's episode ended is its reset step, as Gymnasium's next-step autoreset:
 *    its action is ignored, reward 0, both flags 0. The slot's info says `idle: true`.
 * 3. While the world goes on without the agent, the slot stays idle: every step has reward 0,
 *    flags 0, `idle: true`, and the observation is the agent's last one. An idle row is no
 *    transition; the agents' VectorStepper leaves it out of learning, as it does reset steps.
 *    If the env brings the agent back (it reappears in `agents`), the slot goes on from its new
 *    observation: that step is the slot's reset step.
 * 4. When `agents` is empty the world is over. The next `step()` resets the world (the seed
 *    stream continues), ignores every action, and is a reset step for every slot (`idle: true`);
 *    the batch then holds the new episode's first observations.
 * A world time limit (`makeParallel`'s) truncates every alive agent at once: rule 1 then rule 4.
 *
 * When the env supports `FlatStepping` (through its wrappers), steps go through it: the env writes
 * straight into this vector env's arrays and no per-agent object is built; `{ flat: false }` keeps
 * the dict path. Both give the same numbers (tests/envs/multi-robot/flat-step.test.ts).
 *
 * @example
 * const envs = new ParallelVectorEnv(makeParallel('MultiRobot/CollisionAvoidance-v0', { robots: 20 }));
 * await createAgent('ppo', { observationSpace: envs.singleObservationSpace, actionSpace: envs.singleActionSpace }, {}).learn(envs, { totalSteps: 1e5 });
 */
export class ParallelVectorEnv implements VectorEnv {
  readonly numEnvs: number;
  readonly singleObservationSpace: Space<unknown>;
  readonly singleActionSpace: Space<unknown>;
  readonly autoresetMode: AutoresetMode = 'next-step';
  private readonly observationSize: number;
  private readonly actionSize: number;
  private readonly discrete: boolean;
  private readonly observations: Float32Array;
  private readonly rewards: Float64Array;
  private readonly terminations: Uint8Array;
  private readonly truncations: Uint8Array;
  private readonly infos: Info[];
  private readonly slotOf = new Map<string, number>();
  private readonly states: SlotState[];
  private worldOver = true;
  private hasReset = false;
  /** The env's flat path and the buffers it writes into (sharing this vector env's arrays), when used. */
  private readonly flatEnv: FlatStepping | undefined;
  private readonly flat: FlatBuffers | undefined;

  constructor(
    readonly env: ParallelEnv<any, any>,
    options: ParallelVectorEnvOptions = {},
  ) {
    const agents = env.possibleAgents;
    const name = env.spec?.id ?? env.unwrapped.constructor.name;
    if (agents.length === 0) throw new EnvError(`ParallelVectorEnv(${name}): the env has no possible agents`);
    const first = agents[0]!;
    this.singleObservationSpace = env.observationSpace(first);
    this.singleActionSpace = env.actionSpace(first);
    const observationJson = JSON.stringify(this.singleObservationSpace.toJSON());
    const actionJson = JSON.stringify(this.singleActionSpace.toJSON());
    for (const agent of agents) {
      if (JSON.stringify(env.observationSpace(agent).toJSON()) !== observationJson || JSON.stringify(env.actionSpace(agent).toJSON()) !== actionJson) {
        throw new EnvError(`ParallelVectorEnv(${name}): every agent must have the same spaces to share one policy; agent '${agent}' has observation ${env.observationSpace(agent)} and action ${env.actionSpace(agent)}, agent '${first}' has ${this.singleObservationSpace} and ${this.singleActionSpace}`);
      }
    }
    if (!(this.singleObservationSpace instanceof Box)) throw new EnvError(`ParallelVectorEnv(${name}): observations must be a Box, got ${this.singleObservationSpace}`);
    if (!(this.singleActionSpace instanceof Box) && !(this.singleActionSpace instanceof Discrete)) throw new EnvError(`ParallelVectorEnv(${name}): actions must be a Box or Discrete, got ${this.singleActionSpace}`);
    this.discrete = this.singleActionSpace instanceof Discrete;
    this.numEnvs = agents.length;
    this.observationSize = this.singleObservationSpace.shape.reduce((a, b) => a * b, 1);
    this.actionSize = this.discrete ? 1 : (this.singleActionSpace as Box).shape.reduce((a, b) => a * b, 1);
    this.observations = new Float32Array(this.numEnvs * this.observationSize);
    this.rewards = new Float64Array(this.numEnvs);
    this.terminations = new Uint8Array(this.numEnvs);
    this.truncations = new Uint8Array(this.numEnvs);
    this.infos = new Array<Info>(this.numEnvs).fill(NO_INFO);
    this.states = new Array<SlotState>(this.numEnvs).fill('idle');
    agents.forEach((agent, i) => this.slotOf.set(agent, i));
    if (options.flat !== false && supportsFlatStepping(env)) {
      this.flatEnv = env;
      const present = new Uint8Array(this.numEnvs);
      const alive = new Uint8Array(this.numEnvs);
      this.flat = { observations: this.observations, rewards: this.rewards, terminations: this.terminations, truncations: this.truncations, present, alive, infos: this.infos };
    }
  }

  /** Whether steps go through the env's flat path (see `ParallelVectorEnvOptions.flat`). */
  get usesFlatPath(): boolean {
    return this.flat !== undefined;
  }

  get metadata(): EnvMetadata {
    return this.env.metadata;
  }

  get spec(): EnvSpec | undefined {
    return this.env.spec;
  }

  /** Resets the world; slots of agents absent after the reset stay idle until they appear. */
  reset(options: VectorResetOptions = {}): VectorResetResult {
    if (options.mask !== undefined) throw new EnvError(`ParallelVectorEnv: reset({ mask }) is not supported; the slots share one world, reset it whole`);
    const seed = Array.isArray(options.seed) ? options.seed[0] : options.seed;
    if (this.flat) {
      this.observations.fill(0);
      this.resetFlat({ seed, options: options.options });
      this.hasReset = true;
      return { observations: this.observations, infos: this.infos.map((info, slot) => (info !== NO_INFO ? info : this.states[slot] === 'alive' ? NO_INFO : IDLE_INFO)) };
    }
    const { observations, infos } = this.env.reset({ seed, options: options.options });
    this.observations.fill(0);
    this.states.fill('idle');
    for (const [agent, observation] of Object.entries(observations)) {
      const slot = this.slot(agent);
      this.observations.set(observation as ArrayLike<number>, slot * this.observationSize);
      this.states[slot] = 'alive';
    }
    this.hasReset = true;
    this.worldOver = this.env.agents.length === 0;
    return { observations: this.observations, infos: this.possibleInfos(infos) };
  }

  step(actions: ArrayLike<number>): VectorStepResult {
    if (!this.hasReset) throw calledBeforeReset(`ParallelVectorEnv(${this.spec?.id ?? 'env'})`);
    const expected = this.numEnvs * this.actionSize;
    if (actions.length !== expected) throw new EnvError(`ParallelVectorEnv(${this.spec?.id ?? 'env'}).step(): expected ${expected} action numbers (${this.numEnvs} slots x ${this.actionSize}), got ${actions.length}: ${describeValue(actions)}`);
    this.rewards.fill(0);
    this.terminations.fill(0);
    this.truncations.fill(0);
    if (this.flat) return this.stepFlat(actions);
    if (this.worldOver) return this.resetWorld();

    const perAgent: PerAgent<unknown> = {};
    for (const agent of this.env.agents) {
      const slot = this.slot(agent);
      perAgent[agent] = this.discrete ? actions[slot]! : Float32Array.from({ length: this.actionSize }, (_, k) => actions[slot * this.actionSize + k]!);
    }
    const result = this.env.step(perAgent);
    for (let slot = 0; slot < this.numEnvs; slot++) {
      const agent = this.env.possibleAgents[slot]!;
      const observation = result.observations[agent] as ArrayLike<number> | undefined;
      if (observation === undefined || this.states[slot] !== 'alive') {
        // Rules 2 and 3: no transition in this row; a returning agent restarts the slot.
        if (observation !== undefined) this.observations.set(observation, slot * this.observationSize);
        this.states[slot] = observation !== undefined && this.env.agents.includes(agent) ? 'alive' : 'idle';
        this.infos[slot] = IDLE_INFO;
        continue;
      }
      this.observations.set(observation, slot * this.observationSize);
      this.rewards[slot] = result.rewards[agent] ?? 0;
      const terminated = result.terminations[agent] === true;
      const truncated = !terminated && result.truncations[agent] === true;
      this.terminations[slot] = terminated ? 1 : 0;
      this.truncations[slot] = truncated ? 1 : 0;
      if (terminated || truncated) this.states[slot] = 'ended';
      const info = result.infos[agent];
      this.infos[slot] = info && Object.keys(info).length > 0 ? info : NO_INFO;
    }
    this.worldOver = this.env.agents.length === 0;
    return { observations: this.observations, rewards: this.rewards, terminations: this.terminations, truncations: this.truncations, infos: this.infos };
  }

  /** The whole world's frame (every agent), for the viewer and recordings. */
  render(): SceneFrame | undefined {
    return this.env.render();
  }

  close(): void {
    this.env.close();
  }

  /** Rule 4: the world ended in the last step; this step resets it and is every slot's reset step. */
  private resetWorld(): VectorStepResult {
    const { observations } = this.env.reset();
    this.states.fill('idle');
    for (const [agent, observation] of Object.entries(observations)) {
      const slot = this.slot(agent);
      this.observations.set(observation as ArrayLike<number>, slot * this.observationSize);
      this.states[slot] = 'alive';
    }
    this.infos.fill(IDLE_INFO);
    this.worldOver = this.env.agents.length === 0;
    return { observations: this.observations, rewards: this.rewards, terminations: this.terminations, truncations: this.truncations, infos: this.infos };
  }

  /** The flat path of step(): the same rules as the dict path, on the env's typed arrays. */
  private stepFlat(actions: ArrayLike<number>): VectorStepResult {
    const flat = this.flat!;
    if (this.worldOver) {
      this.resetFlat(undefined);
      this.rewards.fill(0);
      this.infos.fill(IDLE_INFO);
      return { observations: this.observations, rewards: this.rewards, terminations: this.terminations, truncations: this.truncations, infos: this.infos };
    }
    clearFlatBuffers(flat);
    this.flatEnv!.stepFlat(actions, flat);
    for (let slot = 0; slot < this.numEnvs; slot++) {
      if (!flat.present[slot] || this.states[slot] !== 'alive') {
        // Rules 2 and 3 (the env already wrote a present slot's observation).
        this.states[slot] = flat.present[slot] && flat.alive[slot] ? 'alive' : 'idle';
        this.rewards[slot] = 0;
        this.terminations[slot] = 0;
        this.truncations[slot] = 0;
        this.infos[slot] = IDLE_INFO;
        continue;
      }
      if (this.terminations[slot]) this.truncations[slot] = 0;
      if (this.terminations[slot] || this.truncations[slot]) this.states[slot] = 'ended';
    }
    this.worldOver = this.env.agents.length === 0;
    return { observations: this.observations, rewards: this.rewards, terminations: this.terminations, truncations: this.truncations, infos: this.infos };
  }

  /** Resets the world through the flat path; slots of agents alive after it become 'alive'. */
  private resetFlat(options: { seed?: number; options?: Record<string, unknown> } | undefined): void {
    const flat = this.flat!;
    clearFlatBuffers(flat);
    this.flatEnv!.resetFlat(options, flat);
    for (let slot = 0; slot < this.numEnvs; slot++) this.states[slot] = flat.present[slot] ? 'alive' : 'idle';
    this.terminations.fill(0);
    this.truncations.fill(0);
    this.worldOver = this.env.agents.length === 0;
  }

  private slot(agent: string): number {
    const slot = this.slotOf.get(agent);
    if (slot === undefined) throw new EnvError(`ParallelVectorEnv(${this.spec?.id ?? 'env'}): the env returned agent '${agent}', which is not in possibleAgents`);
    return slot;
  }

  private possibleInfos(infos: PerAgent<Info>): Info[] {
    return this.env.possibleAgents.map((agent) => infos[agent] ?? (this.states[this.slot(agent)] === 'alive' ? NO_INFO : IDLE_INFO));
  }
}
