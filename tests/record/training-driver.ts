import type { Env } from '../../src/core/env.js';
import type { Callback, TrainingContext } from '../../src/train/callback.js';

/**
 * A stand-in for a trainer: steps one env with a fixed policy and calls the callbacks as
 * the contract in src/train/callback.ts says: onEpisodeEnd when an episode ends, then onStep
 * for that step; the reset that follows is a step of its own (onStep, no step counted), as
 * next-step autoreset does in a vector env. (tests/record/vector-trainer.ts drives the
 * agents' own stepper instead.)
 */
export async function driveTraining(
  env: Env<unknown, any>,
  callbacks: Callback[],
  options: { totalSteps: number; seed?: number; runDir?: string; policy?: (step: number) => unknown; envId?: string },
): Promise<{ episodes: { episodeReturn: number; length: number }[]; context: TrainingContext }> {
  const policy = options.policy ?? ((step: number): unknown => step % 2);
  const context: TrainingContext = {
    agentName: 'fixed-policy',
    env,
    envId: options.envId,
    runDir: options.runDir,
    step: 0,
    totalSteps: options.totalSteps,
    agent: undefined,
  };
  env.reset({ seed: options.seed ?? 0 });
  for (const callback of callbacks) await callback.onTrainingStart?.(context);
  const episodes: { episodeReturn: number; length: number }[] = [];
  let episodeReturn = 0;
  let length = 0;
  while (context.step < options.totalSteps) {
    const result = env.step(policy(context.step));
    context.step++;
    episodeReturn += result.reward;
    length++;
    const ended = result.terminated || result.truncated;
    const summary = { envIndex: 0, episodeReturn, length, seconds: 0, step: context.step, info: { terminated: result.terminated, truncated: result.truncated } };
    if (ended) for (const callback of callbacks) callback.onEpisodeEnd?.(context, summary);
    for (const callback of callbacks) callback.onStep?.(context);
    if (ended) {
      episodes.push({ episodeReturn, length });
      episodeReturn = 0;
      length = 0;
      env.reset();
      for (const callback of callbacks) callback.onStep?.(context);
    }
  }
  for (const callback of callbacks) await callback.onTrainingEnd?.(context);
  return { episodes, context };
}
