import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CartPoleEnv } from '../../envs/cartpole/cartpole.js';
import type { SceneFrame, SceneSpec } from '../../src/core/scene.js';
import { streamEpisodes } from '../../src/server/live-callback.js';
import { startViewerServer, type ViewerServer } from '../../src/server/server.js';
import { startViewerWorker, type WorkerViewerServer } from '../../src/server/live-worker.js';
import type { Callback, TrainingContext } from '../../src/train/callback.js';
import { makeRunsFixture } from './fixtures.js';
import { TestClient } from './ws-client.js';

/** CartPole with a 64x64 camera image in every frame: 12 KiB a frame fills a stalled socket fast. */
class CameraCartPole extends CartPoleEnv {
  private readonly pixels = new Uint8Array(64 * 64 * 3);
  private scene: SceneSpec | undefined;
  override render(): SceneFrame {
    const frame = super.render()!;
    this.scene ??= { ...frame.scene, objects: [...frame.scene.objects, { id: 'camera', shape: { type: 'image', width: 64, height: 64, channels: 3, size: [1, 1], overlay: true } }] };
    this.pixels.fill(Math.abs(Math.round(this.state[0]! * 100)) & 255);
    return { scene: this.scene, updates: [...frame.updates, { id: 'camera', pixels: this.pixels }], hud: frame.hud };
  }
}

/**
 * A trainer's hot loop without TensorFlow: a 4-64-64-2 MLP forward pass picks each action
 * (about the work of a small policy), callbacks run after each step, and the loop yields to
 * the event loop every 200 steps as an async trainer does.
 */
class FakeTrainer {
  readonly env = new CameraCartPole();
  private readonly weights = [new Float64Array(4 * 64).fill(0.01), new Float64Array(64 * 64).fill(0.01), new Float64Array(64 * 2).fill(0.01)];
  private readonly hidden = [new Float64Array(64), new Float64Array(64)];
  readonly context: TrainingContext = { agentName: 'fake', env: this.env, envId: 'CameraCartPole-v0', runDir: undefined, step: 0, totalSteps: Infinity, agent: undefined };
  private episodeReturn = 0;
  private length = 0;

  constructor(private readonly callbacks: Callback[]) {
    this.env.reset({ seed: 0 });
  }

  async start(): Promise<void> {
    for (const callback of this.callbacks) await callback.onTrainingStart?.(this.context);
  }

  /**
   * Steps for `milliseconds`; returns steps per second of wall time and per second of this
   * process's CPU time (user + system), which other processes on a busy machine disturb less.
   */
  async run(milliseconds: number): Promise<{ wall: number; cpu: number }> {
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    let steps = 0;
    while (performance.now() - start < milliseconds) {
      for (let i = 0; i < 200; i++, steps++) this.stepOnce();
      await new Promise((resolve) => setImmediate(resolve));
    }
    const cpu = process.cpuUsage(cpuStart);
    return { wall: (steps / (performance.now() - start)) * 1000, cpu: (steps / (cpu.user + cpu.system)) * 1e6 };
  }

  private stepOnce(): void {
    const result = this.env.step(this.policy(this.env.state));
    this.context.step++;
    this.episodeReturn += result.reward;
    this.length++;
    for (const callback of this.callbacks) callback.onStep?.(this.context);
    if (result.terminated || result.truncated) {
      const summary = { envIndex: 0, episodeReturn: this.episodeReturn, length: this.length, seconds: 0, step: this.context.step, info: {} };
      for (const callback of this.callbacks) callback.onEpisodeEnd?.(this.context, summary);
      this.env.reset();
      this.episodeReturn = 0;
      this.length = 0;
    }
  }

  private policy(state: Float64Array): number {
    const [w1, w2, w3] = this.weights as [Float64Array, Float64Array, Float64Array];
    const [h1, h2] = this.hidden as [Float64Array, Float64Array];
    for (let j = 0; j < 64; j++) {
      let sum = 0;
      for (let i = 0; i < 4; i++) sum += state[i]! * w1[i * 64 + j]!;
      h1[j] = Math.tanh(sum);
    }
    for (let j = 0; j < 64; j++) {
      let sum = 0;
      for (let i = 0; i < 64; i++) sum += h1[i]! * w2[i * 64 + j]!;
      h2[j] = Math.tanh(sum);
    }
    let left = 0;
    let right = 0;
    for (let i = 0; i < 64; i++) {
      left += h2[i]! * w3[i * 2]!;
      right += h2[i]! * w3[i * 2 + 1]!;
    }
    // Alternate when the logits tie so episodes keep ending and starting.
    return left === right ? this.context.step % 2 : left > right ? 0 : 1;
  }
}

/** A subscribed client that then stops reading its socket. */
async function stalledClient(url: string): Promise<TestClient> {
  const client = await TestClient.open(url);
  client.send({ type: 'subscribe-live' });
  client.send({ type: 'ping', id: 1 });
  await client.next('pong');
  (client.socket as unknown as { _socket: { pause(): void } })._socket.pause();
  return client;
}

type Rate = { wall: number; cpu: number };

