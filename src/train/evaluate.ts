import type { Env } from '../core/env.js';
import { flatLayout, writeFlatObservation } from '../vector/flat-layout.js';
import type { Agent } from './agent.js';

/** What evaluation needs of an agent: batched actions. */
export type EvaluationPolicy = Pick<Agent, 'actBatch'>;

export interface EvaluationOptions {
  episodes: number;
  /** Episode k is reset with seed + k, so evaluations are repeatable. */
  seed: number;
  /** Mode actions (default true). */
  deterministic?: boolean;
  /** Episodes run side by side, one batched forward pass per step (default 16). */
  parallel?: number;
}

export interface EvaluationResult {
  returns: number[];
  lengths: number[];
  meanReturn: number;
  stdReturn: number;
  meanLength: number;
}

/**
 * Plays `episodes` whole episodes with the agent on envs from `makeEnv`, several side by side so
 * the network sees batches (100 CartPole episodes cost 500 batched forward passes, not 50,000).
 *
 * @example const { meanReturn } = evaluatePolicy(agent, () => make('CartPole-v1'), { episodes: 10, seed: 1000 });
 */
export function evaluatePolicy(policy: EvaluationPolicy, makeEnv: () => Env, options: EvaluationOptions): EvaluationResult {
  const slots = Math.max(1, Math.min(options.parallel ?? 16, options.episodes));
  const envs = Array.from({ length: slots }, makeEnv);
  const observationLayout = flatLayout(envs[0]!.observationSpace, 'evaluatePolicy');
  const observationSize = observationLayout.size;
  const actionSize = (envs[0]!.actionSpace.shape ?? []).reduce((a, b) => a * b, 1);
  const discrete = envs[0]!.actionSpace.shape?.length === 0;
  const returns: number[] = new Array(options.episodes);
  const lengths: number[] = new Array(options.episodes);
  const episodeOf = new Int32Array(slots).fill(-1);
  const observations: unknown[] = new Array(slots);
  let started = 0;
  let finished = 0;
  const start = (slot: number) => {
    if (started >= options.episodes) {
      episodeOf[slot] = -1;
      return;
    }
    episodeOf[slot] = started;
    returns[started] = 0;
    lengths[started] = 0;
    observations[slot] = envs[slot]!.reset({ seed: options.seed + started }).observation;
    started++;
  };
  for (let slot = 0; slot < slots; slot++) start(slot);
  try {
    while (finished < options.episodes) {
      const active = [...episodeOf.keys()].filter((slot) => episodeOf[slot]! >= 0);
      const batch = new Float32Array(active.length * observationSize);
      // Numbers, arrays and Dict objects alike, in the flat order the agent reads.
      active.forEach((slot, k) => writeFlatObservation(observationLayout, observations[slot], batch, k * observationSize));
      const actions = policy.actBatch(batch, active.length, { deterministic: options.deterministic ?? true });
      active.forEach((slot, k) => {
        const action = discrete ? actions[k]! : actions.slice(k * actionSize, (k + 1) * actionSize);
        const result = envs[slot]!.step(action);
        const episode = episodeOf[slot]!;
        returns[episode]! += result.reward;
        lengths[episode]!++;
        observations[slot] = result.observation;
        if (result.terminated || result.truncated) {
          finished++;
          start(slot);
        }
      });
    }
  } finally {
    for (const env of envs) env.close();
  }
  return summarizeEpisodes(returns, lengths);
}

/** Mean and (population) standard deviation of the returns, mean length; zeros for no episodes. */
export function summarizeEpisodes(returns: number[], lengths: number[]): EvaluationResult {
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(xs.length, 1);
  const meanReturn = mean(returns);
  return {
    returns,
    lengths,
    meanReturn,
    stdReturn: Math.sqrt(mean(returns.map((r) => (r - meanReturn) ** 2))),
    meanLength: mean(lengths),
  };
}
