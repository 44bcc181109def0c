import { isAbsolute, relative, resolve, sep } from 'node:path';
import { envIdOf, FirstEnvEpisodes, renderFirstEnv } from '../record/first-env-episodes.js';
import type { Callback, TrainingContext } from '../train/callback.js';
import type { LiveSink } from './live-channel.js';
import { rootRunId } from './runs-directory.js';

export interface StreamEpisodesOptions {
  /** Stream every `every`-th episode of env 0 (default 1: all of them; frames are rate-limited anyway). */
  every?: number;
  /** The runs directory the server serves, to name the live run in metrics messages. */
  runsDir?: string;
}

/**
 * A training callback that streams env 0's episodes frame by frame, and the logged metrics,
 * to the viewers subscribed to `channel`. It renders only when some viewer can take a frame,
 * so training runs at full speed with no viewer or a stalled one.
 *
 * @example const { live } = await startViewerServer({ runsDir: 'runs', live: true }); callbacks.push(streamEpisodes(live!));
 */
export function streamEpisodes(channel: LiveSink, options: StreamEpisodesOptions = {}): Callback {
  const episodes = new FirstEnvEpisodes(options.every ?? 1);

  const publishFrame = (context: TrainingContext): void => {
    if (!episodes.selected || !channel.wantsFrame() || !episodes.shouldCaptureStep(context.step)) return;
    const frame = renderFirstEnv(context.env);
    if (frame) channel.publishFrame(frame, { episode: episodes.episode, step: context.step });
  };

  return {
    onTrainingStart(context) {
      channel.runId = runIdOf(options.runsDir, context.runDir);
      episodes.startStep = context.step;
    },
    onStep(context) {
      publishFrame(context);
    },
    onEpisodeEnd(context, summary) {
      if (summary.envIndex !== 0) return;
      publishFrame(context);
      // Frames carry their episode number; the end tells the viewer how the episode went.
      channel.publish({ type: 'live-episode', episode: episodes.episode, status: 'end', episodeReturn: summary.episodeReturn, length: summary.length, ...optionalEnvId(context) });
      episodes.endEpisode(context.step);
    },
    onMetrics(context, metrics) {
      channel.publish({ type: 'live-metrics', step: context.step, values: metrics, ...(channel.runId ? { runId: channel.runId } : {}) });
    },
  };
}

function optionalEnvId(context: TrainingContext): { envId?: string } {
  const envId = envIdOf(context.env, context.envId);
  return envId ? { envId } : {};
}

/** The run's id in the runs directory ('/'-separated), or undefined when it lies elsewhere. */
export function runIdOf(runsDir: string | undefined, runDir: string | undefined): string | undefined {
  if (runsDir === undefined || runDir === undefined) return undefined;
  const path = relative(resolve(runsDir), resolve(runDir));
  if (path.startsWith('..') || isAbsolute(path)) return undefined;
  return path === '' ? rootRunId(runsDir) : path.split(sep).join('/');
}
