/**
 * `npm run bench:nn`: TensorFlow.js backends side by side on the networks Palestra trains.
 *
 * Rows: a 512x512 matMul, one Adam training step of each network (MLP 4-64-64-2 at batch 64;
 * MinAtar CNN, Nature DQN CNN and PilotNet at batch 32), and single-observation inference.
 * Each cell is the best of several repeats (the machine is shared: the best run is the one
 * least disturbed). The reference is tfjs-backend-cpu measured in the same run (native/cpu
 * column). "peak" is the native micro-kernel's own single-core GFLOP/s on cached data times the
 * thread count, measured in this run; "limited by" comes from profiling native's kernels.
 *
 * tfjs-cpu's Nature and PilotNet steps take minutes at batch 32 (266 s measured for Nature on the
 * shared machine), so by default they are scaled from batch 4 (marked ~); --exact measures them.
 *
 * webgpu (when Dawn finds an adapter) gets a column too: its steps end in an asynchronous readback,
 * since Node's WebGPU has no synchronous one. On SwiftShader (no GPU) the column is marked as CPU
 * emulation, is timed like tfjs-cpu (the big CNNs scaled from batch 4), and says nothing about a
 * GPU; `npm run bench:gpu` measures a real one.
 *
 * Options: --backends cpu,wasm,native,webgpu   --quick (fewer repeats)   --exact
 */
import * as tf from '@tensorflow/tfjs';
import { describeBackends, nativeAddonStatus, readsBackAsynchronously, selectBackend, type BackendName } from '../src/backend/index.js';
import { adam, minatarCnn, mlp, natureCnn, pilotNet } from '../src/nn/index.js';
import { parseScriptArgs } from '../src/cli/args.js';

interface Network {
  label: string;
  build: () => tf.LayersModel;
  inputShape: number[]; // without the batch axis
  outputs: number;
  batch: number;
}

const NETWORKS: Network[] = [
  { label: 'MLP 4-64-64-2', build: () => mlp({ inputSize: 4, hiddenSizes: [64, 64], outputSize: 2, seed: 0 }), inputShape: [4], outputs: 2, batch: 64 },
  { label: 'MinAtar CNN', build: () => minatarCnn({ channels: 4, outputs: 6, seed: 0 }), inputShape: [10, 10, 4], outputs: 6, batch: 32 },
  { label: 'Nature CNN', build: () => natureCnn({ outputs: 6, seed: 0 }), inputShape: [84, 84, 4], outputs: 6, batch: 32 },
  { label: 'PilotNet', build: () => pilotNet({ seed: 0 }), inputShape: [66, 200, 3], outputs: 1, batch: 32 },
];

const { values } = parseScriptArgs('experiments/bench-nn.ts', { backends: { type: 'string' }, quick: { type: 'boolean', default: false }, exact: { type: 'boolean', default: false } });
const { quick, exact } = values;
const requested = values.backends?.split(',');

/**
 * Best-of-`repeats` milliseconds per call of `run`, each repeat timing `inner` calls, after one
 * warm-up call. `settle` waits for queued GPU work (an asynchronous readback) before a repeat's
 * clock stops; on the CPU backends every call has finished when it returns.
 */
async function bestMs(run: () => void | Promise<void>, plan: Repeats, settle?: () => Promise<void>): Promise<number> {
  // (Callers return nothing from tf.tidy: tidy walks a returned typed array element by element.)
  if (plan.warmUp) {
    await run();
    await settle?.();
  }
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < plan.repeats; r++) {
    const start = performance.now();
    for (let i = 0; i < plan.inner; i++) await run();
    await settle?.();
    best = Math.min(best, (performance.now() - start) / plan.inner);
  }
  return best;
}

/** Runs `compute` and reads its result back: synchronously, or on webgpu asynchronously. */
async function readBack(compute: () => tf.Tensor): Promise<void> {
  if (!readsBackAsynchronously()) return tf.tidy(() => void compute().dataSync());
  const result = tf.tidy(compute);
  await result.data();
  result.dispose();
}

/** A software WebGPU adapter (SwiftShader): timed like tfjs-cpu, and marked so in the table. */
let emulatedWebGpu = false;

interface Repeats {
  repeats: number;
  inner: number;
  warmUp: boolean;
}

/**
 * How many times to run a cell. tfjs-cpu takes seconds per CNN step (tens of seconds for Nature
 * and PilotNet), so its big cells run once, without warm-up: at that length the first step's
 * one-time costs (optimizer slots) are noise.
 */
