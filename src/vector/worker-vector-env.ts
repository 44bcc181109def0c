import { availableParallelism } from 'node:os';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { EnvMetadata, EnvSpec, Info } from '../core/env.js';
import { calledBeforeReset, describeValue, EnvError } from '../core/errors.js';
import type { SceneFrame } from '../core/scene.js';
import { spaceFromJSON } from '../core/spaces/from-json.js';
import type { Space } from '../core/spaces/space.js';
import { checkBatchActions, flatLayout, type FlatLayout } from './flat-layout.js';
import { resetMask, resetSeeds } from './reset-args.js';
import { buildRegisteredShard } from './shard.js';
import { NO_INFO, type AutoresetMode, type VectorEnv, type VectorResetOptions, type VectorResetResult, type VectorStepResult } from './types.js';
import { portableSource, workerBootstrap } from './worker-entry.js';
import { Command, Control, CONTROL_WORDS, shardRanges, Status, type ReadyMessage, type ResetRequest, type SharedBuffers, type ShardKind, type WorkerEnvSource, type WorkerInit, type WorkerMessage } from './worker-protocol.js';

export interface WorkerVectorEnvOptions {
  /** Threads to spread the sub-envs over, the calling thread included when it steps a shard (default: one per core). */
  workers?: number;
  autoresetMode?: AutoresetMode;
  /** What each thread steps: copies of the env ('sync', default) or its batched implementation ('batched'). */
  shardKind?: ShardKind;
  /**
   * Step the first shard in the calling thread, which would otherwise sit waiting (registered
   * ids only; default false): on a two-core machine, one worker plus the caller.
   */
  callingThreadShard?: boolean;
  /** How long to wait for a worker's answer before giving up, in ms (default 10 minutes). */
  timeoutMs?: number;
}

/** Workers get this long to close their envs before they are terminated anyway. */
const CLOSE_TIMEOUT_MS = 5000;

/**
 * Steps sub-envs in worker threads, in parallel, while `step()` stays synchronous: actions,
 * observations, rewards and flags live in SharedArrayBuffers, and the calling thread waits for
 * the workers with Atomics.wait. Workers build their envs from a registered id (plus modules to
 * import first) or from an export of your own module. Errors inside a worker are thrown here,
 * with the worker's message.
 *
 * @example const envs = new WorkerVectorEnv({ id: 'CartPole-v1' }, 8); envs.reset({ seed: 0 }); envs.close();
 */
export class WorkerVectorEnv implements VectorEnv {
  readonly singleObservationSpace: Space<unknown>;
  readonly singleActionSpace: Space<unknown>;
  readonly autoresetMode: AutoresetMode;
  readonly metadata: EnvMetadata;
  readonly spec: EnvSpec | undefined;
  /** Worker threads started (the calling thread's shard, if any, not counted). */
  readonly numWorkers: number;

  private readonly workers: Worker[] = [];
  private readonly ports: MessagePort[] = [];
  /** Shard s covers sub-envs [start, start + count); shard 0 is the local one when there is one. */
  private readonly ranges: { start: number; count: number }[];
  private readonly localShard: VectorEnv | undefined;
  private readonly control: Int32Array;
  private readonly actionLayout: FlatLayout;
  private readonly actions: Float64Array;
  /** The local shard's part of `actions`. */
  private readonly localActions: Float64Array;
  private readonly result: VectorStepResult;
  /** Sub-envs whose info was not empty last call: they go back to NO_INFO. */
  private readonly infoIndices: number[] = [];
  private readonly timeoutMs: number;
  private hasReset = false;
  private closed = false;

