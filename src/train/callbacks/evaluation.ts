import type { Env } from '../../core/env.js';
import type { Callback, TrainingContext } from '../callback.js';
import { evaluatePolicy, type EvaluationPolicy, type EvaluationResult } from '../evaluate.js';
import { RunDirectory } from '../run-directory.js';
import type { Agent } from '../agent.js';

/** Options of a periodic evaluation; `R` is what one round of evaluation returns. */
export interface EvaluationCallbackOptions<R = EvaluationResult> {
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
  onResult?: (step: number, result: R) => void;
}

/** What a periodic evaluation needs of the agent: batched actions, and saving to `best/`. */
export type SavablePolicy = EvaluationPolicy & Pick<Agent, 'save'>;

/** The summary every evaluation round reports, single- or multi-agent. */
export interface EvaluationSummary {
  meanReturn: number;
  stdReturn: number;
  meanLength: number;
}

/**
 * The schedule and bookkeeping of periodic evaluation, whatever is evaluated: every `every`
 * steps one round (`evaluateRound`), its summary logged as `eval/meanReturn`, `eval/stdReturn`,
 * `eval/meanLength` plus `extraMetrics`, the best agent by mean return saved to `best/`, and
 * training stopped once the mean return reaches `rewardThreshold`.
 */
export class PeriodicEvaluation<R extends EvaluationSummary> implements Callback {
  bestMeanReturn = -Infinity;
  lastResult: R | undefined;
  /** Step at which the threshold was first reached. */
  solvedAtStep: number | undefined;
  private nextEvaluation: number;

  constructor(
    private readonly evaluateRound: (agent: SavablePolicy) => R,
    private readonly options: EvaluationCallbackOptions<R>,
    private readonly extraMetrics: (result: R) => Record<string, number> = () => ({}),
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
    const result = this.evaluateRound(agent);
    this.lastResult = result;
    this.options.onResult?.(context.step, result);
    await this.options.log?.(context, { 'eval/meanReturn': result.meanReturn, 'eval/stdReturn': result.stdReturn, 'eval/meanLength': result.meanLength, ...this.extraMetrics(result) });
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

/**
 * Periodic deterministic evaluation on a separate env: N whole episodes, the mean return logged,
 * the best agent saved to `best/`, and training stopped at the reward threshold.
 *
 * @example new EvaluationCallback(() => make('CartPole-v1'), { every: 10_000, episodes: 10, seed: 10_000, rewardThreshold: 475 })
 */
export class EvaluationCallback extends PeriodicEvaluation<EvaluationResult> {
  constructor(makeEnv: () => Env, options: EvaluationCallbackOptions) {
    super((agent) => evaluatePolicy(agent, makeEnv, { episodes: options.episodes, seed: options.seed, deterministic: true }), options);
  }
}
