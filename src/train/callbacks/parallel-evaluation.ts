import type { ParallelEnv } from '../../multi-agent/parallel-env.js';
import type { Callback, TrainingContext } from '../callback.js';
import type { EvaluationPolicy } from '../evaluate.js';
import { evaluateParallelPolicy, type ParallelEvaluationResult } from '../evaluate-parallel.js';
import { RunDirectory } from '../run-directory.js';
import type { EvaluationCallbackOptions } from './evaluation.js';

/** What this callback needs of the agent: batched actions, and saving to `best/`. */
type SavablePolicy = EvaluationPolicy & { save(dir: string): Promise<void> };

/**
 * `EvaluationCallback` for a multi-agent world: every `every` steps, `episodes` whole world
 * episodes with the shared policy acting for every agent (`evaluateParallelPolicy`). It logs
 * `eval/meanReturn` (per agent-episode), `eval/stdReturn`, `eval/meanLength` and one
 * `eval/outcome/<name>` share per way agents ended (`eval/outcome/arrived` is the multi-robot
 * success rate), saves the best agent by mean return to `best/`, and stops at the threshold.
 *
 * @example new ParallelEvaluationCallback(() => makeParallel('MultiRobot/CollisionAvoidance-v0'), { every: 50_000, episodes: 2, seed: 1_000_000 })
 */
export class ParallelEvaluationCallback implements Callback {
  bestMeanReturn = -Infinity;
  lastResult: ParallelEvaluationResult | undefined;
  solvedAtStep: number | undefined;
  private nextEvaluation: number;

  constructor(
    private readonly makeWorld: () => ParallelEnv<any, any>,
    private readonly options: Omit<EvaluationCallbackOptions, 'onResult'> & { onResult?: (step: number, result: ParallelEvaluationResult) => void },
  ) {
    this.nextEvaluation = options.every;
  }

  onTrainingStart(context: TrainingContext): void {
    this.nextEvaluation = (Math.floor(context.step / this.options.every) + 1) * this.options.every;
  }

  async onMetrics(context: TrainingContext): Promise<boolean> {
    if (context.step < this.nextEvaluation) return true;
    this.nextEvaluation = (Math.floor(context.step / this.options.every) + 1) * this.options.every;
    return this.evaluate(context);
  }

  /** Evaluates now; returns false when the threshold is reached. */
  async evaluate(context: TrainingContext): Promise<boolean> {
    const agent = context.agent as SavablePolicy;
    const result = evaluateParallelPolicy(agent, this.makeWorld, { episodes: this.options.episodes, seed: this.options.seed, deterministic: true });
    this.lastResult = result;
    this.options.onResult?.(context.step, result);
    const outcomes = Object.fromEntries(Object.entries(result.outcomes).map(([name, share]) => [`eval/outcome/${name}`, share]));
    await this.options.log?.(context, { 'eval/meanReturn': result.meanReturn, 'eval/stdReturn': result.stdReturn, 'eval/meanLength': result.meanLength, ...outcomes });
    if (result.meanReturn > this.bestMeanReturn) {
      this.bestMeanReturn = result.meanReturn;
      const run = this.options.run;
      if (run) await RunDirectory.writeDirectoryAtomic(run.bestPath, (dir) => agent.save(dir));
    }
    const threshold = this.options.rewardThreshold;
    if (threshold !== undefined && result.meanReturn >= threshold) {
      this.solvedAtStep ??= context.step;
      return false;
    }
    return true;
  }
}