  constructor(
    readonly source: WorkerEnvSource,
    readonly numEnvs: number,
    options: WorkerVectorEnvOptions = {},
  ) {
    if (!Number.isInteger(numEnvs) || numEnvs < 1) throw new EnvError(`WorkerVectorEnv: numEnvs must be a positive integer, got ${describeValue(numEnvs)}`);
    const threads = options.workers ?? availableParallelism();
    if (!Number.isInteger(threads) || threads < 1) throw new EnvError(`WorkerVectorEnv: workers must be a positive integer, got ${describeValue(threads)}`);
    const shardKind = options.shardKind ?? 'sync';
    this.autoresetMode = options.autoresetMode ?? 'next-step';
    this.timeoutMs = options.timeoutMs ?? 600_000;
    this.ranges = shardRanges(numEnvs, Math.min(threads, numEnvs));
    const local = options.callingThreadShard === true;
    if (local && !('id' in source)) throw new EnvError(`${this.name}: callingThreadShard needs a registered id source`);
    this.localShard = local && 'id' in source ? buildRegisteredShard(source, this.ranges[0]!.count, shardKind, this.autoresetMode) : undefined;
    const workerRanges = local ? this.ranges.slice(1) : this.ranges;
    this.numWorkers = workerRanges.length;
    this.control = new Int32Array(new SharedArrayBuffer(4 * CONTROL_WORDS * Math.max(1, this.numWorkers)));

    const ready = this.startWorkers(workerRanges, shardKind);
    const reference = this.localShard ?? {
      singleObservationSpace: spaceFromJSON(ready!.observationSpace),
      singleActionSpace: spaceFromJSON(ready!.actionSpace),
      metadata: ready!.metadata,
      spec: ready!.spec,
    };
    this.singleObservationSpace = reference.singleObservationSpace;
    this.singleActionSpace = reference.singleActionSpace;
    this.metadata = reference.metadata;
    this.spec = reference.spec;
    this.actionLayout = flatLayout(this.singleActionSpace, this.name);
    const observationLayout = flatLayout(this.singleObservationSpace, this.name);
    const buffers: SharedBuffers = {
      observations: new SharedArrayBuffer(numEnvs * observationLayout.size * observationLayout.arrayType.BYTES_PER_ELEMENT),
      actions: new SharedArrayBuffer(8 * numEnvs * this.actionLayout.size),
      rewards: new SharedArrayBuffer(8 * numEnvs),
      terminations: new SharedArrayBuffer(numEnvs),
      truncations: new SharedArrayBuffer(numEnvs),
    };
    this.actions = new Float64Array(buffers.actions);
    this.localActions = this.actions.subarray(0, this.ranges[0]!.count * this.actionLayout.size);
    this.result = {
      observations: new observationLayout.arrayType(buffers.observations),
      rewards: new Float64Array(buffers.rewards),
      terminations: new Uint8Array(buffers.terminations),
      truncations: new Uint8Array(buffers.truncations),
      infos: new Array<Info>(numEnvs).fill(NO_INFO),
    };
    this.ports.forEach((port) => port.postMessage(buffers));
    this.requestAll(Command.attach);
  }

  get name(): string {
    const what = 'id' in this.source ? this.source.id : `${this.source.module}#${this.source.exportName ?? 'default'}`;
    return `WorkerVectorEnv(${what})`;
  }

  /** Resets every sub-env (or those in `mask`); seed s gives sub-env i the seed s + i. */
  reset(options: VectorResetOptions = {}): VectorResetResult {
    this.assertOpen();
    const seeds = resetSeeds(options.seed, this.numEnvs, this.name);
    const mask = resetMask(options.mask, this.numEnvs, this.name);
    this.forEachWorkerShard((w, { start, count }) => {
      const request: ResetRequest = { seeds: seeds?.slice(start, start + count), mask: mask && Array.from(mask).slice(start, start + count), options: options.options };
      this.ports[w]!.postMessage(request);
    });
    this.signalAll(Command.reset);
    let localInfos: Info[] | undefined;
    const localError = this.inLocalShard(() => {
      const { count } = this.ranges[0]!;
      const local = this.localShard!.reset({ seed: seeds?.slice(0, count), mask: mask && Array.from(mask).slice(0, count), options: options.options });
      this.result.observations.set(local.observations);
      localInfos = local.infos;
    });
    this.collectAll(Command.reset);
    if (localError) throw localError;
    if (localInfos) this.result.infos.splice(0, localInfos.length, ...localInfos);
    this.hasReset = true;
    return { observations: this.result.observations, infos: this.result.infos };
  }

  /** Steps every sub-env, the workers in parallel; the returned object is reused by the next call. */
  step(actions: ArrayLike<number>): VectorStepResult {
    this.assertOpen();
    if (!this.hasReset) throw calledBeforeReset(this.name);
    checkBatchActions(actions, this.numEnvs, this.actionLayout, this.singleActionSpace, this.name);
    this.actions.set(actions);
    this.signalAll(Command.step);
    const localError = this.inLocalShard(() => this.stepLocalShard());
    this.collectAll(Command.step);
    if (localError) throw localError;
    return this.result;
  }

  /** Sub-env 0's frame, from the thread that steps it. */
  render(): SceneFrame | undefined {
    this.assertOpen();
    if (this.localShard) return this.localShard.render();
    this.signal(0, Command.render);
    return (this.collect(0, Command.render) as { frame: SceneFrame | undefined }).frame;
  }

  /** Closes every sub-env and stops the workers. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.signalAll(Command.close);
      for (let w = 0; w < this.numWorkers; w++) this.collect(w, Command.close, CLOSE_TIMEOUT_MS);
    } finally {
      this.localShard?.close();
      for (const worker of this.workers) void worker.terminate();
      for (const port of this.ports) port.close();
    }
  }

  /**
   * Runs `work` on the local shard, if there is one, while the workers step theirs. Its error
   * is returned rather than thrown, so that the workers' answers are still collected first.
   */
  private inLocalShard(work: () => void): unknown {
    if (!this.localShard) return undefined;
    try {
      work();
      return undefined;
    } catch (error) {
      return error;
    }
  }

