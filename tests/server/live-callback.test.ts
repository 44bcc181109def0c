import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CartPoleEnv } from '../../envs/cartpole/cartpole.js';
import { runIdOf } from '../../src/server/live-callback.js';
import { startViewer, type RunningViewer } from '../../src/server/live-view.js';
import type { TrainingContext } from '../../src/train/callback.js';
import { makeRunsFixture } from './fixtures.js';
import { TestClient } from './ws-client.js';

let viewer: RunningViewer;
let fixture: Awaited<ReturnType<typeof makeRunsFixture>>;
beforeAll(async () => {
  fixture = await makeRunsFixture();
  viewer = await startViewer({ runsDir: fixture.runsDir, viewerDir: fixture.viewerDir, maxFps: 200 });
});
afterAll(() => viewer.close());

describe('streamEpisodes callback (startViewer)', () => {
  it('streams env 0 frames, episode ends and metrics of a training run to a subscriber', async () => {
    const client = await TestClient.open(viewer.url);
    client.send({ type: 'subscribe-live' });
    client.send({ type: 'ping', id: 0 });
    await client.next('pong');
    const env = new CartPoleEnv();
    const context: TrainingContext = { agentName: 'fixed', env, envId: 'CartPole-v1', runDir: fixture.runDir, step: 0, totalSteps: 400, agent: undefined };
    env.reset({ seed: 1 });
    await viewer.callback.onTrainingStart?.(context);
    const returns: number[] = [];
    let episodeReturn = 0;
    let length = 0;
    while (context.step < 400) {
      const result = env.step(1);
      context.step++;
      episodeReturn += result.reward;
      length++;
      // The trainers' order: an episode's end, then the onStep of the step that ended it.
      if (result.terminated) viewer.callback.onEpisodeEnd?.(context, { envIndex: 0, episodeReturn, length, seconds: 0, step: context.step, info: {} });
      viewer.callback.onStep?.(context);
      if (result.terminated) {
        await viewer.callback.onMetrics?.(context, { episodeReturn });
        returns.push(episodeReturn);
        env.reset();
        viewer.callback.onStep?.(context);
        episodeReturn = 0;
        length = 0;
      }
      // An async trainer yields now and then; here every step, to let the frame timer run.
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await viewer.callback.onTrainingEnd?.(context);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const frames = client.messages.filter((message) => message.type === 'live-frame');
    const ends = client.messages.filter((message) => message.type === 'live-episode');
    const metrics = client.messages.filter((message) => message.type === 'live-metrics');
    expect(frames.length).toBeGreaterThan(10);
    // The first frame brings the scene; frames follow training forward.
    expect(frames[0]!.frame.scene).toBeDefined();
    const steps = frames.map((frame) => frame.step);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
    expect(ends.map((end) => end.episodeReturn)).toEqual(returns);
    expect(ends.map((end) => end.episode)).toEqual(returns.map((_, i) => i));
    expect(metrics[0]).toEqual({ type: 'live-metrics', step: returns[0], values: { episodeReturn: returns[0] }, runId: 'cartpole-ppo' });
    client.close();
  });

  it('names the live run by its path in the runs directory', () => {
    expect(runIdOf('/srv/runs', '/srv/runs/cartpole/ppo-1')).toBe('cartpole/ppo-1');
    expect(runIdOf('/srv/runs', '/srv/runs')).toBe('runs');
    expect(runIdOf('/srv/runs', '/elsewhere/ppo-1')).toBeUndefined();
    expect(runIdOf(undefined, join('/srv/runs', 'a'))).toBeUndefined();
  });
});
