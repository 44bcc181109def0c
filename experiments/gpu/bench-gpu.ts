/**
 * `npm run bench:gpu`: Palestra's GPU path (webgpu: tfjs-backend-webgpu on Dawn) beside the
 * native C++ backend on the same machine's CPUs and, when given its results, PyTorch on the same
 * GPU, in one run:
 *
 * - one Adam train step (MSE, a fresh host batch uploaded each step) of the Nature CNN and
 *   PilotNet at batch 32 and 256, and the MinAtar CNN at batch 32;
 * - one epoch of `palestra steering train` (PilotNet on collected camera images, batch 32);
 * - PPO on Driving/LaneKeepingCamera-v0 (Nature CNN) for a fixed number of env steps.
 *
 * A step's time is the mean over `steps` steps ending with one readback (so queued GPU work is
 * counted), best of `repeats`. Prints a markdown table; --out writes results.json beside it.
 *
 *   npx tsx experiments/gpu/bench-gpu.ts [--backends webgpu,native] [--tiny] [--torch torch.json] [--out DIR]
 *   (--tiny: small batches and runs, to check the script, e.g. on SwiftShader)
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { PpoAgent } from '../../agents/ppo/ppo.js';
import '../../envs/index.js';
import { probeWebGpu, selectBackend, describeAdapter } from '../../src/backend/index.js';
import { adam, minatarCnn, natureCnn, pilotNet } from '../../src/nn/index.js';
import { makeVec } from '../../src/vector/make-vec.js';
import { collectSteeringData, DEFAULT_COLLECT } from '../steering/collect.js';
import { DEFAULT_TRAIN, trainSteering } from '../steering/train.js';
import { parseScriptArgs } from '../../src/cli/args.js';

const { values } = parseScriptArgs('experiments/gpu/bench-gpu.ts', {
  backends: { type: 'string', default: 'webgpu,native' },
  tiny: { type: 'boolean', default: false },
  torch: { type: 'string' },
  out: { type: 'string' },
  only: { type: 'string' },
});
const tiny = values.tiny!;
const backends = values.backends!.split(',');
const sections = new Set((values.only ?? 'steps,steering,ppo').split(','));

interface StepRow {
  network: 'Nature CNN' | 'PilotNet' | 'MinAtar CNN';
  batch: number;
}
const STEP_ROWS: StepRow[] = [
  { network: 'Nature CNN', batch: 32 },
  { network: 'Nature CNN', batch: 256 },
  { network: 'PilotNet', batch: 32 },
  { network: 'PilotNet', batch: 256 },
  { network: 'MinAtar CNN', batch: 32 },
].map((row) => ({ ...row, batch: tiny ? Math.min(row.batch, 2) : row.batch })) as StepRow[];

function build(network: StepRow['network']): { model: tf.LayersModel; inputShape: number[]; outputs: number } {
  switch (network) {
    case 'Nature CNN':
      return { model: natureCnn({ outputs: 6, seed: 0 }), inputShape: [84, 84, 4], outputs: 6 };
    case 'PilotNet':
      return { model: pilotNet({ seed: 0 }), inputShape: [66, 200, 3], outputs: 1 };
    case 'MinAtar CNN':
      return { model: minatarCnn({ channels: 4, outputs: 6, seed: 0 }), inputShape: [10, 10, 4], outputs: 6 };
  }
}

/** Milliseconds per Adam step (best of `repeats` runs of `steps` steps, each ending in a readback). */
async function timeTrainStep(row: StepRow): Promise<{ ms: number; kernels: number }> {
  const { model, inputShape, outputs } = build(row.network);
  const optimizer = adam(1e-3);
  const size = inputShape.reduce((a, b) => a * b, 1);
  // Host batches, uploaded every step as a training loop does with sampled minibatches.
  const hostX = Float32Array.from({ length: row.batch * size }, (_, i) => ((i * 7919) % 255) / 255);
  const hostY = Float32Array.from({ length: row.batch * outputs }, (_, i) => ((i * 104729) % 100) / 100);
  const step = (): tf.Scalar =>
    tf.tidy(() => {
      const x = tf.tensor(hostX, [row.batch, ...inputShape]);
      const y = tf.tensor(hostY, [row.batch, outputs]);
      return optimizer.minimize(() => tf.losses.meanSquaredError(y, model.apply(x) as tf.Tensor) as tf.Scalar, true)!;
    });
  const run = async (count: number): Promise<number> => {
    const start = performance.now();
    let loss: tf.Scalar | undefined;
    for (let i = 0; i < count; i++) {
      loss?.dispose();
      loss = step();
    }
    await loss!.data();
    loss!.dispose();
    return (performance.now() - start) / count;
  };
  await run(2); // warm-up: shader compilation, optimizer slots
  const steps = tiny ? 1 : row.batch >= 256 ? 5 : 10;
  let best = Infinity;
  for (let r = 0; r < (tiny ? 1 : 2); r++) best = Math.min(best, await run(steps));
  const profile = await tf.profile(() => void step().dispose());
  optimizer.dispose();
  model.dispose();
  return { ms: best, kernels: profile.kernels.filter((k) => !k.name.endsWith('__op')).length };
}

