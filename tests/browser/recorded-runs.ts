import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '../../envs/index.js';
import { make } from '../../src/registry.js';
import { recordEpisodes } from '../../src/record/record-callback.js';
import { driveTraining } from '../record/training-driver.js';

/**
 * Records one episode of `envId` (seeded random actions) into `<runsDir>/<runName>`, with a
 * config and a metrics.jsonl whose return rises, as a training run would leave them.
 */
export async function recordRun(runsDir: string, runName: string, envId: string, options: { steps: number; seed?: number; returnSlope?: number }): Promise<string> {
  const runDir = join(runsDir, runName);
  mkdirSync(runDir, { recursive: true });
  writeFileSync(join(runDir, 'config.json'), JSON.stringify({ envId, agent: 'random' }));
  const slope = options.returnSlope ?? 1;
  const metrics = Array.from({ length: 40 }, (_, i) => JSON.stringify({ step: (i + 1) * 500, episodeReturn: 10 + slope * i * 5 + ((i * 7) % 5), loss: 1 / (i + 1) }));
  writeFileSync(join(runDir, 'metrics.jsonl'), metrics.join('\n') + '\n');
  const env = make(envId);
  env.actionSpace.seed(options.seed ?? 0);
  await driveTraining(env, [recordEpisodes({ every: 1 })], { totalSteps: options.steps, runDir, seed: options.seed ?? 0, envId, policy: () => env.actionSpace.sample() });
  return runDir;
}

export function scratchRunsDir(): string {
  return mkdtempSync(join(tmpdir(), 'palestra-browser-runs-'));
}
