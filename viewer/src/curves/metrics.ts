/** Column names a trainer may use for the x axis, in order of preference. */
const STEP_KEYS = ['step', 'global_step', 'timesteps', 'env_steps', 'steps'];
/** Columns that are not curves. */
const IGNORED_KEYS = new Set(['time', 'wall_time', 'timestamp', 'seconds', 'elapsed']);

/** One run's logged scalars, each a column aligned with `steps`. */
export interface MetricTable {
  steps: number[];
  columns: Map<string, (number | null)[]>;
}

/**
 * Parses a run's metrics.jsonl (one JSON object of scalars per line) into columns against the
 * step count. Lines without a step use their line number; bad lines are skipped.
 *
 * @example parseMetrics('{"step":1,"loss":0.5}\n').columns.get('loss') // [0.5]
 */
export function parseMetrics(text: string): MetricTable {
  const rows: Record<string, unknown>[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const row = JSON.parse(line) as unknown;
      if (row && typeof row === 'object' && !Array.isArray(row)) rows.push(row as Record<string, unknown>);
    } catch {
      // A line being written while we read is simply left for the next refresh.
    }
  }
  const stepKey = STEP_KEYS.find((key) => rows.some((row) => typeof row[key] === 'number'));
  const names = new Set<string>();
  for (const row of rows) {
    for (const [key, value] of Object.entries(row)) {
      if (key !== stepKey && !IGNORED_KEYS.has(key) && typeof value === 'number') names.add(key);
    }
  }
  const steps = rows.map((row, index) => (stepKey && typeof row[stepKey] === 'number' ? (row[stepKey] as number) : index));
  const columns = new Map<string, (number | null)[]>();
  for (const name of [...names].sort()) columns.set(name, rows.map((row) => (typeof row[name] === 'number' ? (row[name] as number) : null)));
  return { steps, columns };
}

/**
 * Puts several runs' columns on one shared, sorted x axis (what uPlot wants), with null where a
 * run has no value at a step.
 *
 * @example alignRuns([{ steps: [1, 2], values: [5, 6] }, { steps: [2, 3], values: [7, 8] }])
 * // { x: [1, 2, 3], ys: [[5, 6, null], [null, 7, 8]] }
 */
export function alignRuns(series: readonly { steps: readonly number[]; values: readonly (number | null)[] }[]): { x: number[]; ys: (number | null)[][] } {
  const x = [...new Set(series.flatMap((one) => one.steps))].sort((a, b) => a - b);
  const position = new Map(x.map((step, index) => [step, index]));
  const ys = series.map((one) => {
    const column: (number | null)[] = new Array<number | null>(x.length).fill(null);
    one.steps.forEach((step, i) => (column[position.get(step)!] = one.values[i] ?? null));
    return column;
  });
  return { x, ys };
}
