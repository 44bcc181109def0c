import type { Info, ResetOptions } from '../core/env.js';
import { describeValue, EnvError } from '../core/errors.js';
import { Box } from '../core/spaces/box.js';
import { Discrete } from '../core/spaces/discrete.js';
import type { Space } from '../core/spaces/space.js';
import { NO_INFO } from '../vector/types.js';
import type { ParallelEnv } from './parallel-env.js';

/**
 * Where one flat step or reset writes its results: one slot per possible agent, slot i for
 * `possibleAgents[i]`, in typed arrays the caller allocates once (see `createFlatBuffers`).
 *
 * Before each call the caller clears the buffers with `clearFlatBuffers` (observations are kept);
 * the env then writes only the slots of agents that have a result, exactly the keys the dict path
 * (`step`, `reset`) would return.
 */
export interface FlatBuffers {
  /** slots x observation size; a slot without a result keeps what it held. */
  readonly observations: Float32Array;
  readonly rewards: Float64Array;
  /** 1 where the dict path's `terminations[agent]` is true. */
  readonly terminations: Uint8Array;
  /** 1 where the dict path's `truncations[agent]` is true. */
  readonly truncations: Uint8Array;
  /** 1 where the agent has a result in this call (it acted, or it joined): the dict path's keys. */
  readonly present: Uint8Array;
  /** 1 where the agent is in `agents` after the call. */
  readonly alive: Uint8Array;
  /** The agent's info where it has one with keys, NO_INFO elsewhere. */
  readonly infos: Info[];
}

/**
 * A ParallelEnv of identical agents that can also step without per-agent dicts: actions come in
 * one flat array (slot i's at `[i * actionSize, (i + 1) * actionSize)`, a Discrete action is one
 * number) and results go into preallocated `FlatBuffers`. The numbers must equal the dict path's
 * (`step`/`reset`) exactly; `ParallelVectorEnv` uses the flat path when the env supports it.
 *
 * Wrappers: `ParallelWrapper` forwards the flat calls, and a subclass that overrides `step` or
 * `reset` without overriding `stepFlat`/`resetFlat` turns the flat path off (its dict logic would
 * otherwise be skipped); `supportsFlatStepping` says which.
 */
export interface FlatStepping {
  /** Like `reset(options)`, writing every alive agent's first observation into `out`. */
  resetFlat(options: ResetOptions | undefined, out: FlatBuffers): void;
  /** Like `step(actions)`; actions of agents that are not alive are ignored. */
  stepFlat(actions: ArrayLike<number>, out: FlatBuffers): void;
  /** Whether this env (through every wrapper) can step flat; absent means yes. */
  readonly canStepFlat?: boolean;
}

/** Whether `env` offers the flat path (see `FlatStepping`). */
export function supportsFlatStepping(env: ParallelEnv<any, any>): env is ParallelEnv<any, any> & FlatStepping {
  const candidate = env as Partial<FlatStepping>;
  return typeof candidate.stepFlat === 'function' && typeof candidate.resetFlat === 'function' && candidate.canStepFlat !== false;
}

/** Buffers for `slots` agents with `observationSize` numbers each. */
export function createFlatBuffers(slots: number, observationSize: number): FlatBuffers {
  return {
    observations: new Float32Array(slots * observationSize),
    rewards: new Float64Array(slots),
    terminations: new Uint8Array(slots),
    truncations: new Uint8Array(slots),
    present: new Uint8Array(slots),
    alive: new Uint8Array(slots),
    infos: new Array<Info>(slots).fill(NO_INFO),
  };
}

/** Zeroes rewards, flags, `present` and `alive`, and sets every info to NO_INFO; observations stay. */
export function clearFlatBuffers(out: FlatBuffers): void {
  out.rewards.fill(0);
  out.terminations.fill(0);
  out.truncations.fill(0);
  out.present.fill(0);
  out.alive.fill(0);
  out.infos.fill(NO_INFO);
}

/**
 * Checks a flat action batch for the alive agents as the dict path's `checkParallelActions` does
 * (read as float32 for a float32 Box, as a Float32Array action would be): throws an EnvError naming
 * the env, the agent and the value. `aliveSlots[j]` is the slot of `agents[j]`; `slots` the number
 * of possible agents.
 *
 * @example checkFlatActions('MultiRobot/CollisionAvoidance-v0', env.actionSpace('robot_0'), env.agents, [0, 2], actions, 3);
 */
export function checkFlatActions(name: string, space: Space<unknown>, agents: readonly string[], aliveSlots: ArrayLike<number>, actions: ArrayLike<number>, slots: number): void {
  const size = space instanceof Box ? space.size : 1;
  if (actions.length !== slots * size) throw new EnvError(`${name}.stepFlat(): expected ${slots * size} action numbers (${slots} slots x ${size}), got ${actions.length}: ${describeValue(actions)}`);
  for (let j = 0; j < agents.length; j++) {
    const agent = agents[j]!;
    const base = aliveSlots[j]! * size;
    if (space instanceof Box) {
      const single = space.dtype === 'float32';
      for (let k = 0; k < size; k++) {
        const value = single ? Math.fround(actions[base + k]!) : actions[base + k]!;
        if (!(value >= space.low[k]! && value <= space.high[k]!)) {
          const shown = Array.from({ length: size }, (_, j) => actions[base + j]!);
          throw new EnvError(`${name}.step(): invalid action for agent '${agent}': element ${k} is ${describeValue(value)}, outside [${space.low[k]}, ${space.high[k]}]; value ${describeValue(shown)}`);
        }
      }
    } else if (space instanceof Discrete) {
      const value = actions[base]!;
      if (!(Number.isInteger(value) && value >= space.start && value < space.start + space.n)) {
        throw new EnvError(`${name}.step(): invalid action for agent '${agent}': ${describeValue(value)} is not in ${space}`);
      }
    } else {
      const why = space.whyNotContained(actions[base]);
      if (why !== undefined) throw new EnvError(`${name}.step(): invalid action for agent '${agent}': ${why}`);
    }
  }
}

/**
 * The slots of an env's `agents`, recomputed only when the env hands out a new `agents` array
 * (envs replace the array when someone leaves, so a cache keyed on it stays right).
 */
export class AliveSlots {
  private readonly slotOf: Map<string, number>;
  private agents: readonly string[] | undefined;
  private slots: number[] = [];

  constructor(possibleAgents: readonly string[]) {
    this.slotOf = new Map(possibleAgents.map((agent, i) => [agent, i]));
  }

  /** The slot of each of `agents`, in order. */
  of(agents: readonly string[]): readonly number[] {
    if (agents !== this.agents) {
      this.slots = agents.map((agent) => {
        const slot = this.slotOf.get(agent);
        if (slot === undefined) throw new EnvError(`agent '${agent}' is not in possibleAgents`);
        return slot;
      });
      this.agents = agents;
    }
    return this.slots;
  }
}