  private stepLocalShard(): void {
    const count = this.ranges[0]!.count;
    const local = this.localShard!.step(this.localActions);
    const { observations, rewards, terminations, truncations, infos } = this.result;
    observations.set(local.observations);
    rewards.set(local.rewards);
    terminations.set(local.terminations);
    truncations.set(local.truncations);
    for (let i = 0; i < count; i++) infos[i] = local.infos[i]!;
  }

  /** Starts one worker per range at once (they build their envs in parallel) and waits until all are ready. */
  private startWorkers(ranges: { start: number; count: number }[], shardKind: ShardKind): ReadyMessage | undefined {
    const bootstrap = workerBootstrap();
    const source = portableSource(this.source);
    ranges.forEach((range, w) => {
      const { port1, port2 } = new MessageChannel();
      const init: WorkerInit = { workerIndex: w, ...range, numEnvs: this.numEnvs, source, shardKind, autoresetMode: this.autoresetMode, control: this.control.buffer as SharedArrayBuffer, port: port2 };
      const worker = new Worker(bootstrap, { eval: true, workerData: init, transferList: [port2] });
      // Workers must not keep the process alive when the user forgets close().
      worker.unref();
      port1.unref();
      this.workers.push(worker);
      this.ports.push(port1);
    });
    let first: ReadyMessage | undefined;
    try {
      for (let w = 0; w < this.numWorkers; w++) {
        const ready = this.collect(w, undefined) as ReadyMessage;
        first ??= ready;
      }
    } catch (error) {
      for (const worker of this.workers) void worker.terminate();
      throw error;
    }
    return first;
  }

  private forEachWorkerShard(visit: (worker: number, range: { start: number; count: number }) => void): void {
    const offset = this.localShard ? 1 : 0;
    for (let w = 0; w < this.numWorkers; w++) visit(w, this.ranges[w + offset]!);
  }

  private requestAll(command: number): void {
    this.signalAll(command);
    this.collectAll(command);
  }

  private signalAll(command: number): void {
    for (let w = 0; w < this.numWorkers; w++) this.signal(w, command);
  }

  private signal(w: number, command: number): void {
    const base = w * CONTROL_WORDS;
    Atomics.store(this.control, base + Control.command, command);
    Atomics.add(this.control, base + Control.request, 1);
    Atomics.notify(this.control, base + Control.request);
  }

  /** Waits for every worker; resets last call's infos, then files this call's. Throws the first worker error. */
  private collectAll(command: number): void {
    for (const i of this.infoIndices) this.result.infos[i] = NO_INFO;
    this.infoIndices.length = 0;
    let failure: Error | undefined;
    for (let w = 0; w < this.numWorkers; w++) {
      try {
        const message = this.collect(w, command);
        if (message?.kind === 'infos') {
          for (const [index, info] of message.entries) {
            this.result.infos[index] = info;
            this.infoIndices.push(index);
          }
        }
      } catch (error) {
        failure ??= error as Error;
      }
    }
    if (failure) throw failure;
  }

  /** Waits for worker w's answer to its last request and returns its message, if any. */
  private collect(w: number, command: number | undefined, timeoutMs = this.timeoutMs): WorkerMessage | undefined {
    const statusWord = w * CONTROL_WORDS + Control.status;
    const deadline = Date.now() + timeoutMs;
    // The worker writes STATUS last; we clear it after reading, before the next request.
    while (Atomics.load(this.control, statusWord) === 0) {
      const left = deadline - Date.now();
      if (left <= 0) throw new EnvError(`${this.name}: worker ${w} did not answer ${commandName(command)} within ${timeoutMs} ms`);
      Atomics.wait(this.control, statusWord, 0, left);
    }
    const status = Atomics.exchange(this.control, statusWord, 0);
    if (status === Status.ok) return undefined;
    const message = receiveMessageOnPort(this.ports[w]!)?.message as WorkerMessage | undefined;
    if (status === Status.error) {
      const text = message?.kind === 'error' ? message.message : 'unknown error';
      throw new EnvError(`${this.name}: worker ${w} (sub-envs ${this.workerRange(w)}) failed in ${commandName(command)}: ${text}`);
    }
    return message;
  }

  private workerRange(w: number): string {
    const { start, count } = this.ranges[w + (this.localShard ? 1 : 0)]!;
    return count === 1 ? `${start}` : `${start}-${start + count - 1}`;
  }

  private assertOpen(): void {
    if (this.closed) throw new EnvError(`${this.name}: the vector env is closed`);
  }
}

function commandName(command: number | undefined): string {
  const entry = Object.entries(Command).find(([, value]) => value === command);
  return entry ? `${entry[0]}()` : 'start-up';
}
