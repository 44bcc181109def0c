import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBenchmarkArgs, parseSeeds, type BenchmarkArgs } from '../../../experiments/drone/benchmark-args.js';
import { csvText, markdownTable, writeResultFiles } from '../../../experiments/drone/result-files.js';

const DEFAULTS: BenchmarkArgs = { seeds: [0, 1], steps: 1000, actionMode: 'thrust-rates', envs: 8, evalEvery: 100, evalEpisodes: 5, backend: 'auto', out: 'results' };

describe('parseBenchmarkArgs', () => {
  it('keeps the defaults and overrides only what is given', () => {
    expect(parseBenchmarkArgs('train-hover', [], DEFAULTS)).toEqual(DEFAULTS);
    expect(parseBenchmarkArgs('train-hover', ['--seeds', '3,4', '--steps', '5000', '--action-mode', 'velocity'], DEFAULTS)).toEqual({
      ...DEFAULTS,
      seeds: [3, 4],
      steps: 5000,
      actionMode: 'velocity',
    });
  });

  it('names the bad option and what came', () => {
    expect(() => parseBenchmarkArgs('train-hover', ['--steps', '1e3.5'], DEFAULTS)).toThrow('train-hover: --steps expects an integer, got "1e3.5"');
    expect(() => parseBenchmarkArgs('train-hover', ['--envs', '0'], DEFAULTS)).toThrow('train-hover: --envs expects a positive integer, got 0');
    expect(() => parseBenchmarkArgs('train-hover', ['--action-mode', 'rpm'], DEFAULTS)).toThrow(
      'train-hover: --action-mode expects one of rotors, thrust-rates, velocity, got "rpm"',
    );
    expect(() => parseBenchmarkArgs('train-hover', ['--step', '10'], DEFAULTS)).toThrow(/unknown option '--step'.*'--steps'/);
    expect(() => parseBenchmarkArgs('train-hover', ['hover'], DEFAULTS)).toThrow('train-hover: takes only --options, got "hover"');
  });

  it('reads seeds as comma-separated integers only', () => {
    expect(parseSeeds('x', ' 0, 1,-2')).toEqual([0, 1, -2]);
    expect(() => parseSeeds('x', '0,,1')).toThrow('x: --seeds expects comma-separated integers like 0,1,2, got "0,,1"');
  });
});

describe('result files', () => {
  const table = { columns: ['seed', 'note', 'steps'], rows: [['0', 'a, "b"', '50662'], ['1', 'x|y', '-']] };

  it('writes a markdown table, first column left-aligned, pipes escaped', () => {
    expect(markdownTable(table)).toBe(['| seed | note | steps |', '| :--- | ---: | ---: |', '| 0 | a, "b" | 50662 |', '| 1 | x\\|y | - |'].join('\n'));
  });

  it('writes RFC 4180 CSV', () => {
    expect(csvText(table)).toBe('seed,note,steps\n0,"a, ""b""",50662\n1,x|y,-\n');
  });

  it('writes the three files', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'drone-results-')), 'nested');
    const paths = writeResultFiles(dir, 'hover-ppo', { table, json: { solved: 1 }, markdown: '# Hover' });
    expect(paths).toEqual(['csv', 'json', 'md'].map((ext) => join(dir, `hover-ppo.${ext}`)));
    expect(readFileSync(paths[0]!, 'utf8')).toBe(csvText(table));
    expect(JSON.parse(readFileSync(paths[1]!, 'utf8'))).toEqual({ solved: 1 });
    expect(readFileSync(paths[2]!, 'utf8')).toBe('# Hover\n');
  });
});
