/** Counts frames drawn over a sliding second, for the fps readout and the browser tests. */
export class FrameRateMeter {
  private readonly stamps: number[] = [];
  private drawTotal = 0;
  private draws = 0;

  /** Records a drawn frame; `drawMs` is the time spent drawing it. */
  tick(now: number, drawMs = 0): void {
    this.drawTotal += drawMs;
    this.draws++;
    this.stamps.push(now);
    while (this.stamps.length > 0 && now - this.stamps[0]! > 1000) this.stamps.shift();
  }

  /** Frames in the last second (0 until something was drawn). */
  get fps(): number {
    return this.stamps.length;
  }

  /** Mean milliseconds per drawn frame since the start (what the scene costs to draw). */
  get meanDrawMs(): number {
    return this.draws === 0 ? 0 : this.drawTotal / this.draws;
  }
}
