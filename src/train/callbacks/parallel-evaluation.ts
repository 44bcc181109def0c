import type { ParallelEnv } from '../../multi-agent/parallel-env.js';
import { evaluateParallelPolicy, type ParallelEvaluationResult } from '../evaluate-parallel.js';
import { PeriodicEvaluation, type EvaluationCallbackOptions } from './evaluation.js';

/**
 * `EvaluationCallback` for a multi-agent world: every `every` steps, `episodes` whole world
 * episodes with the shared policy acting for every agent (`evaluateParallelPolicy`). It logs
 * `eval/meanReturn` (per agent-episode), `eval/stdReturn`, `eval/meanLength` and one
 * `eval/outcome/<name>` share per way agents ended (`eval/outcome/arrived` is the multi-robot
 * success rate), saves the best agent by mean return to `best/`, and stops at the threshold.
 *
 * @example new ParallelEvaluationCallback(() => makeParallel('MultiRobot/CollisionAvoidance-v0'), { every: 50_000, episodes: 2, seed: 1_000_000 })
 */
export class ParallelEvaluationCallback extends PeriodicEvaluation<ParallelEvaluationResult> {
  constructor(makeWorld: () => ParallelEnv<any, any>, options: EvaluationCallbackOptions<ParallelEvaluationResult>) {
    super(
      (agent) => evaluateParallelPolicy(agent, makeWorld, { episodes: options.episodes, seed: options.seed, deterministic: true }),
      options,
      (result) => Object.fromEntries(Object.entries(result.outcomes).map(([name, share]) => [`eval/outcome/${name}`, share])),
    );
  }
}
