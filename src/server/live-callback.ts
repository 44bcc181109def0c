import { isAbsolute, relative, resolve, sep } from 'node:path';
import { envIdOf, FirstEnvEpisodes } from '../record/first-env-episodes.js';
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
  const every = options.every ?? 1;
  const episodes = new FirstEnvEpisodes({
    frame(context, episode, render) {
      if (episode % every !== 0 || !channel.wantsFrame()) return;
      const frame = render();
      if (frame) channel.publishFrame(frame, { episode, step: context.step });
    },
    end(context, episode, summary) {
      // Frames carry their episode number; the end tells the viewer how the episode went.
      channel.publish({ type: 'live-episode', episode, status: 'end', episodeReturn: summary.episodeReturn, length: summary.length, ...optionalEnvId(context) });
    },
  });

  return {
    onTrainingStart(context) {
      channel.runId = runIdOf(options.runsDir, context.runDir);
      episodes.start(context);
    },
    onStep(context) {
      episodes.onStep(context);
    },
    onEpisodeEnd(context, summary) {
      episodes.onEpisodeEnd(context, summary);
    },
    onMetrics(context, metrics) {
      channel.publish({ type: 'live-metrics', step: context.step, values: metrics, ...(channel.runId ? { runId: channel.runId } : {}) });
    },
    onTrainingEnd(context) {
      // The trainer's last callbacks (the final evaluation) have run: their rows are on disk.
      channel.finish({ step: context.step });
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
