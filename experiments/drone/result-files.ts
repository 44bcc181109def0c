/**
 * The files a drone learning benchmark leaves in experiments/drone/results/: the table as CSV,
 * everything (settings, per-seed results, learning curves) as JSON, and a markdown summary
 * that a reader can paste into an issue.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';

/** A table: a header row and rows of cells already formatted as text. */
export interface TextTable {
  columns: string[];
  rows: string[][];
}

/**
 * A GitHub markdown table; the first column is left-aligned, the others right-aligned (numbers).
 *
 * @example markdownTable({ columns: ['seed', 'steps'], rows: [['0', '50662']] })
 */
export function markdownTable(table: TextTable): string {
  const line = (cells: string[]) => `| ${cells.map((c) => c.replaceAll('|', '\\|')).join(' | ')} |`;
  const alignment = table.columns.map((_, i) => (i === 0 ? ':---' : '---:'));
  return [line(table.columns), line(alignment), ...table.rows.map(line)].join('\n');
}

/**
 * RFC 4180 CSV: cells with a comma, quote or newline are quoted, quotes doubled.
 *
 * @example csvText({ columns: ['seed', 'note'], rows: [['0', 'a, b']] }) // 'seed,note\n0,"a, b"\n'
 */
export function csvText(table: TextTable): string {
  const cell = (c: string) => (/[",\n\r]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c);
  return [table.columns, ...table.rows].map((cells) => cells.map(cell).join(',')).join('\n') + '\n';
}

/**
 * One line on what the wall-clock figures were measured under: the core count and the 1-minute
 * load average (a load above the core count means the run shared the CPUs).
 *
 * @example runConditions(startLoad) // 'machine: 2 cores, 1-min load average 12.7 at the start, 3.2 at the end'
 */
export function runConditions(loadAtStart: number): string {
  return `machine: ${cpus().length} cores, 1-min load average ${loadAtStart.toFixed(1)} at the start, ${loadavg()[0]!.toFixed(1)} at the end`;
}

/**
 * Writes `<name>.csv`, `<name>.json` and `<name>.md` under `dir` (created if missing); returns their paths.
 *
 * @example writeResultFiles('experiments/drone/results', 'hover-ppo', { table, json: { seeds }, markdown })
 */
/**
 * The markdown summary of a training benchmark: title, settings, the command that reproduces
 * it, the run conditions, the table and the one-line verdict.
 *
 * @example const markdown = resultMarkdown({ title: 'PPO on Drone/Hover-v0', settings, script: 'experiments/drone/train-hover.ts', loadAtStart, table, summary });
 */
export function resultMarkdown(parts: { title: string; settings: string; script: string; loadAtStart: number; table: TextTable; summary: string }): string {
  return [
    `# ${parts.title}`,
    '',
    parts.settings + '.',
    `Command: \`${['npx tsx ' + parts.script, ...process.argv.slice(2)].join(' ')}\` (finished ${new Date().toISOString()}).`,
    `Wall-clock includes the periodic evaluations; it depends on the machine and its load (${runConditions(parts.loadAtStart)}).`,
    '',
    markdownTable(parts.table),
    '',
    parts.summary + '.',
  ].join('\n');
}

export function writeResultFiles(dir: string, name: string, contents: { table: TextTable; json: unknown; markdown: string }): string[] {
  mkdirSync(dir, { recursive: true });
  const files: [string, string][] = [
    [`${name}.csv`, csvText(contents.table)],
    [`${name}.json`, JSON.stringify(contents.json, null, 2) + '\n'],
    [`${name}.md`, contents.markdown.endsWith('\n') ? contents.markdown : contents.markdown + '\n'],
  ];
  return files.map(([file, text]) => {
    const path = join(dir, file);
    writeFileSync(path, text);
    return path;
  });
}
