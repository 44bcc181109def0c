/**
 * `npm run bench:envs`: steps per second of the built-in envs, single and vectorised, in one
 * table with the reference each row is compared against. Best of N repeats per row.
 *
 * Options: --repeats N (default 5), --seconds S per repeat (default 0.3), --only <family name>.
 */
import { availableParallelism, cpus, loadavg } from 'node:os';
import { parseScriptArgs } from '../src/cli/args.js';
import { ENV_BENCH_FAMILIES, type EnvBenchRow } from './envs-bench/index.js';


function formatRate(value: number | undefined): string {
  if (value === undefined) return '-';
  if (value >= 1e6) return `${(value / 1e6).toFixed(1)}M`;
  if (value >= 1e3) return `${(value / 1e3).toFixed(0)}k`;
  return value.toFixed(0);
}

/** A plain-text table, numbers right-aligned. */
export function formatTable(rows: readonly EnvBenchRow[]): string {
  const header = ['env', 'mode', 'steps/s', 'reference', 'ref steps/s', 'ratio'];
  const body = rows.map((r) => [r.env, r.mode, formatRate(r.stepsPerSecond), r.reference ?? '-', formatRate(r.referenceStepsPerSecond), r.ratio === undefined ? '-' : `${r.ratio.toFixed(2)}x`]);
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((line) => line[c]!.length)));
  const numeric = new Set([2, 4, 5]);
  const line = (cells: string[]): string => cells.map((cell, c) => (numeric.has(c) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

async function main(): Promise<void> {
  const args = parseScriptArgs('experiments/bench-envs.ts', { repeats: { type: 'string' }, seconds: { type: 'string' }, only: { type: 'string' } });
  const repeats = args.number('repeats', 5);
  const seconds = args.number('seconds', 0.3, { integer: false });
  const only = args.text('only', undefined);
  console.log(`node ${process.version}, ${cpus()[0]?.model ?? 'unknown cpu'}, ${availableParallelism()} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}; best of ${repeats} x ${seconds}s`);
  const rows: EnvBenchRow[] = [];
  const notes: string[] = [];
  for (const family of ENV_BENCH_FAMILIES) {
    if (only && family.name !== only) continue;
    rows.push(...(await family.rows({ repeats, seconds })));
    if (family.note) notes.push(`${family.name}: ${family.note}`);
  }
  console.log(formatTable(rows));
  for (const note of notes) console.log(note);
}

await main();
