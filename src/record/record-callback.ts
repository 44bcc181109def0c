import { join } from 'node:path';
import type { Callback, EpisodeSummary, TrainingContext } from '../train/callback.js';
import { writeFileAtomic } from './atomic-write.js';
import { EpisodeCapture } from './episode-capture.js';
import { addToEpisodeIndex, episodeFileName, listEpisodes } from './episode-index.js';
import { envIdOf, FirstEnvEpisodes, renderFirstEnv, renderFpsOf } from './first-env-episodes.js';

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
  let directory: string | undefined;
  let episodes = new FirstEnvEpisodes(every);
  let capture: EpisodeCapture | undefined;

  const startCapture = (context: TrainingContext): void => {
    capture = undefined;
    if (!directory || !episodes.selected) return;
    capture = new EpisodeCapture(
      { envId: envIdOf(context.env, context.envId), episode: episodes.episode, step: episodes.startStep, renderFps: renderFpsOf(context.env) },
      options.maxFrames,
    );
  };

  const captureFrame = (context: TrainingContext): void => {
    if (!capture || !episodes.shouldCaptureStep(context.step)) return;
    const frame = renderFirstEnv(context.env);
    if (frame) capture.add(frame);
  };

  return {
    onTrainingStart(context) {
      directory = options.directory ?? (context.runDir === undefined ? undefined : join(context.runDir, 'episodes'));
      if (!directory) return;
      // A resumed run continues the numbering, so its new files never replace the old ones.
      const known = listEpisodes(directory);
      const firstEpisode = known.length === 0 ? 0 : Math.max(...known.map((entry) => entry.episode)) + 1;
      episodes = new FirstEnvEpisodes(every, firstEpisode);
      episodes.startStep = context.step;
      startCapture(context);
      // The state after reset, when the trainer has already reset the env.
      if (capture) {
        const initial = renderFirstEnv(context.env);
        if (initial) capture.add(initial);
      }
    },
    onStep(context) {
      captureFrame(context);
    },
    onEpisodeEnd(context: TrainingContext, summary: EpisodeSummary) {
      if (summary.envIndex !== 0) return;
      captureFrame(context);
      if (capture && directory) {
        const file = episodeFileName(capture.header.episode, capture.header.step);
        const terminated = summary.info.terminated;
        const truncated = summary.info.truncated;
        writeFileAtomic(
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
      episodes.endEpisode(context.step);
      startCapture(context);
    },
    onTrainingEnd() {
      // An episode cut short by the end of training is not written: it would look like a failure.
      capture = undefined;
    },
  };
}
