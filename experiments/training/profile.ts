/**
 * Where a training run's time goes (issue 17): runs PPO on CartPole-v1 and DQN on MinAtar
 * Breakout with the benchmark's protocol (protocol.ts) and splits the wall-clock time into env
 * stepping, inference while acting, tensor creation and readback while acting, the update (with
 * the tfjs kernels it runs per minibatch and the time inside kernel bodies), GAE and buffers,
 * the target-network sync, evaluation, callbacks and logging, and startup (imports, backend,
 * agent construction up to the first env step).
 *
 *   npm run profile:training
 *   npm run profile:training -- --runs ppo-cartpole --minatar-frames 10000 --backend native
 *   PALESTRA_FUSED=0 npm run profile:training     # the tfjs reference path of the update
 *
 * The profiler wraps methods on the agents' prototypes and the tfjs engine; the wrapping costs a
 * few microseconds per call, charged to the phase that called.
 */
const scriptStart = performance.now();
import { parseScriptArgs } from '../../src/cli/args.js';

const { values } = parseScriptArgs('experiments/training/profile.ts', {
  runs: { type: 'string', default: 'ppo-cartpole,dqn-minatar' },
  seed: { type: 'string', default: '0' },
  backend: { type: 'string', default: 'native' },
  'minatar-frames': { type: 'string', default: '25000' },
  json: { type: 'boolean', default: false },
});

// Startup, step one: importing tfjs, the backends, envs and agents.
const tf = await import('@tensorflow/tfjs');
const { selectBackend } = await import('../../src/backend/index.js');
const protocol = await import('./protocol.js');
const { PhaseTimer } = await import('./phase-timer.js');
const { VectorStepper } = await import('../../agents/common/vector-stepper.js');
const { ActorCritic } = await import('../../agents/common/actor-critic.js');
const { RolloutBuffer } = await import('../../agents/common/rollout-buffer.js');
const { PpoAgent } = await import('../../agents/ppo/ppo.js');
const { DqnAgent } = await import('../../agents/dqn/dqn.js');
const { QNetwork } = await import('../../agents/dqn/q-network.js');
const { ReplayBuffer } = await import('../../agents/dqn/replay-buffer.js');
const { NStepQueue } = await import('../../agents/dqn/n-step-queue.js');
const { CallbackRunner } = await import('../../src/train/callback-runner.js');
const importSeconds = (performance.now() - scriptStart) / 1000;

tf.env().set('PROD', true);
const backendStart = performance.now();
const backend = await selectBackend(values.backend);
const backendSeconds = (performance.now() - backendStart) / 1000;

const timer = new PhaseTimer();
const ACTING = 'inference (acting)';
const TENSOR_IO = 'tensors in/out (acting)';
const UPDATE = 'update';
const EVALUATION = 'evaluation';
const notInEvaluation = (phase: string) => (t: InstanceType<typeof PhaseTimer>) => (t.current === EVALUATION ? undefined : phase);
const onlyWhileActing = (t: InstanceType<typeof PhaseTimer>) => (t.current === ACTING ? TENSOR_IO : undefined);

let firstStepAt: number | undefined;
const stepPrototype = VectorStepper.prototype as unknown as { step: (...args: unknown[]) => unknown };
const originalStep = stepPrototype.step;
stepPrototype.step = function (this: unknown, ...args: unknown[]) {
  firstStepAt ??= performance.now();
  return originalStep.apply(this, args);
};
timer.wrap(VectorStepper.prototype, 'step', 'env stepping');
timer.wrap(VectorStepper.prototype, 'reset', 'env stepping');
timer.wrap(ActorCritic.prototype, 'step', notInEvaluation(ACTING));
timer.wrap(ActorCritic.prototype, 'values', ACTING);
timer.wrap(DqnAgent.prototype, 'greedyActions', notInEvaluation(ACTING));
timer.wrap(tf.engine(), 'makeTensor', onlyWhileActing);
timer.wrap(tf.Tensor.prototype, 'dataSync', onlyWhileActing);
timer.wrap(PpoAgent.prototype, 'update', UPDATE);
timer.wrap(DqnAgent.prototype, 'trainStep', UPDATE);
timer.wrap(QNetwork.prototype, 'updateFrom', 'target network sync');
// PPO's GAE (computeAdvantages in agents/ppo/ppo.ts) is a module function, which a wrapper cannot
// reach: its time stays in 'other', with the agents' own loop code.
timer.wrap(RolloutBuffer.prototype, 'explainedVariance', 'GAE and buffers');
timer.wrap(ReplayBuffer.prototype, 'add', 'GAE and buffers');
timer.wrap(ReplayBuffer.prototype, 'sample', 'GAE and buffers');
timer.wrap(NStepQueue.prototype, 'push', 'GAE and buffers');
timer.wrap(CallbackRunner.prototype, 'step', 'callbacks and logging');
timer.wrap(CallbackRunner.prototype, 'episodes', 'callbacks and logging');
timer.wrap(CallbackRunner.prototype, 'metrics', 'callbacks and logging');
timer.countKernels();
timer.timeKernelBodies(tf.getBackend());

/** Minibatch updates, counted by wrapping the optimisers (fused steps apply their gradients through them too). */
let minibatches = 0;
const countMinibatch = () => {
  minibatches++;
  return undefined;
};
for (const optimizer of [tf.AdamOptimizer.prototype, tf.RMSPropOptimizer.prototype, (await import('../../src/nn/index.js')).CenteredRmsProp.prototype, (await import('../../src/nn/index.js')).FusedAdamOptimizer.prototype]) {
  if (Object.prototype.hasOwnProperty.call(optimizer, 'applyGradients')) timer.wrap(optimizer, 'applyGradients', countMinibatch);
}
const { fusedStepCount } = await import('../../src/nn/index.js');