function repeatsFor(backend: string, network: Network | undefined, kind: 'gemm' | 'train' | 'inference'): Repeats {
  const slow = backend === 'cpu' || backend === 'wasm' || (backend === 'webgpu' && emulatedWebGpu);
  const big = network !== undefined && (network.label.startsWith('Nature') || network.label.startsWith('PilotNet'));
  const tiny = network !== undefined && network.label.startsWith('MLP');
  if (kind === 'inference') return { repeats: quick ? 3 : slow && big ? 3 : 10, inner: big ? 2 : 10, warmUp: true };
  if (kind === 'gemm') return { repeats: quick || slow ? 2 : 10, inner: slow ? 1 : 3, warmUp: true };
  if (tiny) return { repeats: quick ? 3 : 10, inner: 20, warmUp: true };
  if (slow) return big ? { repeats: 1, inner: 1, warmUp: false } : { repeats: quick ? 1 : 2, inner: 1, warmUp: true };
  return { repeats: quick ? 2 : big ? 5 : 10, inner: 1, warmUp: true };
}

/** Multiply-adds of one forward pass per example, layer by layer (dense and conv2d). */
function forwardFlopsPerLayer(model: tf.LayersModel): number[] {
  return model.layers.flatMap((layer) => {
    const kernel = layer.getWeights()[0];
    if (!kernel) return [];
    const out = layer.outputShape as number[];
    const positions = out.length === 4 ? out[1]! * out[2]! : 1;
    return [2 * positions * kernel.size];
  });
}

/** FLOPs of a training step: forward, the weight gradients, and input gradients except the first layer's. */
function trainStepFlops(model: tf.LayersModel, batch: number): number {
  const layers = forwardFlopsPerLayer(model);
  const forward = layers.reduce((a, b) => a + b, 0);
  return batch * (3 * forward - layers[0]!);
}

type Cell = { ms: number; gflops?: number; estimated?: boolean } | { error: string };

async function measureGemm(backend: string): Promise<Cell> {
  const a = tf.randomUniform([512, 512], -1, 1, 'float32', 1);
  const b = tf.randomUniform([512, 512], -1, 1, 'float32', 2);
  const ms = await bestMs(() => readBack(() => tf.matMul(a, b)), repeatsFor(backend, undefined, 'gemm'));
  tf.dispose([a, b]);
  return { ms, gflops: (2 * 512 ** 3) / ms / 1e6 };
}

/** Best time of one Adam step of `network` at `batch` (on webgpu, until the GPU has done it). */
async function timeTrainStep(backend: string, network: Network, batch: number): Promise<number> {
  const model = network.build();
  const optimizer = adam(1e-3);
  const x = tf.randomUniform([batch, ...network.inputShape], 0, 1, 'float32', 3);
  const y = tf.randomUniform([batch, network.outputs], 0, 1, 'float32', 4);
  const step = () => void optimizer.minimize(() => tf.losses.meanSquaredError(y, model.apply(x) as tf.Tensor) as tf.Scalar);
  try {
    // The last weight is updated last: once it reads back, every queued step has run.
    const settle = readsBackAsynchronously() ? async () => void (await model.trainableWeights.at(-1)!.read().data()) : undefined;
    return await bestMs(step, repeatsFor(backend, network, 'train'), settle);
  } finally {
    tf.dispose([x, y]);
    optimizer.dispose();
    model.dispose();
  }
}

async function measureTrain(backend: string, network: Network): Promise<Cell> {
  const probe = network.build();
  const flops = trainStepFlops(probe, network.batch);
  probe.dispose();
  try {
    if (!extrapolated(backend, network)) {
      const ms = await timeTrainStep(backend, network, network.batch);
      return { ms, gflops: flops / ms / 1e6 };
    }
    // tfjs-cpu needs minutes for one batch-32 step of these networks, and nearly all of it is
    // per-example work (every kernel loops over the batch), so batch 4 times 8 stands in for it.
    // That counts the per-step part (Adam's update) 8 times: a slight overestimate of cpu time.
    const ms = (await timeTrainStep(backend, network, 4)) * (network.batch / 4);
    return { ms, gflops: flops / ms / 1e6, estimated: true };
  } catch (error) {
    return { error: (error as Error).message.split('\n')[0]!.slice(0, 60) };
  }
}

