/**
 * Learning curves of training runs: the episodes as they end (frame count, return, wall
 * time), written as CSV and drawn as an SVG chart of moving averages.
 */

export interface EpisodePoint {
  /** Env frames (summed over sub-envs) when the episode ended. */
  frame: number;
  episodeReturn: number;
  length: number;
  /** Seconds since training started. */
  seconds: number;
}

export interface LearningCurve {
  /** Legend label, e.g. 'DQN' or 'PPO'. */
  label: string;
  episodes: EpisodePoint[];
}

/**
 * Mean return of the last `count` episodes (fewer when the run has fewer); NaN for none.
 *
 * @example lastMeanReturn(curve.episodes, 100)
 */
export function lastMeanReturn(episodes: readonly EpisodePoint[], count = 100): number {
  const tail = episodes.slice(-count);
  if (tail.length === 0) return Number.NaN;
  return tail.reduce((sum, e) => sum + e.episodeReturn, 0) / tail.length;
}

/**
 * Mean return of the last `count` episodes that ended by `frame`: where a run stood at that
 * frame, so runs of different lengths compare at equal frames.
 *
 * @example meanReturnAt(ppo.episodes, 720_000) // PPO's return when the DQN run stopped
 */
export function meanReturnAt(episodes: readonly EpisodePoint[], frame: number, count = 100): number {
  let end = 0;
  while (end < episodes.length && episodes[end]!.frame <= frame) end++;
  return lastMeanReturn(episodes.slice(0, end), count);
}

/** Trailing moving average of the returns over `window` episodes (shorter at the start). */
export function movingAverage(episodes: readonly EpisodePoint[], window = 100): number[] {
  const averages: number[] = [];
  let sum = 0;
  for (let i = 0; i < episodes.length; i++) {
    sum += episodes[i]!.episodeReturn;
    if (i >= window) sum -= episodes[i - window]!.episodeReturn;
    averages.push(sum / Math.min(i + 1, window));
  }
  return averages;
}

/**
 * The frame at which the mean return of the last `window` episodes first reaches `target`
 * (counting only once `window` episodes have ended); undefined if it never does.
 *
 * @example framesToReach(curve.episodes, 10) // Breakout: when the paper DQN's 5M score was reached
 */
export function framesToReach(episodes: readonly EpisodePoint[], target: number, window = 100): number | undefined {
  const averages = movingAverage(episodes, window);
  for (let i = window - 1; i < episodes.length; i++) if (averages[i]! >= target) return episodes[i]!.frame;
  return undefined;
}

/** One row per episode: frame, return, length, seconds, and the 100-episode moving average. */
export function curveCsv(curve: LearningCurve): string {
  const averages = movingAverage(curve.episodes);
  const rows = curve.episodes.map((e, i) => `${e.frame},${e.episodeReturn},${e.length},${e.seconds.toFixed(2)},${averages[i]!.toFixed(4)}`);
  return ['frame,return,length,seconds,return_mean100', ...rows].join('\n') + '\n';
}

/**
 * The episodes of a CSV that `curveCsv` wrote.
 *
 * @example parseCurveCsv(readFileSync('dqn-Breakout.csv', 'utf8'))
 */
export function parseCurveCsv(csv: string): EpisodePoint[] {
  const [header, ...rows] = csv.trim().split('\n');
  if (!header?.startsWith('frame,return,length,seconds')) throw new Error(`learning curve CSV: expected the header 'frame,return,length,seconds,...', got '${header ?? ''}'`);
  return rows.map((row) => {
    const [frame, episodeReturn, length, seconds] = row.split(',').map(Number) as [number, number, number, number];
    return { frame, episodeReturn, length, seconds };
  });
}

export interface ChartReference {
  label: string;
  value: number;
}

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd'];

/**
 * An SVG line chart of each curve's 100-episode moving average against frames, with dashed
 * horizontal lines for reference returns (the paper's).
 *
 * @example writeFileSync('breakout.svg', curvesSvg('Breakout-v0', [dqnCurve], [{ label: 'paper DQN @5M', value: 10 }]));
 */