/** Sets tfjs flags from "NAME=value+NAME=value"; returns a function that puts the old values back. */
function setFlags(list: string | undefined): () => void {
  const old: [string, ReturnType<ReturnType<typeof tf.env>['get']>][] = [];
  for (const item of (list ?? '').split('+').filter(Boolean)) {
    const [name, raw] = item.split('=') as [string, string];
    old.push([name, tf.env().get(name)]);
    tf.env().set(name, raw === 'true' ? true : raw === 'false' ? false : Number(raw));
  }
  return () => old.forEach(([name, value]) => tf.env().set(name, value));
}

/** Microseconds per kernel for a chain of tiny elementwise kernels: the backend's fixed cost per dispatch. */
let issueUs = 0;
async function dispatchCostUs(): Promise<{ us: number; issueUs: number }> {
  const count = tiny ? 50 : 2000;
  const chain = async (): Promise<number> => {
    let x = tf.ones([1024]); // above tfjs-webgpu's 128-element CPU hand-off
    const start = performance.now();
    for (let i = 0; i < count; i++) {
      const next = tf.add(x, 1);
      x.dispose();
      x = next;
    }
    issueUs = ((performance.now() - start) * 1000) / count;
    await x.data();
    x.dispose();
    return ((performance.now() - start) * 1000) / count;
  };
  await chain();
  const us = Math.min(await chain(), await chain());
  return { us, issueUs };
}

