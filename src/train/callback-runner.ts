import type { Env } from '../core/env.js';
import type { VectorEnv } from '../vector/types.js';
import type { Callback, EpisodeSummary, TrainingContext } from './callback.js';

/**
 * Calls a list of callbacks for an agent's `learn()` loop and remembers whether one asked to
 * stop. Agents own one per `learn()` call; they never call callbacks directly.
 *
 * @example
 * const runner = new CallbackRunner(callbacks, { agentName: 'ppo', env, envId, runDir, step: 0, totalSteps, agent });
 * await runner.start();
 * if (!runner.step(stepCount)) break;
 */
export class CallbackRunner {
  readonly context: TrainingContext;
  /** True once a callback returned false. */
  stopRequested = false;
  private readonly stepHooks: Callback[];

  constructor(
    private readonly callbacks: readonly Callback[],
    context: TrainingContext,
  ) {
    this.context = context;
    this.stepHooks = callbacks.filter((c) => c.onStep);
  }

  static create(agentName: string, agent: unknown, env: Env | VectorEnv, step: number, totalSteps: number, options: { callbacks?: Callback[]; envId?: string; runDir?: string }): CallbackRunner {
    return new CallbackRunner(options.callbacks ?? [], {
      agentName,
      env,
      envId: options.envId ?? env.spec?.id,
      runDir: options.runDir,
      step,
      totalSteps,
      agent,
    });
  }

  async start(): Promise<void> {
    for (const callback of this.callbacks) await callback.onTrainingStart?.(this.context);
  }

  /** Records the step count and runs `onStep`; returns false when training should stop. */
  step(stepCount: number): boolean {
    this.context.step = stepCount;
    for (const callback of this.stepHooks) {
      if (callback.onStep!(this.context) === false) this.stopRequested = true;
    }
    return !this.stopRequested;
  }

  episodes(episodes: readonly EpisodeSummary[]): void {
    if (episodes.length === 0) return;
    for (const callback of this.callbacks) {
      if (!callback.onEpisodeEnd) continue;
      for (const episode of episodes) callback.onEpisodeEnd(this.context, episode);
    }
  }

  /** Runs `onMetrics` (evaluation and checkpoints hang here); returns false when training should stop. */
  async metrics(metrics: Record<string, number>): Promise<boolean> {
    for (const callback of this.callbacks) {
      if ((await callback.onMetrics?.(this.context, metrics)) === false) this.stopRequested = true;
    }
    return !this.stopRequested;
  }

  async end(): Promise<void> {
    for (const callback of this.callbacks) await callback.onTrainingEnd?.(this.context);
  }
}