/**
 * Paired windows: each round runs both trainers for 25 ms back to back (alternating which goes
 * first) and takes the ratio of their rates; the median over 60 rounds is robust to the load
 * of the other processes on this shared machine drifting during the measurement.
 */
async function compare(bare: FakeTrainer, viewed: FakeTrainer, label: string): Promise<{ wall: number; cpu: number }> {
  const ratios = { wall: [] as number[], cpu: [] as number[] };
  const rates = { bare: [] as Rate[], viewed: [] as Rate[] };
  for (let round = 0; round < 60; round++) {
    const first = round % 2 === 0 ? bare : viewed;
    const second = first === bare ? viewed : bare;
    const a = await first.run(25);
    const b = await second.run(25);
    const [bareRate, viewedRate] = first === bare ? [a, b] : [b, a];
    rates.bare.push(bareRate);
    rates.viewed.push(viewedRate);
    ratios.wall.push(viewedRate.wall / bareRate.wall);
    ratios.cpu.push(viewedRate.cpu / bareRate.cpu);
  }
  const ratio = { wall: median(ratios.wall), cpu: median(ratios.cpu) };
  console.log(
    [
      `stalled-client benchmark: ${label} (60 paired 25 ms windows, fake 4-64-64-2 MLP trainer, 12 KiB frames, maxFps 1000)`,
      '                                 steps/s (wall)   steps per CPU-second   (median windows)',
      `  no viewer                      ${median(rates.bare.map((r) => r.wall)).toFixed(0).padStart(10)}   ${median(rates.bare.map((r) => r.cpu)).toFixed(0).padStart(10)}`,
      `  viewer + stalled client        ${median(rates.viewed.map((r) => r.wall)).toFixed(0).padStart(10)}   ${median(rates.viewed.map((r) => r.cpu)).toFixed(0).padStart(10)}`,
      `  median paired ratio            ${ratio.wall.toFixed(3).padStart(10)}   ${ratio.cpu.toFixed(3).padStart(10)}`,
    ].join('\n'),
  );
  return ratio;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

describe('a client that never reads', () => {
  let server: ViewerServer;
  beforeAll(async () => {
    const fixture = await makeRunsFixture();
    server = await startViewerServer({ runsDir: fixture.runsDir, viewerDir: fixture.viewerDir, live: true, liveOptions: { maxFps: 1000 } });
  });
  afterAll(() => server.close());

  it('has frames dropped while training keeps within 5% of its speed without a viewer (server in the trainer thread)', async () => {
    const bare = new FakeTrainer([]);
    const viewed = new FakeTrainer([streamEpisodes(server.live!)]);
    await bare.start();
    await viewed.start();
    const stalled = await stalledClient(server.url);
    // The kernel buffers fill, then the server's own backlog passes its limit.
    const fillDeadline = performance.now() + 10_000;
    while (performance.now() < fillDeadline && !(server.live!.backlogs()[0]!.bufferedBytes > 256 * 1024)) await viewed.run(50);
    const backlog = server.live!.backlogs()[0]!;
    expect(backlog.bufferedBytes).toBeGreaterThan(256 * 1024);
    const ratio = await compare(bare, viewed, 'server in the trainer thread');
    const after = server.live!.backlogs()[0]!;
    console.log(`  stalled client: ${after.bufferedBytes} bytes queued, ${after.droppedFrames} frames dropped`);
    expect(after.droppedFrames).toBeGreaterThan(backlog.droppedFrames);
    // The queue stops growing once the client is stalled: no frame is rendered for it.
    expect(after.bufferedBytes).toBeLessThan(backlog.bufferedBytes + 64 * 1024);
    // CPU time: what the viewer costs the trainer, with less of the noise of other processes.
    expect(ratio.cpu).toBeGreaterThan(0.95);
    stalled.socket.terminate();
  });
});

describe('a client that never reads, server in a worker thread (train --view)', () => {
  let server: WorkerViewerServer;
  beforeAll(async () => {
    const fixture = await makeRunsFixture();
    server = await startViewerWorker({ runsDir: fixture.runsDir, viewerDir: fixture.viewerDir, maxFps: 1000 });
  });
  afterAll(() => server.close());

  it('stops being sent frames and keeps training within 5% of its speed without a viewer', async () => {
    const bare = new FakeTrainer([]);
    const viewed = new FakeTrainer([streamEpisodes(server.channel)]);
    await bare.start();
    await viewed.start();
    const stalled = await stalledClient(server.url);
    // Train until the worker stops asking for frames: the stalled socket is full.
    const deadline = performance.now() + 15_000;
    let quietWindows = 0;
    while (quietWindows < 3 && performance.now() < deadline) {
      const before = server.channel.framesPublished;
      await viewed.run(200);
      quietWindows = server.channel.framesPublished === before ? quietWindows + 1 : 0;
    }
    expect(quietWindows).toBe(3);
    const published = server.channel.framesPublished;
    const ratio = await compare(bare, viewed, 'server in a worker thread');
    expect(server.channel.framesPublished).toBe(published);
    // process.cpuUsage counts the worker's CPU too: what the viewer costs in all.
    expect(ratio.cpu).toBeGreaterThan(0.95);
    stalled.socket.terminate();
  });
});
