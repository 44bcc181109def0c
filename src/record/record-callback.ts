import { join } from 'node:path';
import type { Callback, EpisodeSummary, TrainingContext } from '../train/callback.js';
import { writeFileAtomicSync } from './atomic-write.js';
import { EpisodeCapture } from './episode-capture.js';
import { addToEpisodeIndex, episodeFileName, listEpisodes } from './episode-index.js';
import { envIdOf, FirstEnvEpisodes, renderFpsOf, type FirstEnvEpisodeHooks } from './first-env-episodes.js';

export interface RecordEpisodesOptions {
  /** Record every `every`-th episode of env 0 (default 10). */
  every?: number;
  /** Where to write; default `<runDir>/episodes` (nothing is recorded for a run without a directory). */
  directory?: string;
  /** Frames kept per episode at most (default 20000). */
  maxFrames?: number;
}

/**
 * A training callback that records every k-th episode of env 0 into the run directory,
 * one gzip-compressed JSON-lines file per episode plus an `index.json`, for `palestra view`.
 *
 * @example await agent.learn(env, { totalSteps: 1e5, callbacks: [recordEpisodes({ every: 20 })] });
 */
export function recordEpisodes(options: RecordEpisodesOptions = {}): Callback {
  const every = options.every ?? 10;
  if (!Number.isInteger(every) || every < 1) throw new RangeError(`recordEpisodes: every must be a positive integer, got ${every}`);
  let directory: string | undefined;
  let capture: EpisodeCapture | undefined;

  const hooks: FirstEnvEpisodeHooks = {
    frame(context, episode, render) {
      if (!directory || episode % every !== 0) return;
      capture ??= new EpisodeCapture(
        { envId: envIdOf(context.env, context.envId), episode, step: episodes.startStep, renderFps: renderFpsOf(context.env) },
        options.maxFrames,
      );
      const frame = render();
      if (frame) capture.add(frame);
    },
    end(_context, episode, summary) {
      if (capture && directory && capture.header.episode === episode) writeEpisode(directory, capture, summary);
      capture = undefined;
    },
  };
  let episodes = new FirstEnvEpisodes(hooks);

  return {
    onTrainingStart(context) {
      directory = options.directory ?? (context.runDir === undefined ? undefined : join(context.runDir, 'episodes'));
      capture = undefined;
      if (!directory) return;
      // A resumed run continues the numbering, so its new files never replace the old ones.
      const known = listEpisodes(directory);
      const firstEpisode = known.length === 0 ? 0 : Math.max(...known.map((entry) => entry.episode)) + 1;
      episodes = new FirstEnvEpisodes(hooks, firstEpisode);
      episodes.start(context);
    },
    onStep(context) {
      if (directory) episodes.onStep(context);
    },
    onEpisodeEnd(context: TrainingContext, summary: EpisodeSummary) {
      if (directory) episodes.onEpisodeEnd(context, summary);
    },
    onTrainingEnd() {
      // An episode cut short by the end of training is not written: it would look like a failure.
      capture = undefined;
    },
  };
}

/** Writes a finished episode's file and adds it to the directory's index. */
function writeEpisode(directory: string, capture: EpisodeCapture, summary: EpisodeSummary): void {
  const file = episodeFileName(capture.header.episode, capture.header.step);
  const terminated = summary.info.terminated;
  const truncated = summary.info.truncated;
  writeFileAtomicSync(
    join(directory, file),
    capture.finish({
      episodeReturn: summary.episodeReturn,
      length: summary.length,
      ...(typeof terminated === 'boolean' ? { terminated } : {}),
      ...(typeof truncated === 'boolean' ? { truncated } : {}),
    }),
  );
  addToEpisodeIndex(directory, {
    file,
    episode: capture.header.episode,
    step: capture.header.step,
    episodeReturn: summary.episodeReturn,
    length: summary.length,
    frames: capture.frameCount,
  });
}
