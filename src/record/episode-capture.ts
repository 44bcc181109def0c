import { EPISODE_FORMAT, EPISODE_FORMAT_VERSION } from '../core/episode-format.js';
import type { SceneFrame } from '../core/scene.js';
import { encodeWire } from '../core/wire.js';
import { gzipEpisodeText, type EpisodeEnd, type EpisodeHeader } from './episode-file.js';

/**
 * An episode being recorded, frame by frame. Each frame is encoded the moment it is added,
 * so an env that reuses its arrays (grid cells, camera pixels) between steps cannot change
 * what was recorded.
 *
 * @example
 * const capture = new EpisodeCapture({ envId: 'CartPole-v1', episode: 0, step: 0, renderFps: 50 });
 * capture.add(env.render()!);
 * const bytes = capture.finish({ episodeReturn: 1, length: 1 });
 */
export class EpisodeCapture {
  readonly header: EpisodeHeader;
  private readonly lines: string[];
  private lastScene: unknown;
  private frames = 0;

  constructor(
    info: { envId?: string; episode: number; step: number; renderFps: number },
    /** Frames beyond this are not kept (bounds memory on very long episodes). */
    private readonly maxFrames = 20_000,
  ) {
    this.header = { kind: 'header', format: EPISODE_FORMAT, version: EPISODE_FORMAT_VERSION, ...info, createdAt: new Date().toISOString() };
    this.lines = [encodeWire(this.header)];
  }

  get frameCount(): number {
    return this.frames;
  }

  /** Adds one frame; returns false once `maxFrames` frames are kept. */
  add(frame: SceneFrame): boolean {
    if (this.frames >= this.maxFrames) return false;
    if (frame.scene !== this.lastScene) {
      this.lines.push(encodeWire({ kind: 'scene', scene: frame.scene }));
      this.lastScene = frame.scene;
    }
    this.lines.push(encodeWire({ kind: 'frame', updates: frame.updates, hud: frame.hud }));
    this.frames++;
    return true;
  }

  /** The gzip-compressed file content, closed by an `end` line. */
  finish(end: Omit<EpisodeEnd, 'kind'>): Uint8Array {
    const endLine: EpisodeEnd = { kind: 'end', ...end };
    return gzipEpisodeText([...this.lines, encodeWire(endLine)].join('\n') + '\n');
  }
}
