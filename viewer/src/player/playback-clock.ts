/** The slowest and fastest replay speeds offered. */
export const MIN_SPEED = 0.1;
export const MAX_SPEED = 10;

/**
 * Which frame of an episode is showing as time passes: play, pause, step, seek, speed and loop,
 * with no DOM or rendering in it.
 *
 * @example const clock = new PlaybackClock(500, 50); clock.play(); clock.advance(0.1); clock.frame // 5
 */
export class PlaybackClock {
  playing = false;
  loop = true;
  private speedFactor = 1;
  /** Fractional frame position. */
  private position = 0;

  constructor(
    public frameCount: number,
    /** Frames per second at speed 1 (the env's renderFps). */
    public fps: number,
  ) {}

  get frame(): number {
    return Math.min(Math.floor(this.position), Math.max(0, this.frameCount - 1));
  }

  get speed(): number {
    return this.speedFactor;
  }

  set speed(value: number) {
    this.speedFactor = Math.min(MAX_SPEED, Math.max(MIN_SPEED, Number.isFinite(value) ? value : 1));
  }

  play(): void {
    // Play from the start again when the end was reached.
    if (this.frame >= this.frameCount - 1) this.position = 0;
    this.playing = true;
  }

  pause(): void {
    this.playing = false;
  }

  /** Moves by whole frames and pauses (the step buttons). */
  step(delta: number): void {
    this.playing = false;
    this.seek(this.frame + delta);
  }

  seek(frame: number): void {
    this.position = Math.min(Math.max(0, Math.round(frame)), Math.max(0, this.frameCount - 1));
  }

  /** Moves time forward by `seconds` of wall time; returns the frame to show. */
  advance(seconds: number): number {
    if (!this.playing || this.frameCount === 0) return this.frame;
    this.position += seconds * this.fps * this.speedFactor;
    if (this.position >= this.frameCount) {
      if (this.loop) this.position %= this.frameCount;
      else {
        this.position = this.frameCount - 1;
        this.playing = false;
      }
    }
    return this.frame;
  }
}
