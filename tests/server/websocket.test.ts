import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CartPoleEnv } from '../../envs/cartpole/cartpole.js';
import { MAX_CLIENT_MESSAGE_BYTES, WIRE_PROTOCOL_VERSION } from '../../src/core/wire.js';
import { MAX_MESSAGES_PER_SECOND } from '../../src/server/connection.js';
import { startViewerServer, type ViewerServer } from '../../src/server/server.js';
import { makeRunsFixture } from './fixtures.js';
import { TestClient, upgradeStatus } from './ws-client.js';

let server: ViewerServer;
let playServer: ViewerServer;

beforeAll(async () => {
  const fixture = await makeRunsFixture();
  server = await startViewerServer({ runsDir: fixture.runsDir, viewerDir: fixture.viewerDir, live: true, liveOptions: { maxFps: 1000 } });
  playServer = await startViewerServer({ runsDir: fixture.runsDir, viewerDir: fixture.viewerDir, playEnvId: 'CartPole-v1', makePlayEnv: () => new CartPoleEnv(), playFps: 100 });
});
afterAll(async () => {
  await server.close();
  await playServer.close();
});

describe('websocket endpoint', () => {
  it('greets, answers ping, and accepts a matching hello', async () => {
    const client = await TestClient.open(server.url, `http://127.0.0.1:${server.port}`);
    expect(await client.next('hello')).toEqual({ type: 'hello', version: WIRE_PROTOCOL_VERSION, mode: 'view', live: true });
    client.send({ type: 'hello', version: WIRE_PROTOCOL_VERSION });
    client.send({ type: 'ping', id: 7 });
    expect(await client.next('pong')).toEqual({ type: 'pong', id: 7 });
    client.close();
  });

  it('refuses upgrades from other origins, other hosts and other paths', async () => {
    expect(await upgradeStatus(server.url, { origin: 'https://evil.example' })).toBe(403);
    expect(await upgradeStatus(server.url, { origin: `http://127.0.0.1:${server.port + 1}` })).toBe(403);
    expect(await upgradeStatus(server.url, { origin: 'null' })).toBe(403);
    expect(await upgradeStatus(server.url, { host: 'attacker.example' })).toBe(403);
    expect(await upgradeStatus(server.url, {}, 'socket')).toBe(404);
    expect(await upgradeStatus(server.url, { origin: `http://localhost:${server.port}` })).toBe(101);
  });

  it('streams live frames, metrics and episode ends to subscribers, scene first', async () => {
    const client = await TestClient.open(server.url);
    client.send({ type: 'subscribe-live' });
    client.send({ type: 'ping', id: 1 });
    await client.next('pong');
    const live = server.live!;
    const env = new CartPoleEnv();
    env.reset({ seed: 3 });
    live.publishFrame(env.render()!, { episode: 0, step: 0 });
    env.step(1);
    live.publishFrame(env.render()!, { episode: 0, step: 1 });
    live.publish({ type: 'live-metrics', step: 1, values: { loss: 0.25 } });
    live.publish({ type: 'live-episode', episode: 0, status: 'end', envId: 'CartPole-v1', episodeReturn: 1, length: 1 });
    const first = await client.next('live-frame');
    expect(first.frame.scene?.objects.map((object) => object.id)).toEqual(['track', 'limit-left', 'limit-right', 'cart', 'pole', 'axle']);
    const second = await client.next('live-frame');
    expect(second.frame.scene).toBeUndefined();
    expect(second.frame.sceneId).toBe(first.frame.sceneId);
    expect(second.step).toBe(1);
    expect(second.frame.updates.find((update) => update.id === 'cart')!.position![0]).toBe(env.state[0]);
    expect(await client.next('live-metrics')).toEqual({ type: 'live-metrics', step: 1, values: { loss: 0.25 } });
    expect(await client.next('live-episode')).toEqual({ type: 'live-episode', episode: 0, status: 'end', envId: 'CartPole-v1', episodeReturn: 1, length: 1 });
    client.send({ type: 'unsubscribe-live' });
    client.send({ type: 'ping', id: 2 });
    await client.next('pong');
    expect(live.subscriberCount).toBe(0);
    client.close();
  });

  it('plays CartPole: ready, a reset frame, frames while a key is held, reset on request', async () => {
    const client = await TestClient.open(playServer.url);
    expect(await client.next('hello')).toMatchObject({ mode: 'play', live: false, playEnvId: 'CartPole-v1' });
    client.send({ type: 'play-start', seed: 5 });
    const ready = await client.next('play-ready');
    expect(ready).toMatchObject({ envId: 'CartPole-v1', defaultAction: null, actionCount: 2, fps: 100 });
    expect(ready.keys.slice(0, 2)).toEqual([
      { key: 'ArrowLeft', action: 0, label: '← action 0' },
      { key: 'ArrowRight', action: 1, label: '→ action 1' },
    ]);
    const resetFrame = await client.next('play-frame');
    expect(resetFrame).toMatchObject({ step: 0, reward: 0, terminated: false });
    expect(resetFrame.frame.scene).toBeDefined();
    // No key held, no default action: the env waits.
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(client.messages.filter((message) => message.type === 'play-frame')).toHaveLength(0);
    client.send({ type: 'play-action', action: 1 });
    const stepped = await client.next('play-frame');
    expect(stepped).toMatchObject({ step: 1, reward: 1, episodeReturn: 1 });
    expect(stepped.frame.scene).toBeUndefined();
    // The same seed and action reproduce the first step.
    const reference = new CartPoleEnv();
    reference.reset({ seed: 5 });
    reference.step(1);
    expect(stepped.frame.updates.find((update) => update.id === 'cart')!.position![0]).toBe(reference.state[0]);
    client.send({ type: 'play-action', action: null });
    client.send({ type: 'play-reset', seed: 5 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const frames = client.messages.filter((message) => message.type === 'play-frame');
    expect(frames.at(-1)).toMatchObject({ step: 0, episodeReturn: 0 });
    client.close();
  });

  it('answers play requests on a view server and live requests on a play server with an error', async () => {
    const viewClient = await TestClient.open(server.url);
    viewClient.send({ type: 'play-start' });
    expect((await viewClient.next('error')).message).toContain('start one with `palestra play <env-id>`');
    expect((await viewClient.closed).code).toBe(1008);
    const playClient = await TestClient.open(playServer.url);
    playClient.send({ type: 'subscribe-live' });
    expect(await playClient.next('error')).toMatchObject({ code: 'not-available' });
    const early = await TestClient.open(playServer.url);
    early.send({ type: 'play-action', action: 1 });
    expect((await early.next('error')).message).toBe("'play-action' before 'play-start'");
  });

  const hostile: [string, string | Buffer, string, number][] = [
    ['not JSON', '{"type":', 'bad-message', 1008],
    ['an unknown type', '{"type":"shutdown"}', 'bad-message', 1008],
    ['a wrong field type', '{"type":"ping","id":"x"}', 'bad-message', 1008],
    ['a binary frame', Buffer.from([1, 2, 3]), 'bad-message', 1008],
    ['a wrong protocol version', `{"type":"hello","version":${WIRE_PROTOCOL_VERSION + 1}}`, 'bad-version', 1008],
    ['an oversized message', JSON.stringify({ type: 'ping', id: 1, pad: 'x'.repeat(MAX_CLIENT_MESSAGE_BYTES * 2) }), 'too-large', 1009],
  ];
  for (const [what, payload, code, closeCode] of hostile) {
    it(`closes only the connection that sends ${what}`, async () => {
      const bystander = await TestClient.open(server.url);
      const attacker = await TestClient.open(server.url);
      attacker.socket.send(payload);
      expect((await attacker.next('error')).code).toBe(code);
      expect((await attacker.closed).code).toBe(closeCode);
      bystander.send({ type: 'ping', id: 9 });
      expect(await bystander.next('pong')).toEqual({ type: 'pong', id: 9 });
      const newcomer = await TestClient.open(server.url);
      expect((await newcomer.next('hello')).type).toBe('hello');
      bystander.close();
      newcomer.close();
    });
  }

  it('cuts off a client that floods messages, sparing the others', async () => {
    const bystander = await TestClient.open(server.url);
    const flooder = await TestClient.open(server.url);
    for (let id = 0; id < MAX_MESSAGES_PER_SECOND + 10; id++) flooder.send({ type: 'ping', id });
    expect(await flooder.next('error')).toEqual({ type: 'error', code: 'rate-limited', message: `more than ${MAX_MESSAGES_PER_SECOND} messages in one second` });
    expect((await flooder.closed).code).toBe(1008);
    expect(flooder.messages.filter((message) => message.type === 'pong')).toHaveLength(MAX_MESSAGES_PER_SECOND);
    bystander.send({ type: 'ping', id: 5 });
    expect(await bystander.next('pong')).toEqual({ type: 'pong', id: 5 });
    bystander.close();
  });

  it('cuts off a frame far over the limit at the websocket layer, still sparing the others', async () => {
    const bystander = await TestClient.open(server.url);
    const attacker = await TestClient.open(server.url);
    attacker.socket.send('x'.repeat(1024 * 1024));
    expect((await attacker.closed).code).toBe(1009);
    bystander.send({ type: 'ping', id: 3 });
    expect(await bystander.next('pong')).toEqual({ type: 'pong', id: 3 });
    bystander.close();
  });

  it('serves many clients at once', async () => {
    const clients = await Promise.all(Array.from({ length: 20 }, () => TestClient.open(server.url)));
    clients.forEach((client, id) => client.send({ type: 'ping', id }));
    const pongs = await Promise.all(clients.map((client) => client.next('pong')));
    expect(pongs.map((pong) => pong.id)).toEqual(clients.map((_, id) => id));
    clients.forEach((client) => client.close());
  });
});
