import type { Callback, EpisodeSummary } from '../callback.js';

/**
 * The last `size` training episodes (Stable-Baselines3's ep_info_buffer): the recent mean
 * return that logs and the progress bar show.
 *
 * @example const episodes = new EpisodeWindow(100); callbacks.push(episodes); console.log(episodes.meanReturn);
 */
export class EpisodeWindow implements Callback {
  private readonly returns: number[] = [];
  private readonly lengths: number[] = [];
  /** Episodes finished since training started (a resumed run starts from the count it had). */
  count = 0;

  constructor(readonly size = 100) {}

  onEpisodeEnd(_context: unknown, episode: EpisodeSummary): void {
    this.returns.push(episode.episodeReturn);
    this.lengths.push(episode.length);
    if (this.returns.length > this.size) {
      this.returns.shift();
      this.lengths.shift();
    }
    this.count++;
  }

  /** Mean return of the window, or undefined before the first episode. */
  get meanReturn(): number | undefined {
    return this.returns.length === 0 ? undefined : this.returns.reduce((a, b) => a + b, 0) / this.returns.length;
  }

  get meanLength(): number | undefined {
    return this.lengths.length === 0 ? undefined : this.lengths.reduce((a, b) => a + b, 0) / this.lengths.length;
  }
}
