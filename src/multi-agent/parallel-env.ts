import { reseedOnReset, type EnvMetadata, type EnvSpec, type Info, type ResetOptions } from '../core/env.js';
import { describeValue, EnvError } from '../core/errors.js';
import type { SceneFrame } from '../core/scene.js';
import { Rng } from '../core/rng.js';
import type { Space } from '../core/spaces/space.js';

/** One value per agent id, as every ParallelEnv call takes and returns them. */
export type PerAgent<T> = Record<string, T>;

export interface ParallelResetResult<Obs> {
  /** One observation per agent alive after the reset. */
  observations: PerAgent<Obs>;
  infos: PerAgent<Info>;
}

export interface ParallelStepResult<Obs> {
  /**
   * One entry per agent that acted in this step (the agents of `agents` before the step), plus
   * any agent that joined during it. An agent whose termination or truncation is true here has
   * left `agents` after the step; its observation is its final one.
   */
  observations: PerAgent<Obs>;
  rewards: PerAgent<number>;
  terminations: PerAgent<boolean>;
  truncations: PerAgent<boolean>;
  infos: PerAgent<Info>;
}

/**
 * Many agents acting at once in one world: PettingZoo's Parallel API with Gymnasium 1.x semantics.
 *
 * Rules:
 * - `possibleAgents` lists every id that can ever act, in a fixed order; `agents` lists the ones
 *   alive now (a subset, in the same order).
 * - `step(actions)` takes exactly one action per agent of `agents`; each agent's result keys are
 *   the same ids. An agent whose `terminations[id]` (terminal state: no bootstrapping) or
 *   `truncations[id]` (cut short: bootstrap from its final observation) is true leaves `agents`;
 *   the others go on. The world is over when `agents` is empty.
 * - `render()` draws the whole world in one frame.
 *
 * @example
 * const env = makeParallel('MultiRobot/CollisionAvoidance-v0', { robots: 6 });
 * let { observations } = env.reset({ seed: 0 });
 * while (env.agents.length > 0) {
 *   const actions = Object.fromEntries(env.agents.map((id) => [id, env.actionSpace(id).sample()]));
 *   ({ observations } = env.step(actions));
 * }
 */
export interface ParallelEnv<Obs = unknown, Act = unknown> {
  readonly possibleAgents: readonly string[];
  readonly agents: readonly string[];
  observationSpace(agent: string): Space<Obs>;
  actionSpace(agent: string): Space<Act>;
  readonly metadata: EnvMetadata;
  spec: EnvSpec | undefined;
  reset(options?: ResetOptions): ParallelResetResult<Obs>;
  step(actions: PerAgent<Act>): ParallelStepResult<Obs>;
  /** The whole world's frame for the viewer (see `src/core/scene.ts`), or undefined. */
  render(): SceneFrame | undefined;
  close(): void;
  /** The innermost env, under all wrappers. */
  readonly unwrapped: ParallelEnv<Obs, Act>;
}

/**
 * A base for ParallelEnv authors: a seeded `rng`, `spec`, `unwrapped`, and `checkActions`, which
 * refuses a missing action, an action for an agent that is not alive, and an action outside its
 * space with an error naming the env, the agent and the value.
 */
export abstract class BaseParallelEnv<Obs, Act> implements ParallelEnv<Obs, Act> {
  abstract readonly possibleAgents: readonly string[];
  abstract readonly agents: readonly string[];
  abstract observationSpace(agent: string): Space<Obs>;
  abstract actionSpace(agent: string): Space<Act>;
  metadata: EnvMetadata = { renderModes: [], renderFps: 30 };
  spec: EnvSpec | undefined = undefined;

  /** The world's own generator: draw every random number of the dynamics from it. */
  protected rng: Rng = new Rng();

  abstract reset(options?: ResetOptions): ParallelResetResult<Obs>;
  abstract step(actions: PerAgent<Act>): ParallelStepResult<Obs>;

  render(): SceneFrame | undefined {
    return undefined;
  }

  close(): void {}

  get unwrapped(): ParallelEnv<Obs, Act> {
    return this;
  }

  /** The name used in error messages: the registered id when made through `makeParallel()`. */
  get displayName(): string {
    return this.spec?.id ?? this.constructor.name;
  }

  /** Call first in `reset()`: reseeds the world's generator when a seed is given. */
  protected seedFromReset(options?: ResetOptions): void {
    reseedOnReset(this.rng, this.displayName, options);
  }

  /** Throws an EnvError naming the env, the agent and the value when `actions` does not fit `agents`. */
  protected checkActions(actions: PerAgent<unknown>): asserts actions is PerAgent<Act> {
    checkParallelActions(this, actions, this.displayName);
  }
}

/**
 * The action rules every ParallelEnv shares; `BaseParallelEnv.checkActions` and the order
 * wrapper of `makeParallel` call it. Throws an EnvError naming env, agent and value.
 *
 * @example checkParallelActions(env, { robot_0: [0.5, 0] }, 'MultiRobot/CollisionAvoidance-v0');
 */
export function checkParallelActions(env: Pick<ParallelEnv, 'agents' | 'possibleAgents' | 'actionSpace'>, actions: unknown, name: string): void {
  if (typeof actions !== 'object' || actions === null || Array.isArray(actions) || ArrayBuffer.isView(actions)) {
    throw new EnvError(`${name}.step(): actions must be an object keyed by agent id (${describeIds(env.agents)}), got ${describeValue(actions)}`);
  }
  const alive = new Set(env.agents);
  for (const agent of Object.keys(actions)) {
    if (alive.has(agent)) continue;
    const why = env.possibleAgents.includes(agent) ? 'is not alive (it terminated or was truncated earlier in this episode)' : `is not an agent of this env (possible agents: ${describeIds(env.possibleAgents)})`;
    throw new EnvError(`${name}.step(): got an action for agent '${agent}', which ${why}; value ${describeValue((actions as PerAgent<unknown>)[agent])}`);
  }
  for (const agent of env.agents) {
    if (!(agent in actions)) throw new EnvError(`${name}.step(): missing action for agent '${agent}'; every alive agent must act (alive: ${describeIds(env.agents)})`);
    const space = env.actionSpace(agent);
    const value = (actions as PerAgent<unknown>)[agent];
    const why = space.whyNotContained(value);
    if (why !== undefined) throw new EnvError(`${name}.step(): invalid action for agent '${agent}': ${why}`);
  }
}

function describeIds(ids: readonly string[]): string {
  const shown = ids.slice(0, 6).map((id) => `'${id}'`);
  if (ids.length > 6) shown.push(`... ${ids.length - 6} more`);
  return ids.length === 0 ? 'none' : shown.join(', ');
}