/** Seconds of one `palestra steering train` epoch (data read, shuffled augmented batches, validation). */
async function timeSteeringEpoch(data: string): Promise<{ seconds: number; samples: number }> {
  const out = mkdtempSync(join(tmpdir(), 'palestra-bench-steer-'));
  try {
    const report = await trainSteering({ ...DEFAULT_TRAIN, data, out, epochs: 1, seed: 0 });
    return { seconds: report.history[0]!.seconds, samples: report.samples.train };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const PPO_ENV = 'Driving/LaneKeepingCamera-v0';
const PPO_ENVS = 8;
const PPO_SETTINGS = tiny ? { nSteps: 2, batchSize: 16, nEpochs: 1 } : { nSteps: 128, batchSize: 256, nEpochs: 4 };
const PPO_STEPS = tiny ? PPO_ENVS * 2 : PPO_ENVS * 128;

/** Seconds of PPO learning for PPO_STEPS env steps, and how they split into acting and updates. */
async function timePpo(): Promise<{ seconds: number; steps: number }> {
  const envs = makeVec(PPO_ENV, PPO_ENVS);
  const agent = new PpoAgent({ observationSpace: envs.singleObservationSpace, actionSpace: envs.singleActionSpace }, { seed: 0, learningRate: 3e-4, gamma: 0.99, ...PPO_SETTINGS });
  const start = performance.now();
  await agent.learn(envs, { totalSteps: PPO_STEPS, seed: 0 });
  const seconds = (performance.now() - start) / 1000;
  envs.close();
  agent.dispose();
  return { seconds, steps: agent.numTimesteps };
}

type Results = Record<string, Record<string, number | string>>;

async function main(): Promise<void> {
  const results: Results = {};
  const put = (row: string, column: string, value: number | string): void => void ((results[row] ??= {})[column] = value);
  const webgpu = await probeWebGpu();
  const adapter = webgpu.available ? describeAdapter(webgpu.info) : `none (${webgpu.reason})`;
  console.log(`WebGPU adapter: ${adapter}`);
  let steeringData: string | undefined;
  if (sections.has('steering')) {
    steeringData = mkdtempSync(join(tmpdir(), 'palestra-bench-data-'));
    const tracks = tiny ? 3 : 4;
    const started = performance.now();
    collectSteeringData({ ...DEFAULT_COLLECT, out: steeringData, trackSeeds: Array.from({ length: tracks }, (_, i) => i), recordEvery: tiny ? 300 : 12 });
    console.log(`steering data: ${tracks} tracks collected in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  const save = (): void => {
    if (!values.out) return;
    mkdirSync(values.out, { recursive: true });
    writeFileSync(join(values.out, 'bench-gpu.json'), JSON.stringify({ adapter, tiny, results }, null, 2) + '\n');
  };
  for (const backend of backends) {
    // "webgpu:FLAG=value+FLAG=value" runs webgpu with tfjs flags changed (a column of its own).
    const [backendName, flagList] = backend.split(':') as [string, string | undefined];
    let selection;
    try {
      selection = await selectBackend(backendName);
    } catch (error) {
      console.log(`\n== ${backend}: ${(error as Error).message}`);
      continue;
    }
    const restore = setFlags(flagList);
    console.log(`\n== ${selection.reason}${flagList ? ` with ${flagList}` : ''}`);
    if (sections.has('steps')) {
      const { us, issueUs: issued } = await dispatchCostUs();
      put('one small kernel (add of 1024 floats), chained (us)', backend, us);
      put('  of which issuing it on the CPU (us)', backend, issued);
      console.log(`one small kernel: ${us.toFixed(1)} us (${issued.toFixed(1)} us to issue)`);
      for (const row of STEP_ROWS) {
        const label = `${row.network} train step, batch ${row.batch} (ms)`;
        try {
          const { ms, kernels } = await timeTrainStep(row);
          put(label, backend, ms);
          put(label, `${backend} kernels`, kernels);
          console.log(`${label}: ${ms.toFixed(2)} ms (${kernels} kernels a step)`);
          save();
        } catch (error) {
          put(label, backend, `error: ${(error as Error).message.split('\n')[0]}`);
          console.log(`${label}: ${(error as Error).message}`);
        }
      }
    }
    if (steeringData) {
      try {
        const { seconds, samples } = await timeSteeringEpoch(steeringData);
        const label = `steering train epoch, ${samples} images, batch 32 (s)`;
        put(label, backend, seconds);
        console.log(`${label}: ${seconds.toFixed(1)} s`);
      } catch (error) {
        console.log(`steering epoch failed on ${backend}: ${(error as Error).stack}`);
      }
      save();
    }
    if (sections.has('ppo')) {
      try {
        const { seconds, steps } = await timePpo();
        const label = `PPO ${PPO_ENV}, ${steps} steps, ${PPO_ENVS} envs (s)`;
        put(label, backend, seconds);
        console.log(`${label}: ${seconds.toFixed(1)} s`);
      } catch (error) {
        console.log(`PPO failed on ${backend}: ${(error as Error).stack}`);
      }
      save();
    }
    restore();
    console.log(`numTensors after ${backend}: ${tf.memory().numTensors}`);
  }
  if (steeringData) rmSync(steeringData, { recursive: true, force: true });
  let torchDevice = '';
  if (values.torch) {
    const torch = JSON.parse(readFileSync(values.torch, 'utf8')) as { device: string; torch: string; rows: Record<string, number> };
    torchDevice = `${torch.device}, torch ${torch.torch}`;
    for (const row of STEP_ROWS) {
      const ms = torch.rows[`${row.network} b${row.batch}`];
      if (ms !== undefined) put(`${row.network} train step, batch ${row.batch} (ms)`, 'pytorch', ms);
    }
  }
  const table = formatTable(results, backends, torchDevice, adapter);
  console.log(`\n${table}`);
  if (values.out) {
    mkdirSync(values.out, { recursive: true });
    writeFileSync(join(values.out, 'bench-gpu.json'), JSON.stringify({ adapter, torchDevice, tiny, results }, null, 2) + '\n');
    writeFileSync(join(values.out, 'bench-gpu.md'), table + '\n');
  }
}

function formatTable(results: Results, columns: string[], torchDevice: string, adapter: string): string {
  const fmt = (v: number | string | undefined): string => (v === undefined ? '-' : typeof v === 'string' ? v : v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
  const hasTorch = torchDevice !== '';
  const head = ['what', ...columns, ...(hasTorch ? ['pytorch cuda'] : []), 'native / webgpu', ...(hasTorch ? ['webgpu / pytorch'] : [])];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`];
  for (const [row, cells] of Object.entries(results)) {
    const ratio = (a: unknown, b: unknown): string => (typeof a === 'number' && typeof b === 'number' ? `${(a / b).toFixed(2)}x` : '-');
    lines.push(`| ${[row, ...columns.map((c) => fmt(cells[c])), ...(hasTorch ? [fmt(cells['pytorch'])] : []), ratio(cells['native'], cells['webgpu']), ...(hasTorch ? [ratio(cells['webgpu'], cells['pytorch'])] : [])].join(' | ')} |`);
  }
  const kernels = Object.entries(results)
    .filter(([, cells]) => typeof cells['webgpu kernels'] === 'number')
    .map(([row, cells]) => `${row.split(' train step')[0]}${row.match(/batch \d+/)?.[0] ? ` ${row.match(/batch \d+/)![0]}` : ''}: ${cells['webgpu kernels']}`);
  return [
    `WebGPU adapter: ${adapter}${hasTorch ? `; PyTorch: ${torchDevice}` : ''}`,
    '',
    ...lines,
    '',
    kernels.length > 0 ? `tfjs kernels dispatched per train step on webgpu: ${kernels.join(', ')}` : '',
  ].join('\n');
}

await main();