console.log(`training profile: backend ${backend.name} (${backend.reason}); load ${(await import('node:os')).loadavg().map((x) => x.toFixed(2)).join(' ')}`);
const results: Record<string, unknown>[] = [];
for (const run of values.runs.split(',') as (typeof protocol.RUN_NAMES)[number][]) {
  if (!protocol.RUN_NAMES.includes(run)) throw new Error(`unknown run '${run}'; expected ${protocol.RUN_NAMES.join(', ')}`);
  timer.seconds.clear();
  timer.cpuSeconds.clear();
  timer.calls.clear();
  timer.kernels.clear();
  timer.kernelSeconds.clear();
  minibatches = 0;
  const fusedBefore = fusedStepCount();
  const runStart = performance.now();
  const prepared = await protocol.prepareRun(run, Number(values.seed), { minatarFrames: Number(values['minatar-frames']) });
  for (const callback of prepared.callbacks) if (callback.onMetrics) timer.wrap(callback, 'onMetrics', EVALUATION);
  firstStepAt = undefined;
  timer.charge();
  timer.seconds.clear();
  timer.cpuSeconds.clear();
  const learnStart = performance.now();
  const outcome = await protocol.executeRun(run, Number(values.seed), prepared);
  timer.charge();
  const constructionSeconds = ((firstStepAt ?? learnStart) - runStart) / 1000;
  const beforeFirstStepInLearn = ((firstStepAt ?? learnStart) - learnStart) / 1000;
  const fused = fusedStepCount() - fusedBefore;
  results.push(report(run, outcome, constructionSeconds, beforeFirstStepInLearn, minibatches + fused, fused));
}
if (values.json) console.log(JSON.stringify(results, null, 2));

function report(run: string, outcome: Awaited<ReturnType<typeof protocol.executeRun>>, constructionSeconds: number, beforeFirstStepInLearn: number, updates: number, fused: number): Record<string, unknown> {
  // Startup: imports and backend once per process, plus this run's construction up to its first
  // env step (which the phases above already hold inside 'other', so it is moved out of it).
  const startup = importSeconds + backendSeconds + constructionSeconds;
  const phases = new Map(timer.seconds);
  phases.set('other', Math.max(0, (phases.get('other') ?? 0) - beforeFirstStepInLearn));
  const total = [...phases.values()].reduce((a, b) => a + b, 0) + startup;
  console.log(`\n${run}, seed ${outcome.seed}: ${outcome.steps} steps in ${outcome.wallSeconds.toFixed(2)} s of learn() (${(outcome.steps / outcome.wallSeconds).toFixed(0)} steps/s)` +
    (outcome.solvedAt !== undefined ? `, solved at ${outcome.solvedAt}` : '') + `; ${updates} minibatch updates, ${fused} of them fused`);
  const cpuTotal = [...timer.cpuSeconds.values()].reduce((a, b) => a + b, 0);
  console.log(`| phase | wall s | share of wall | CPU s | share of CPU (learn only) | calls | tfjs kernels | kernels per call | s in kernel bodies |`);
  console.log(`|---|---:|---:|---:|---:|---:|---:|---:|---:|`);
  const rows = [...phases.entries()].sort((a, b) => b[1] - a[1]);
  rows.push(['startup (imports + backend + construction)', startup]);
  for (const [phase, seconds] of rows) {
    const calls = timer.calls.get(phase);
    const kernels = timer.kernels.get(phase) ?? 0;
    const per = phase === UPDATE ? updates : calls;
    const cpu = timer.cpuSeconds.get(phase);
    console.log(`| ${phase} | ${seconds.toFixed(3)} | ${((100 * seconds) / total).toFixed(1)}% | ${cpu === undefined ? '-' : cpu.toFixed(3)} | ${cpu === undefined ? '-' : `${((100 * cpu) / cpuTotal).toFixed(1)}%`} | ${calls ?? '-'} | ${kernels} | ${per && kernels ? (kernels / per).toFixed(1) : '-'}${phase === UPDATE ? ' per minibatch' : ''} | ${(timer.kernelSeconds.get(phase) ?? 0).toFixed(3)} |`);
  }
  const updateSeconds = phases.get(UPDATE) ?? 0;
  if (updates > 0) console.log(`update: ${((1000 * updateSeconds) / updates).toFixed(3)} ms wall (${((1000 * (timer.cpuSeconds.get(UPDATE) ?? 0)) / updates).toFixed(3)} ms CPU) per minibatch, of which ${((1000 * (timer.kernelSeconds.get(UPDATE) ?? 0)) / updates).toFixed(3)} ms inside tfjs kernel bodies`);
  console.log(`learn(): ${outcome.wallSeconds.toFixed(2)} s wall, ${cpuTotal.toFixed(2)} s CPU (${(outcome.steps / cpuTotal).toFixed(0)} steps per CPU second)`);
  console.log(`startup: imports ${importSeconds.toFixed(2)} s, backend ${backendSeconds.toFixed(2)} s, agent and env construction to the first step ${constructionSeconds.toFixed(2)} s`);
  return { run, outcome, phases: Object.fromEntries(phases), cpu: Object.fromEntries(timer.cpuSeconds), startup, updates, kernels: Object.fromEntries(timer.kernels), kernelSeconds: Object.fromEntries(timer.kernelSeconds) };
}
