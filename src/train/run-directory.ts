/**
 * A run directory: everything one training run leaves behind.
 *
 * ```
 * <run>/config.json         how to repeat the run (env, agent, full config, seed, backend, version)
 * <run>/metrics.jsonl       one JSON object per log point; metrics.csv mirrors it
 * <run>/checkpoints/<step>/ agent.json + model files, written to a temporary name then renamed
 * <run>/best/               the checkpoint with the best evaluation so far
 * ```
 */
import { existsSync } from 'node:fs';
import { appendFile, mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../record/atomic-write.js';
import { PalestraError } from '../core/errors.js';

/** What config.json records. */
export interface RunConfig {
  envId: string;
  /** Path of a custom env module, when the env came from one. */
  envModule?: string;
  /** Keyword arguments the env was made with (absent: the registered ones). */
  envKwargs?: Record<string, unknown>;
  agent: string;
  agentConfig: Record<string, unknown>;
  totalSteps: number;
  seed: number;
  numEnvs: number;
  backend: string;
  palestraVersion: string;
  /** The command line that started the run, for people reading the file. */
  command?: string;
  createdAt: string;
  evalEpisodes: number;
  evalFreq: number;
  checkpointFreq: number;
  /** Every this many episodes of env 0 are recorded into episodes/ (0: none); older runs lack it. */
  recordEvery?: number;
  rewardThreshold: number | null;
}

export class RunDirectoryError extends PalestraError {}

/**
 * Paths and writes of one run directory.
 *
 * @example const run = await RunDirectory.create('runs/my-run', config); await run.appendMetrics({ step: 100, loss: 0.5 });
 */
export class RunDirectory {
  constructor(readonly path: string) {}

  get configPath(): string {
    return join(this.path, 'config.json');
  }
  get metricsPath(): string {
    return join(this.path, 'metrics.jsonl');
  }
  get csvPath(): string {
    return join(this.path, 'metrics.csv');
  }
  get checkpointsPath(): string {
    return join(this.path, 'checkpoints');
  }
  get bestPath(): string {
    return join(this.path, 'best');
  }

  /** Creates the directory (refusing one that already holds a run) and writes config.json. */
  static async create(path: string, config: RunConfig): Promise<RunDirectory> {
    const run = new RunDirectory(path);
    if (existsSync(run.configPath)) {
      throw new RunDirectoryError(`${path} already holds a run (config.json exists); pass --resume ${path} to continue it, or choose another --out`);
    }
    await mkdir(run.checkpointsPath, { recursive: true });
    await writeFileAtomic(run.configPath, JSON.stringify(config, null, 2) + '\n');
    return run;
  }

  /** Opens an existing run for --resume. */
  static async open(path: string): Promise<{ run: RunDirectory; config: RunConfig }> {
    const run = new RunDirectory(path);
    let text: string;
    try {
      text = await readFile(run.configPath, 'utf8');
    } catch {
      throw new RunDirectoryError(`${path} is not a run directory: ${run.configPath} not found`);
    }
    try {
      return { run, config: JSON.parse(text) as RunConfig };
    } catch (error) {
      throw new RunDirectoryError(`${run.configPath} is corrupt (${(error as Error).message})`);
    }
  }

  async appendMetrics(record: Record<string, unknown>): Promise<void> {
    await appendFile(this.metricsPath, JSON.stringify(record) + '\n');
  }

  /** Every complete line of metrics.jsonl (a line cut off by a kill is skipped). */
  async readMetrics(): Promise<Record<string, unknown>[]> {
    let text = '';
    try {
      text = await readFile(this.metricsPath, 'utf8');
    } catch {
      return [];
    }
    const records: Record<string, unknown>[] = [];
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        records.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        // A partial last line from a killed run.
      }
    }
    return records;
  }

  /** Drops metric lines past `step` (a resumed run logs them again) and rewrites the CSV. */
  async truncateMetrics(step: number): Promise<void> {
    const kept = (await this.readMetrics()).filter((r) => typeof r['step'] !== 'number' || r['step'] <= step);
    await writeFileAtomic(this.metricsPath, kept.map((r) => JSON.stringify(r) + '\n').join(''));
    await this.writeCsv();
  }

  /** Rewrites metrics.csv from metrics.jsonl: one column per key ever logged. */
  async writeCsv(): Promise<void> {
    const records = await this.readMetrics();
    const columns = [...new Set(records.flatMap((r) => Object.keys(r)))];
    const cell = (v: unknown) => (v === undefined || v === null ? '' : typeof v === 'string' ? JSON.stringify(v) : String(v));
    const lines = [columns.join(','), ...records.map((r) => columns.map((c) => cell(r[c])).join(','))];
    await writeFileAtomic(this.csvPath, lines.join('\n') + '\n');
  }

  checkpointPath(step: number): string {
    return join(this.checkpointsPath, String(step));
  }

  /** Checkpoint steps on disk, oldest first (temporary directories of killed saves excluded). */
  async checkpointSteps(): Promise<number[]> {
    let names: string[] = [];
    try {
      names = await readdir(this.checkpointsPath);
    } catch {
      return [];
    }
    return names.filter((n) => /^\d+$/.test(n)).map(Number).sort((a, b) => a - b);
  }

  /**
   * Writes a directory atomically: `write` fills a temporary sibling, which then replaces
   * `target` by rename, so a reader (or a resume after a kill) never sees half a checkpoint.
   */
  static async writeDirectoryAtomic(target: string, write: (dir: string) => Promise<void>): Promise<void> {
    const temporary = `${target}.tmp-${process.pid}`;
    await rm(temporary, { recursive: true, force: true });
    await write(temporary);
    const old = `${target}.old-${process.pid}`;
    if (existsSync(target)) await rename(target, old);
    await rename(temporary, target);
    await rm(old, { recursive: true, force: true });
  }
}
