/** Column names a trainer may use for the x axis, in order of preference. */
const STEP_KEYS = ['step', 'global_step', 'timesteps', 'env_steps', 'steps'];
/** Columns that give the wall-clock time of a row (seconds since the run started), in order of preference. */
const TIME_KEYS = ['time', 'wall_time', 'elapsed', 'seconds'];
/** Columns that are not curves. */
const IGNORED_KEYS = new Set([...TIME_KEYS, 'timestamp']);

/** One logged scalar of one run: a point wherever a row gave it a number. */
export interface MetricSeries {
  steps: number[];
  /** Seconds since the run started, or null where no row up to this one said. */
  times: (number | null)[];
  values: number[];
}

/** One run's logged scalars, each with its own points (as TensorBoard keeps one series per tag). */
export interface MetricTable {
  series: Map<string, MetricSeries>;
  /** Rows read so far (the x of rows that name no step). */
  rows: number;
  /** The step key this run uses, once a row had one. */
  stepKey?: string;
  /** The latest wall-clock time seen: rows without one (evaluations) happened at about that time. */
  lastTime?: number;
}

/** An empty table, to be filled by `appendMetricsRow`. */
export function emptyMetricTable(): MetricTable {
  return { series: new Map(), rows: 0 };
}

/**
 * Parses a run's metrics.jsonl (one JSON object of scalars per line) into one series per
 * scalar. A line is one logging event: a training row and an evaluation row at the same step
 * each add their own points, never blanking each other's. Lines without a step use their line
 * number; bad lines are skipped.
 *
 * @example parseMetrics('{"step":1,"loss":0.5}\n{"step":1,"eval/meanReturn":9}\n').series.get('loss')!.values // [0.5]
 */
export function parseMetrics(text: string): MetricTable {
  const table = emptyMetricTable();
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let row: unknown;
    try {
      row = JSON.parse(line) as unknown;
    } catch {
      continue; // A line being written while we read is simply left for the next refresh.
    }
    if (row && typeof row === 'object' && !Array.isArray(row)) appendMetricsRow(table, row as Record<string, unknown>);
  }
  return table;
}

/**
 * Adds one logged row (a metrics.jsonl line, or the values a live trainer streamed) to a table.
 *
 * @example appendMetricsRow(table, { step: 2048, episodeReturnMean: 21.5, time: 3.2 });
 */
export function appendMetricsRow(table: MetricTable, row: Record<string, unknown>): void {
  table.stepKey ??= STEP_KEYS.find((key) => typeof row[key] === 'number');
  const step = table.stepKey !== undefined && typeof row[table.stepKey] === 'number' ? (row[table.stepKey] as number) : table.rows;
  const timeKey = TIME_KEYS.find((key) => typeof row[key] === 'number');
  if (timeKey) table.lastTime = row[timeKey] as number;
  const time = table.lastTime ?? null;
  table.rows++;
  for (const [name, value] of Object.entries(row)) {
    if (name === table.stepKey || IGNORED_KEYS.has(name) || typeof value !== 'number' || !Number.isFinite(value)) continue;
    let series = table.series.get(name);
    if (!series) table.series.set(name, (series = { steps: [], times: [], values: [] }));
    series.steps.push(step);
    series.times.push(time);
    series.values.push(value);
  }
}

/**
 * Puts several series on one shared, sorted x axis (what uPlot wants), with null where a series
 * has no point at an x. A series that has two points at one x keeps the later one.
 *
 * @example alignRuns([{ steps: [1, 2], values: [5, 6] }, { steps: [2, 3], values: [7, 8] }])
 * // { x: [1, 2, 3], ys: [[5, 6, null], [null, 7, 8]] }
 */
export function alignRuns(series: readonly { steps: readonly number[]; values: readonly (number | null)[] }[]): { x: number[]; ys: (number | null)[][] } {
  const x = [...new Set(series.flatMap((one) => one.steps))].sort((a, b) => a - b);
  const position = new Map(x.map((step, index) => [step, index]));
  const ys = series.map((one) => {
    const column: (number | null)[] = new Array<number | null>(x.length).fill(null);
    one.steps.forEach((step, i) => {
      const value = one.values[i];
      if (value !== null && value !== undefined) column[position.get(step)!] = value;
    });
    return column;
  });
  return { x, ys };
}
