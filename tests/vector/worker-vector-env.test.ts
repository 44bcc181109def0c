import { once } from 'node:events';
import type { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { CartPoleVectorEnv } from '../../envs/cartpole/vector.js';
import { makeVec } from '../../src/vector/make-vec.js';
import { SyncVectorEnv } from '../../src/vector/sync-vector-env.js';
import { WorkerVectorEnv } from '../../src/vector/worker-vector-env.js';
import '../../envs/index.js';
import { CountdownEnv } from './fixtures/countdown-env.js';
import { expectSameTrajectories } from './same-trajectories.js';

// Workers take a second or two to start (each loads TypeScript through tsx), so the tests share them.
const cartPoles = makeVec('CartPole-v1', 6, { mode: 'async', workers: 2 }) as WorkerVectorEnv;
const countdowns = new WorkerVectorEnv(
  { module: new URL('./fixtures/countdown-env.ts', import.meta.url).href, exportName: 'makeCountdown', kwargs: { length: 2, failOnAction: 2 } },
  3,
  { workers: 2, autoresetMode: 'same-step' },
);
afterAll(() => {
  cartPoles.close();
  countdowns.close();
});

describe('WorkerVectorEnv', () => {
  it('gives the same observations, rewards and flags as a SyncVectorEnv with the same seeds', () => {
    expect(cartPoles.numWorkers).toBe(2);
    expect(String(cartPoles.singleObservationSpace)).toMatch(/^Box\(.*\[4\], float32\)$/);
    expect(cartPoles.spec?.id).toBe('CartPole-v1');
    const sync = makeVec('CartPole-v1', 6, { mode: 'sync' });
    const { truncations } = expectSameTrajectories(cartPoles, sync, 520, 11);
    expect(truncations).toBeGreaterThanOrEqual(1);
    expect(cartPoles.render()).toEqual(sync.render());
  });

  it('carries same-step final observations and infos across threads', () => {
    const sync = new SyncVectorEnv(Array.from({ length: 3 }, () => new CountdownEnv({ length: 2 })), { autoresetMode: 'same-step' });
    expect(countdowns.reset({ seed: 0 }).infos).toEqual(sync.reset({ seed: 0 }).infos);
    const finalObservations: unknown[] = [];
    for (const actions of [[0, 1, 0], [1, 1, 0], [0, 0, 1]]) {
      const fromWorkers = countdowns.step(actions);
      const reference = sync.step(actions);
      expect(Array.from(fromWorkers.observations)).toEqual(Array.from(reference.observations));
      expect(Array.from(fromWorkers.rewards)).toEqual(Array.from(reference.rewards));
      expect(fromWorkers.infos).toEqual(reference.infos);
      finalObservations.push(...fromWorkers.infos.map((info) => info['finalObservation']));
    }
    // Sub-envs count down from 2: the second step ended every episode, the others none.
    const none = [undefined, undefined, undefined];
    expect(finalObservations).toEqual([...none, ...Array(3).fill(Float32Array.of(0)), ...none]);
  });

  it('throws an error raised inside a worker, with its message and the sub-envs it came from', () => {
    expect(() => countdowns.step([0, 0, 2])).toThrow(/^WorkerVectorEnv\(file:.*countdown-env\.ts#makeCountdown\): worker 1 \(sub-envs 2\) failed in step\(\): CountdownEnv: action 2 is cursed$/);
  });

  it('checks actions in the calling thread, naming the sub-env and the value; reuses its shared buffers', () => {
    const { observations } = cartPoles.reset({ seed: 0 });
    expect(observations.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(cartPoles.step([1, 0, 1, 0, 1, 0]).observations).toBe(observations);
    expect(() => cartPoles.step([0, 0, 0, 0, 0, 3])).toThrow('WorkerVectorEnv(CartPole-v1).step(): invalid action for sub-env 5: expected an integer in [0, 1], got 3');
    expect(() => cartPoles.step([0, 0, 0, 0, 0, Number.NaN])).toThrow(/sub-env 5: .*got NaN/);
    expect(() => cartPoles.step([0, 0])).toThrow(/expected 6 actions/);
  });

  it('reports a worker that cannot build its envs', () => {
    expect(() => makeVec('NoSuchEnv-v0', 2, { mode: 'async', workers: 1 })).toThrow(/worker 0 \(sub-envs 0-1\) failed in start-up: Env 'NoSuchEnv-v0' is not registered/);
  });

  it("shards a batched env over threads, matching one CartPoleVectorEnv bit for bit ('batched', workers: 2)", async () => {
    const sharded = makeVec('CartPole-v1', 10, { mode: 'batched', workers: 2 }) as WorkerVectorEnv;
    expect(sharded.numWorkers).toBe(1); // the calling thread steps the other shard
    expectSameTrajectories(sharded, new CartPoleVectorEnv(10), 300, 5);
    const workers = (sharded as unknown as { workers: Worker[] }).workers;
    const exited = workers.map((worker) => once(worker, 'exit'));
    sharded.close();
    await Promise.all(exited);
    expect(() => sharded.step(new Int32Array(10))).toThrow(/closed/);
  });
});
