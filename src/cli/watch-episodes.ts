import type { Env } from '../core/env.js';
import type { ParallelEnv } from '../multi-agent/parallel-env.js';
import type { Agent } from '../train/agent.js';
import type { Callback, TrainingContext } from '../train/callback.js';
import { endingOf, sharedPolicyActions } from '../train/evaluate-parallel.js';

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

/** What `watchParallelEpisodes` needs of an agent: one policy acts for every agent of the world. */
export type BatchActingAgent = Pick<Agent, 'name' | 'actBatch'>;

/** One watched world episode: each agent's return, and how many agents ended which way. */
export interface WatchedWorldEpisode {
  /** Mean of the agents' returns. */
  meanReturn: number;
  /** World steps until the last agent was done. */
  length: number;
  /** Endings by the env's `info.outcome` (arrived, collided, ...), else terminated / truncated. */
  outcomes: Record<string, number>;
}

/**
 * `watchEpisodes` for a multi-agent world (`palestra eval --view` on a ParallelEnv): plays whole
 * world episodes at the env's frame rate, the shared policy acting for every alive agent at once
 * (as `evaluateParallelPolicy` does, with the same seeds), and tells `callback` about every step
 * with the world as env 0: each frame is `world.render()`, one world episode is one viewer
 * episode, and it ends when the last agent is done. The summary's return is the agents' mean.
 *
 * @example const episodes = await watchParallelEpisodes(agent, makeParallel('MultiRobot/CollisionAvoidance-v0'), view.callback, { episodes: 2, seed: 0, deterministic: true, envId: 'MultiRobot/CollisionAvoidance-v0' });
 */
export async function watchParallelEpisodes(agent: BatchActingAgent, world: ParallelEnv<any, any>, callback: Callback, options: WatchOptions): Promise<WatchedWorldEpisode[]> {
  const fps = options.fps ?? (world.metadata.renderFps > 0 ? world.metadata.renderFps : 30);
  const context: TrainingContext = { agentName: agent.name, env: world, envId: options.envId, runDir: undefined, step: 0, totalSteps: 0, agent };
  const watched: WatchedWorldEpisode[] = [];
  for (let episode = 0; episode < options.episodes; episode++) {
    let { observations } = world.reset({ seed: options.seed + episode });
    if (episode === 0) await callback.onTrainingStart?.(context);
    else callback.onStep?.(context);
    const returns = new Map<string, number>();
    const outcomes: Record<string, number> = {};
    let length = 0;
    const started = performance.now();
    while (world.agents.length > 0) {
      await sleep(1000 / fps);
      const actions = sharedPolicyActions(agent, world, observations, { deterministic: options.deterministic });
      const result = world.step(actions);
      observations = { ...observations, ...result.observations };
      for (const [id, reward] of Object.entries(result.rewards)) {
        returns.set(id, (returns.get(id) ?? 0) + reward);
        if (!result.terminations[id] && !result.truncations[id]) continue;
        const ending = endingOf(result, id);
        outcomes[ending] = (outcomes[ending] ?? 0) + 1;
      }
      length++;
      context.step++;
      if (world.agents.length === 0) {
        const meanReturn = [...returns.values()].reduce((a, b) => a + b, 0) / Math.max(returns.size, 1);
        callback.onEpisodeEnd?.(context, { envIndex: 0, episodeReturn: meanReturn, length, seconds: (performance.now() - started) / 1000, step: context.step, info: { outcomes } });
        watched.push({ meanReturn, length, outcomes });
      }
      callback.onStep?.(context);
    }
  }
  await callback.onTrainingEnd?.(context);
  return watched;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
