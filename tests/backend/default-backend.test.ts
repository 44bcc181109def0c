/**
 * Fast by default: a program that imports Palestra and trains without choosing a backend gets
 * `auto`'s pick (native here, not tfjs's cpu), hears once which one, and never sees tfjs's
 * "Hi, looks like you are running TensorFlow.js in Node.js" banner; a program that chose a
 * backend keeps it. Each case runs in a fresh process (a fresh TensorFlow.js engine).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nativeAddonStatus } from '../../src/backend/index.js';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(root, 'node_modules', '.palestra-default-backend-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** A short training run of each agent, as a program would write it. */
const PROGRAMS = {
  PpoAgent: "{ nSteps: 16, batchSize: 32, nEpochs: 1 }",
  A2cAgent: "{ nSteps: 5 }",
  DqnAgent: "{ learningStarts: 16, batchSize: 8, trainFreq: 4 }",
  ReinforceAgent: "{ episodesPerUpdate: 1 }",
} as const;

/** Runs a short training program of `agent` (optionally choosing `cpu` first) and returns its output. */
async function trainIn(choose: string, agent: keyof typeof PROGRAMS = 'PpoAgent'): Promise<string> {
  const file = join(scratch, `train-${agent}-${choose ? 'chosen' : 'default'}.mts`);
  await writeFile(
    file,
    `import * as tf from '@tensorflow/tfjs';
import { makeVec, ${agent} } from '${join(root, 'src', 'index.js')}';
${choose}
const envs = makeVec('CartPole-v1', 2);
const agent = new ${agent}({ observationSpace: envs.singleObservationSpace, actionSpace: envs.singleActionSpace }, ${PROGRAMS[agent]});
await agent.learn(envs, { totalSteps: 64 });
await agent.learn(envs, { totalSteps: 128 });
console.log('backend after learn: ' + tf.getBackend());
`,
  );
  // No SwiftShader for these processes: auto's choice then matches a plain machine's.
  const env = { ...process.env, VK_ICD_FILENAMES: '/nonexistent.json' };
  const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', file], { cwd: root, env });
  return stdout + stderr;
}

describe.skipIf(!nativeAddonStatus().available)('training without choosing a backend', () => {
  it('uses the native backend, says so once, and prints no tfjs banner', async () => {
    const output = await trainIn('');
    expect(output).toContain('backend after learn: native');
    expect(output.match(/^palestra: backend native \(auto chose native: /gm)).toHaveLength(1);
    expect(output).not.toContain('Hi, looks like you are running TensorFlow.js');
  });

  // REINFORCE once trained on whatever backend tfjs started with (cpu) after a refactor.
  it.each(['A2cAgent', 'DqnAgent', 'ReinforceAgent'] as const)('%s picks the backend itself too', async (agent) => {
    const output = await trainIn('', agent);
    expect(output).toContain('backend after learn: native');
    expect(output.match(/^palestra: backend native \(auto chose native: /gm)).toHaveLength(1);
  });

  it("keeps the caller's own choice", async () => {
    const output = await trainIn("await tf.setBackend('cpu');");
    expect(output).toContain('backend after learn: cpu');
    expect(output).not.toContain('palestra: backend');
    expect(output).not.toContain('Hi, looks like you are running TensorFlow.js');
  });
});
