import type { Info, ResetOptions } from '../../src/core/env.js';
import { Box } from '../../src/core/spaces/box.js';
import { BaseParallelEnv, type ParallelResetResult, type ParallelStepResult, type PerAgent } from '../../src/multi-agent/parallel-env.js';

/** How one agent of the scripted world ends: at which step (1-based) and how. */
export interface AgentScript {
  endsAt?: number;
  end?: 'terminated' | 'truncated';
  /** Comes back (re-enters `agents`) this many steps after ending. */
  returnsAfter?: number;
}

/**
 * A world whose agents follow a script. Agent k's observation is [k, t, episode] (t: world steps
 * since reset), its reward each step is 10 * k + its action, so tests can follow every number
 * through the adapter (episode counts resets since the last seeded one). Every `step()`'s actions are recorded in `actions`.
 */
export class ScriptedWorld extends BaseParallelEnv<Float32Array, Float32Array> {
  readonly possibleAgents: readonly string[];
  readonly actions: PerAgent<number>[] = [];
  private alive: string[] = [];
  private t = 0;
  private episode = -1;
  private readonly endedAt = new Map<string, number>();
  private readonly box = new Box<Float32Array>(-1000, 1000, [3]);
  private readonly actionBox = new Box<Float32Array>(-1, 1, [1]);

  constructor(private readonly scripts: Record<string, AgentScript>) {
    super();
    this.possibleAgents = Object.keys(scripts);
  }

  get agents(): readonly string[] {
    return this.alive;
  }
  observationSpace(): Box<Float32Array> {
    return this.box;
  }
  actionSpace(): Box<Float32Array> {
    return this.actionBox;
  }

  reset(options?: ResetOptions): ParallelResetResult<Float32Array> {
    this.seedFromReset(options);
    this.t = 0;
    // A seed starts the episode count again, so a seeded run repeats exactly.
    this.episode = options?.seed !== undefined ? 0 : this.episode + 1;
    this.endedAt.clear();
    this.alive = [...this.possibleAgents];
    const observations: PerAgent<Float32Array> = {};
    const infos: PerAgent<Info> = {};
    for (const agent of this.alive) {
      observations[agent] = this.observe(agent);
      infos[agent] = {};
    }
    return { observations, infos };
  }

  step(actions: PerAgent<Float32Array>): ParallelStepResult<Float32Array> {
    this.checkActions(actions);
    this.actions.push(Object.fromEntries(Object.entries(actions).map(([k, v]) => [k, v[0]!])));
    this.t++;
    const result: ParallelStepResult<Float32Array> = { observations: {}, rewards: {}, terminations: {}, truncations: {}, infos: {} };
    const next: string[] = [];
    for (const agent of this.possibleAgents) {
      const script = this.scripts[agent]!;
      if (this.alive.includes(agent)) {
        const ends = script.endsAt === this.t;
        result.observations[agent] = this.observe(agent);
        result.rewards[agent] = 10 * this.possibleAgents.indexOf(agent) + actions[agent]![0]!;
        result.terminations[agent] = ends && script.end !== 'truncated';
        result.truncations[agent] = ends && script.end === 'truncated';
        result.infos[agent] = ends ? { ended: script.end ?? 'terminated' } : {};
        if (ends) this.endedAt.set(agent, this.t);
        else next.push(agent);
      } else if (script.returnsAfter !== undefined && this.endedAt.get(agent)! + script.returnsAfter === this.t) {
        // Back in the world: a new observation, no reward for this step.
        result.observations[agent] = this.observe(agent);
        result.rewards[agent] = 0;
        result.terminations[agent] = false;
        result.truncations[agent] = false;
        result.infos[agent] = { returned: true };
        next.push(agent);
      }
    }
    this.alive = this.possibleAgents.filter((a) => next.includes(a));
    return result;
  }

  private observe(agent: string): Float32Array {
    return new Float32Array([this.possibleAgents.indexOf(agent), this.t, this.episode]);
  }
}