/** Whether a cell is scaled from batch 4 (tfjs-cpu and emulated webgpu on the big CNNs, unless --exact). */
function extrapolated(backend: string, network: Network): boolean {
  return (backend === 'cpu' || (backend === 'webgpu' && emulatedWebGpu)) && !exact && (network.label.startsWith('Nature') || network.label.startsWith('PilotNet'));
}

async function measureInference(backend: string, network: Network): Promise<Cell> {
  const model = network.build();
  const x = tf.randomUniform([1, ...network.inputShape], 0, 1, 'float32', 5);
  const flops = forwardFlopsPerLayer(model).reduce((a, b) => a + b, 0);
  const ms = await bestMs(() => readBack(() => model.predict(x) as tf.Tensor), repeatsFor(backend, network, 'inference'));
  tf.dispose(x);
  model.dispose();
  return { ms, gflops: flops / ms / 1e6 };
}

interface Breakdown {
  kernels: number;
  kernelMs: number;
  top: [string, number][];
}

/** Where `run` spends its time on the current backend: kernel count and the biggest kernels' shares. */
async function profileKernels(run: () => void): Promise<Breakdown> {
  run();
  const profile = await tf.profile(() => void run());
  // Names ending in __op are op scopes (custom gradients) whose time includes their kernels.
  const kernels = profile.kernels.filter((kernel) => !kernel.name.endsWith('__op'));
  const totals = new Map<string, number>();
  for (const kernel of kernels) totals.set(kernel.name, (totals.get(kernel.name) ?? 0) + Number(kernel.kernelTimeMs));
  const kernelMs = [...totals.values()].reduce((a, b) => a + b, 0);
  const top = [...totals.entries()].sort((x, y) => y[1] - x[1]).slice(0, 3);
  return { kernels: kernels.length, kernelMs, top: top.map(([name, ms]) => [name, ms / kernelMs]) };
}

async function breakdownOf(network: Network, kind: 'train' | 'inference'): Promise<Breakdown> {
  const model = network.build();
  const optimizer = adam(1e-3);
  const batch = kind === 'train' ? network.batch : 1;
  const x = tf.randomUniform([batch, ...network.inputShape], 0, 1, 'float32', 3);
  const y = tf.randomUniform([batch, network.outputs], 0, 1, 'float32', 4);
  const run =
    kind === 'train'
      ? () => void optimizer.minimize(() => tf.losses.meanSquaredError(y, model.apply(x) as tf.Tensor) as tf.Scalar)
      : () => tf.tidy(() => void (model.predict(x) as tf.Tensor).dataSync());
  const breakdown = await profileKernels(run);
  tf.dispose([x, y]);
  optimizer.dispose();
  model.dispose();
  return breakdown;
}

/** What bounds a native row: per-op dispatch when kernels are tiny, else the kernels that dominate. */
function limitOf(breakdown: Breakdown | undefined, stepMs: number | undefined): string {
  if (!breakdown || stepMs === undefined) return '-';
  const perKernelUs = (1000 * stepMs) / breakdown.kernels;
  if (perKernelUs < 40) return `tfjs per-op overhead: ${breakdown.kernels} kernels, ${perKernelUs.toFixed(0)} us each`;
  return breakdown.top.map(([name, share]) => `${name} ${Math.round(100 * share)}%`).join(', ');
}

function format(cell: Cell | undefined, unit: 'ms' | 'gflops'): string {
  if (!cell) return '-';
  if ('error' in cell) return 'n/a';
  const mark = cell.estimated ? '~' : '';
  if (unit === 'gflops') return `${mark}${cell.gflops!.toFixed(cell.gflops! < 1 ? 2 : 1)} GF/s`;
  return `${mark}${cell.ms >= 100 ? cell.ms.toFixed(0) : cell.ms.toFixed(2)} ms`;
}

