/** Line colours for overlaid runs (Tableau 10), distinguishable on white. */
const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2', '#bcbd22', '#7f7f7f'];

/**
 * Gives each run a colour the first time it is shown and keeps it: ticking or unticking other
 * runs never repaints a run. A colour is reused only once every colour is in use.
 *
 * @example const colours = new RunColours(); colours.of('cartpole-ppo') // '#1f77b4', from now on
 */
export class RunColours {
  private readonly assigned = new Map<string, string>();

  of(runId: string): string {
    let colour = this.assigned.get(runId);
    if (colour === undefined) {
      const used = new Set(this.assigned.values());
      colour = PALETTE.find((candidate) => !used.has(candidate)) ?? PALETTE[this.assigned.size % PALETTE.length]!;
      this.assigned.set(runId, colour);
    }
    return colour;
  }
}