export function curvesSvg(title: string, curves: readonly LearningCurve[], references: readonly ChartReference[] = [], options: { lastFrame?: number } = {}): string {
  const width = 760;
  const height = 440;
  const margin = { left: 64, right: 180, top: 40, bottom: 48 };
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const lastFrame = options.lastFrame ?? Infinity;
  // Episodes come in frame order, and the average trails, so cutting the episodes first gives
  // the same points as cutting the full curve.
  const series = curves.map((c) => {
    const shown = c.episodes.filter((e) => e.frame <= lastFrame);
    return { label: c.label, frames: shown.map((e) => e.frame), values: movingAverage(shown) };
  });
  const lastShownFrame = Math.max(1, ...series.map((s) => s.frames[s.frames.length - 1] ?? 0));
  const frameStep = niceStep(lastShownFrame, 6);
  // A run stops a few frames past its budget (5,006,880 for 5M): within 1% of a tick, end there.
  const frameTicks = Math.max(1, Math.ceil(lastShownFrame / frameStep - 0.01));
  const maxFrame = frameTicks * frameStep;
  // 10% headroom keeps the top curve and reference labels off the frame.
  const maxValue = niceCeiling(1.1 * Math.max(1, ...series.flatMap((s) => s.values), ...references.map((r) => r.value)));
  const x = (frame: number): number => margin.left + (frame / maxFrame) * plotWidth;
  const y = (value: number): number => margin.top + plotHeight - (value / maxValue) * plotHeight;

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${margin.left}" y="24" font-size="15" font-weight="bold">${escapeXml(title)}</text>`,
  ];
  for (let tick = 0; tick <= 5; tick++) {
    const value = (maxValue * tick) / 5;
    parts.push(`<line x1="${margin.left}" x2="${margin.left + plotWidth}" y1="${y(value)}" y2="${y(value)}" stroke="#e5e5e5"/>`);
    parts.push(`<text x="${margin.left - 8}" y="${y(value) + 4}" text-anchor="end">${formatNumber(value)}</text>`);
  }
  for (let tick = 0; tick <= frameTicks; tick++) {
    parts.push(`<text x="${x(tick * frameStep)}" y="${margin.top + plotHeight + 18}" text-anchor="middle">${formatNumber(tick * frameStep)}</text>`);
  }
  parts.push(`<rect x="${margin.left}" y="${margin.top}" width="${plotWidth}" height="${plotHeight}" fill="none" stroke="#555"/>`);
  parts.push(`<text x="${margin.left + plotWidth / 2}" y="${height - 10}" text-anchor="middle">frames</text>`);
  parts.push(`<text x="16" y="${margin.top + plotHeight / 2}" text-anchor="middle" transform="rotate(-90 16 ${margin.top + plotHeight / 2})">return (mean of last 100 episodes)</text>`);
  references.forEach((reference) => {
    parts.push(`<line x1="${margin.left}" x2="${margin.left + plotWidth}" y1="${y(reference.value)}" y2="${y(reference.value)}" stroke="#777" stroke-dasharray="6 4"/>`);
    parts.push(`<text x="${margin.left + plotWidth - 6}" y="${y(reference.value) - 6}" text-anchor="end" fill="#555">${escapeXml(reference.label)}</text>`);
  });
  series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length]!;
    const points = s.frames.map((frame, k) => `${x(frame).toFixed(1)},${y(s.values[k]!).toFixed(1)}`).join(' ');
    if (points) parts.push(`<polyline fill="none" stroke="${color}" stroke-width="2" points="${points}"/>`);
    parts.push(`<line x1="${margin.left + plotWidth + 8}" x2="${margin.left + plotWidth + 28}" y1="${margin.top + 12 + i * 18}" y2="${margin.top + 12 + i * 18}" stroke="${color}" stroke-width="2"/>`);
    parts.push(`<text x="${margin.left + plotWidth + 34}" y="${margin.top + 16 + i * 18}">${escapeXml(s.label)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}

/**
 * The smallest round step (1, 2, 2.5 or 5 times a power of ten) that covers `span` in at most
 * `maxTicks` steps, so the frame axis reads 0, 1M, 2M... rather than fifths of the last frame.
 *
 * @example niceStep(5_006_880, 6) // 1_000_000
 */
export function niceStep(span: number, maxTicks: number): number {
  const power = 10 ** Math.floor(Math.log10(span / maxTicks));
  for (const step of [1, 2, 2.5, 5, 10]) if (Math.ceil(span / (step * power)) <= maxTicks) return step * power;
  return 10 * power;
}

/** 1, 2 or 5 times a power of ten, at least `value`: round axis ends. */
function niceCeiling(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

function formatNumber(value: number): string {
  // From 0.1M up in millions: 0.25M reads better than 250k beside 0.5M and 0.75M.
  if (value >= 1e5) return `${+(value / 1e6).toFixed(2)}M`;
  if (value >= 1e3) return `${+(value / 1e3).toFixed(1)}k`;
  return `${+value.toFixed(1)}`;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
