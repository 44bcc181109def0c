import { Discrete } from '../core/spaces/discrete.js';
import type { ParallelEnv, PerAgent } from '../multi-agent/parallel-env.js';
import { summarizeEpisodes, type EvaluationOptions, type EvaluationPolicy, type EvaluationResult } from './evaluate.js';

/** An evaluation of one policy shared by every agent of a multi-agent world. */
export interface ParallelEvaluationResult extends EvaluationResult {
  /** World episodes played (`returns` and `lengths` hold one entry per agent per world episode). */
  worlds: number;
  /**
   * The share of agent-episodes that ended each way: the agent's final `info.outcome` when it is a
   * string (the multi-robot env's 'arrived', 'collided'), else 'terminated' or 'truncated' (a
   * world time limit truncates). The shares add up to 1.
   */
  outcomes: Record<string, number>;
}

/**
 * Plays `options.episodes` whole world episodes (world episode k reset with seed + k), every alive
 * agent acting through one batched call of the shared policy per step, and reports per-agent
 * returns and lengths and how agents ended (success rate and the like).
 *
 * @example
 * const result = evaluateParallelPolicy(agent, () => makeParallel('MultiRobot/CollisionAvoidance-v0', { robots: 50, beams: 64 }), { episodes: 2, seed: 1000 });
 * result.outcomes['arrived']; // the success rate
 */
export function evaluateParallelPolicy(policy: EvaluationPolicy, makeWorld: () => ParallelEnv<any, any>, options: EvaluationOptions): ParallelEvaluationResult {
  const world = makeWorld();
  const returns: number[] = [];
  const lengths: number[] = [];
  const endings = new Map<string, number>();
  try {
    for (let episode = 0; episode < options.episodes; episode++) {
      let { observations } = world.reset({ seed: options.seed + episode });
      const agentReturn = new Map<string, number>();
      const agentLength = new Map<string, number>();
      while (world.agents.length > 0) {
        const actions = sharedPolicyActions(policy, world, observations, { deterministic: options.deterministic ?? true });
        const result = world.step(actions);
        observations = { ...observations, ...result.observations };
        for (const agent of Object.keys(result.rewards)) {
          agentReturn.set(agent, (agentReturn.get(agent) ?? 0) + result.rewards[agent]!);
          agentLength.set(agent, (agentLength.get(agent) ?? 0) + 1);
          if (!result.terminations[agent] && !result.truncations[agent]) continue;
          const ending = endingOf(result, agent);
          endings.set(ending, (endings.get(ending) ?? 0) + 1);
          returns.push(agentReturn.get(agent)!);
          lengths.push(agentLength.get(agent)!);
          agentReturn.delete(agent);
          agentLength.delete(agent);
        }
      }
    }
  } finally {
    world.close();
  }
  const total = Math.max(returns.length, 1);
  return {
    ...summarizeEpisodes(returns, lengths),
    worlds: options.episodes,
    outcomes: Object.fromEntries([...endings.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([name, count]) => [name, count / total])),
  };
}

/**
 * One step's actions for every alive agent of `world`, from one batched call of the shared
 * policy on their observations (in `world.agents` order).
 *
 * @example world.step(sharedPolicyActions(agent, world, observations, { deterministic: true }));
 */
export function sharedPolicyActions(policy: Pick<EvaluationPolicy, 'actBatch'>, world: ParallelEnv<any, any>, observations: PerAgent<unknown>, options: { deterministic: boolean }): PerAgent<unknown> {
  const first = world.possibleAgents[0]!;
  const observationSize = (world.observationSpace(first).shape ?? []).reduce((a, b) => a * b, 1);
  const actionSpace = world.actionSpace(first);
  const discrete = actionSpace instanceof Discrete;
  const actionSize = (actionSpace.shape ?? []).reduce((a, b) => a * b, 1);
  const agents = world.agents;
  const batch = new Float32Array(agents.length * observationSize);
  agents.forEach((agent, k) => batch.set(observations[agent] as ArrayLike<number>, k * observationSize));
  const chosen = policy.actBatch(batch, agents.length, { deterministic: options.deterministic });
  const actions: PerAgent<unknown> = {};
  agents.forEach((agent, k) => {
    actions[agent] = discrete ? chosen[k]! : chosen.slice(k * actionSize, (k + 1) * actionSize);
  });
  return actions;
}

/** How an agent that is done this step ended: its `info.outcome` when a string, else 'terminated' or 'truncated'. */
export function endingOf(result: { terminations: PerAgent<boolean>; infos: PerAgent<Record<string, unknown> | undefined> }, agent: string): string {
  const outcome = result.infos[agent]?.['outcome'];
  return typeof outcome === 'string' ? outcome : result.terminations[agent] ? 'terminated' : 'truncated';
}

/** The outcome shares as text: `arrived 85.0%, collided 10.0%, truncated 5.0%`. */
export function describeOutcomes(outcomes: Record<string, number>): string {
  return Object.entries(outcomes)
    .map(([name, share]) => `${name} ${(100 * share).toFixed(1)}%`)
    .join(', ');
}