async function main(): Promise<void> {
  const described = await describeBackends();
  const available = described.filter((b) => b.available && b.name !== 'tensorflow-gpu');
  const webgpu = described.find((b) => b.name === 'webgpu');
  emulatedWebGpu = webgpu?.adapter?.software === true;
  const backends = available.map((b) => b.name).filter((n) => !requested || requested.includes(n)).reverse() as BackendName[];
  const rows: { label: string; unit: 'ms' | 'gflops'; measure: (backend: string) => Promise<Cell> }[] = [
    { label: 'gemm 512x512x512', unit: 'gflops', measure: measureGemm },
    ...NETWORKS.map((n) => ({ label: `train step ${n.label} (batch ${n.batch})`, unit: 'ms' as const, measure: (b: string) => measureTrain(b, n) })),
    ...NETWORKS.map((n) => ({ label: `inference ${n.label} (1 obs)`, unit: 'ms' as const, measure: (b: string) => measureInference(b, n) })),
  ];
  const results = new Map<string, Map<string, Cell>>();
  for (const backend of backends) {
    const selection = await selectBackend(backend);
    process.stderr.write(`measuring ${selection.name}...\n`);
    const cells = new Map<string, Cell>();
    for (const row of rows) {
      cells.set(row.label, await row.measure(backend));
      process.stderr.write(`  ${row.label}: ${format(cells.get(row.label), row.unit)}\n`);
    }
    results.set(backend, cells);
  }

  const status = nativeAddonStatus();
  const threads = status.available ? status.addon.threads() : 1;
  const corePeak = status.available ? Math.max(status.addon.peakGflops(0.3), status.addon.peakGflops(0.3)) : undefined;
  const peak = corePeak === undefined ? undefined : corePeak * threads;

  const breakdowns = new Map<string, Breakdown>();
  if (results.has('native')) {
    await selectBackend('native');
    for (const network of NETWORKS) {
      breakdowns.set(`train step ${network.label} (batch ${network.batch})`, await breakdownOf(network, 'train'));
      breakdowns.set(`inference ${network.label} (1 obs)`, await breakdownOf(network, 'inference'));
    }
  }

  const columnName = (b: string) => (b === 'webgpu' && emulatedWebGpu ? 'webgpu (CPU-emulated)' : b);
  const header = ['', ...backends.map(columnName), 'native/cpu', 'native % of peak', 'native limited by'];
  const table = rows.map((row) => {
    const cells = backends.map((b) => format(results.get(b)!.get(row.label), row.unit));
    const cpu = results.get('cpu')?.get(row.label);
    const native = results.get('native')?.get(row.label);
    let ratio = '-';
    if (cpu && native && !('error' in cpu) && !('error' in native)) {
      ratio = row.unit === 'gflops' ? `${(native.gflops! / cpu.gflops!).toFixed(1)}x` : `${(cpu.ms / native.ms).toFixed(1)}x`;
    }
    const ofPeak = peak && native && !('error' in native) && native.gflops ? `${((100 * native.gflops) / peak).toFixed(0)}%` : '-';
    const nativeMs = native && !('error' in native) ? native.ms : undefined;
    const limit = row.label.startsWith('gemm') ? 'FMA throughput of the 6x16 register tile, packing' : limitOf(breakdowns.get(row.label), nativeMs);
    return [row.label, ...cells, ratio, ofPeak, limit];
  });
  const widths = header.map((_, c) => Math.max(header[c]!.length, ...table.map((r) => r[c]!.length)));
  const leftAligned = (c: number) => c === 0 || c === header.length - 1;
  const line = (cells: string[]) => `| ${cells.map((cell, c) => (leftAligned(c) ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join(' | ')} |`;
  console.log(`\nTensorFlow.js ${tf.version.tfjs}, Node ${process.version}, ${threads} native threads; best of N repeats`);
  if (peak) console.log(`peak: native micro-kernel ${corePeak!.toFixed(1)} GFLOP/s per core on cached data x ${threads} threads = ${peak.toFixed(0)} GFLOP/s (measured now)`);
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of table) console.log(line(row));
  console.log('n/a: the backend lacks a kernel the step needs (wasm has no Conv2DBackpropFilter).');
  if (!exact) console.log('~: batch 4 time x 8 (tfjs-cpu and emulated webgpu take minutes per batch-32 step; --exact measures it).');
  if (backends.includes('webgpu' as BackendName)) {
    console.log(
      emulatedWebGpu
        ? `webgpu (CPU-emulated): ${webgpu!.reason}; SwiftShader runs the shaders on the CPU, so this column checks that every step runs, not GPU speed (npm run bench:gpu on a GPU machine).`
        : `webgpu: ${webgpu!.reason}; each cell ends in an asynchronous readback (Node's WebGPU has no synchronous one).`,
    );
  }
  console.log('limited by: shares of native kernel time in one profiled step (tf.profile), or per-op overhead when kernels are tiny.');

}

await main();
