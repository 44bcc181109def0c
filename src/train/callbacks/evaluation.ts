import type { Env } from '../../core/env.js';
import type { Callback, TrainingContext } from '../callback.js';
import { evaluatePolicy, type EvaluationResult } from '../evaluate.js';
import { RunDirectory } from '../run-directory.js';
import type { Agent } from '../agent.js';

export interface EvaluationCallbackOptions {
  /** Evaluate every this many env steps (checked at each log point). */
  every: number;
  episodes: number;
  /** Seed of the first evaluation episode; episode k uses seed + k. */
  seed: number;
  /** Stop training once the mean evaluation return reaches this; undefined: never. */
  rewardThreshold?: number;
  /** Where the best agent so far is saved (undefined: not saved). */
  run?: RunDirectory;
  /** Writes `eval/meanReturn`... into the metrics stream (and so metrics.jsonl). */
  log?: (context: TrainingContext, metrics: Record<string, number>) => Promise<void> | void;
  /** Called with each result (progress display, benchmarks). */
  onResult?: (step: number, result: EvaluationResult) => void;
}

/**
 * Periodic deterministic evaluation on a separate env: N whole episodes, the mean return logged,
 * the best agent saved to `best/`, and training stopped at the reward threshold.
 *
 * @example new EvaluationCallback(() => make('CartPole-v1'), { every: 10_000, episodes: 10, seed: 10_000, rewardThreshold: 475 })
 */
export class EvaluationCallback implements Callback {
  bestMeanReturn = -Infinity;
  lastResult: EvaluationResult | undefined;
  /** Step at which the threshold was first reached. */
  solvedAtStep: number | undefined;
  private nextEvaluation: number;

  constructor(
    private readonly makeEnv: () => Env,
    private readonly options: EvaluationCallbackOptions,
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
    const agent = context.agent as Agent;
    const result = evaluatePolicy(agent, this.makeEnv, { episodes: this.options.episodes, seed: this.options.seed, deterministic: true });
    this.lastResult = result;
    this.options.onResult?.(context.step, result);
    await this.options.log?.(context, { 'eval/meanReturn': result.meanReturn, 'eval/stdReturn': result.stdReturn, 'eval/meanLength': result.meanLength });
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
