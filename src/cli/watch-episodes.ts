import type { Env } from '../core/env.js';
import type { Agent } from '../train/agent.js';
import type { Callback, TrainingContext } from '../train/callback.js';

/** What `watchEpisodes` needs of an agent. */
export type ActingAgent = Pick<Agent, 'name' | 'act'>;

export interface WatchOptions {
  episodes: number;
  /** Episode k is reset with seed + k, as `evaluatePolicy` seeds them. */
  seed: number;
  deterministic: boolean;
  envId: string;
  /** Steps per second; the env's `metadata.renderFps` when omitted. */
  fps?: number;
}

/**
 * Plays whole episodes on one env at the env's own frame rate, telling `callback` about every
 * step and episode as training would, so that the live viewer shows them as they happen
 * (`palestra eval --view`). Played at full speed, a viewer would only see the last frames.
 *
 * @example const returns = await watchEpisodes(agent, make('CartPole-v1'), view.callback, { episodes: 3, seed: 0, deterministic: true, envId: 'CartPole-v1' });
 */
export async function watchEpisodes(agent: ActingAgent, env: Env, callback: Callback, options: WatchOptions): Promise<number[]> {
  const fps = options.fps ?? (env.metadata.renderFps > 0 ? env.metadata.renderFps : 30);
  const context: TrainingContext = { agentName: agent.name, env, envId: options.envId, runDir: undefined, step: 0, totalSteps: 0, agent };
  const returns: number[] = [];
  for (let episode = 0; episode < options.episodes; episode++) {
    let { observation } = env.reset({ seed: options.seed + episode });
    // Hooks in the trainers' order (src/train/callback.ts): the first reset shows at the start
    // of training, a later one as a step of its own, like next-step autoreset.
    if (episode === 0) await callback.onTrainingStart?.(context);
    else callback.onStep?.(context);
    let episodeReturn = 0;
    let length = 0;
    const started = performance.now();
    for (;;) {
      await sleep(1000 / fps);
      const result = env.step(agent.act(observation, { deterministic: options.deterministic }));
      observation = result.observation;
      episodeReturn += result.reward;
      length++;
      context.step++;
      const ended = result.terminated || result.truncated;
      if (ended) callback.onEpisodeEnd?.(context, { envIndex: 0, episodeReturn, length, seconds: (performance.now() - started) / 1000, step: context.step, info: result.info });
      callback.onStep?.(context);
      if (ended) break;
    }
    returns.push(episodeReturn);
  }
  await callback.onTrainingEnd?.(context);
  return returns;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
