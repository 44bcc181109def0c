import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CartPoleEnv } from '../../envs/cartpole/cartpole.js';
import { recordEpisodes } from '../../src/record/record-callback.js';
import { driveTraining } from '../record/training-driver.js';

/**
 * A scratch area: `runs/` with one CartPole run (config, metrics, recorded episodes) and one
 * nested run, a fake built viewer in `viewer/`, and a secret beside them that must stay unreachable.
 */
export async function makeRunsFixture(): Promise<{ root: string; runsDir: string; viewerDir: string; runDir: string; secret: string }> {
  const root = mkdtempSync(join(tmpdir(), 'palestra-server-'));
  const runsDir = join(root, 'runs');
  const runDir = join(runsDir, 'cartpole-ppo');
  mkdirSync(runDir, { recursive: true });
  writeFileSync(join(runDir, 'config.json'), JSON.stringify({ envId: 'CartPole-v1', agent: 'ppo', lr: 3e-4 }));
  writeFileSync(join(runDir, 'metrics.jsonl'), '{"step":100,"episodeReturn":12}\n{"step":200,"episodeReturn":30}\n');
  await driveTraining(new CartPoleEnv(), [recordEpisodes({ every: 1 })], { totalSteps: 40, runDir, policy: () => 1, envId: 'CartPole-v1' });
  const nested = join(runsDir, 'sweep', 'dqn-1');
  mkdirSync(nested, { recursive: true });
  writeFileSync(join(nested, 'metrics.jsonl'), '{"step":1,"loss":0.5}\n');
  const secret = join(root, 'secret.txt');
  writeFileSync(secret, 'TOP SECRET');
  // A link inside the runs directory to a run outside it.
  const outside = join(root, 'outside-run');
  mkdirSync(outside);
  writeFileSync(join(outside, 'config.json'), '{"secret":"TOP SECRET"}');
  symlinkSync(outside, join(runsDir, 'escape'));
  const viewerDir = join(root, 'viewer');
  mkdirSync(join(viewerDir, 'assets'), { recursive: true });
  writeFileSync(join(viewerDir, 'index.html'), '<!doctype html><title>Palestra viewer</title>');
  writeFileSync(join(viewerDir, 'assets', 'app.js'), 'console.log("app")');
  return { root, runsDir, viewerDir, runDir, secret };
}
