import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { alignRuns, parseMetrics } from '../../viewer/src/curves/metrics.js';
import { AGENT_RUNS, loggedScalars, trainAgentRuns } from './agent-runs.js';

const runsDir = mkdtempSync(join(tmpdir(), 'palestra-curves-'));
beforeAll(async () => {
  await trainAgentRuns(runsDir, Object.keys(AGENT_RUNS));
}, 120_000);

describe('training curves of real runs', () => {
  for (const agent of Object.keys(AGENT_RUNS)) {
    it(`${agent}: every logged scalar is a curve with one point per logged value`, () => {
      const text = readFileSync(join(runsDir, agent, 'metrics.jsonl'), 'utf8');
      const logged = loggedScalars(text);
      const table = parseMetrics(text);
      // The run logs training scalars and evaluations, some at the same step.
      expect([...logged.keys()]).toContain('eval/meanReturn');
      expect([...logged.keys()].some((key) => !key.startsWith('eval/'))).toBe(true);
      expect([...table.series.keys()].sort()).toEqual([...logged.keys()].sort());
      for (const [name, steps] of logged) {
        const series = table.series.get(name)!;
        expect(series.steps, name).toEqual(steps);
        // On the chart's shared axis, beside the run's evaluation curve, no point is lost.
        const { ys } = alignRuns([series, table.series.get('eval/meanReturn')!]);
        expect(ys[0]!.filter((y) => y !== null), name).toHaveLength(new Set(steps).size);
      }
    });
  }
});
