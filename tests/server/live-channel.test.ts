import { afterEach, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { decodeFrameMessage } from '../../src/core/frame-codec.js';
import type { SceneSpec } from '../../src/core/scene.js';
import { decodeWire, type ServerMessage } from '../../src/core/wire.js';
import { LiveChannel } from '../../src/server/live-channel.js';

/** A socket stand-in whose backlog the test sets, recording what is sent. */
function fakeSocket(): WebSocket & { sent: ServerMessage[]; bufferedAmount: number } {
  const socket = { sent: [] as ServerMessage[], bufferedAmount: 0, send(data: string | Uint8Array) { socket.sent.push((typeof data === 'string' ? decodeWire(data) : decodeFrameMessage(data)) as ServerMessage); } };
  return socket as unknown as WebSocket & { sent: ServerMessage[]; bufferedAmount: number };
}

const scene: SceneSpec = {
  objects: [
    { id: 'a', shape: { type: 'sphere', radius: 1 } },
    { id: 'b', shape: { type: 'box', size: [1, 1, 1] } },
  ],
};

let channel: LiveChannel;
afterEach(() => channel.close());

describe('LiveChannel', () => {
  it('wants a frame only when one is due and someone subscribed, once per due mark', () => {
    channel = new LiveChannel({ maxFps: 1 });
    channel.markFrameDue();
    expect(channel.wantsFrame()).toBe(false);
    channel.subscribe(fakeSocket());
    expect(channel.wantsFrame()).toBe(false);
    channel.markFrameDue();
    expect(channel.wantsFrame()).toBe(true);
    expect(channel.wantsFrame()).toBe(false);
    channel.markFrameDue();
    channel.publishFrame({ scene, updates: [], hud: {} }, { episode: 0, step: 0 });
    expect(channel.wantsFrame()).toBe(false);
  });

  it('tells every viewer that training finished, and each later one as it subscribes', () => {
    channel = new LiveChannel({ maxFps: 1 });
    channel.runId = 'ppo-1';
    const early = fakeSocket();
    channel.subscribe(early);
    channel.finish({ step: 2048 });
    const finished = { type: 'live-status', status: 'finished', step: 2048, runId: 'ppo-1' };
    expect(early.sent).toEqual([finished]);
    const late = fakeSocket();
    channel.subscribe(late);
    expect(late.sent).toEqual([finished]);
  });

  it('marks frames due maxFps times a second by itself', async () => {
    channel = new LiveChannel({ maxFps: 50 });
    channel.subscribe(fakeSocket());
    expect(channel.wantsFrame()).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(channel.wantsFrame()).toBe(true);
  });

  it('drops frames for a backed-up client and then sends it the merged latest state', () => {
    channel = new LiveChannel({ maxFps: 1, frameBacklogBytes: 100 });
    const slow = fakeSocket();
    const fast = fakeSocket();
    channel.subscribe(slow);
    channel.subscribe(fast);
    channel.publishFrame({ scene, updates: [{ id: 'a', position: [1, 0, 0] }], hud: { step: 0 } }, { episode: 0, step: 0 });
    slow.bufferedAmount = 5000;
    // 'b' moves only in a frame the slow client misses; 'a' moves in the next one.
    channel.publishFrame({ scene, updates: [{ id: 'b', position: [0, 2, 0], color: '#ff0000' }], hud: { step: 1 } }, { episode: 0, step: 1 });
    channel.publishFrame({ scene, updates: [{ id: 'a', position: [3, 0, 0] }], hud: { step: 2 } }, { episode: 0, step: 2 });
    expect(fast.sent).toHaveLength(3);
    expect(slow.sent).toHaveLength(1);
    expect(channel.backlogs()).toEqual([
      { bufferedBytes: 5000, droppedFrames: 2 },
      { bufferedBytes: 0, droppedFrames: 0 },
    ]);
    // The stalled client alone does not stop rendering while another client keeps up.
    channel.markFrameDue();
    expect(channel.wantsFrame()).toBe(true);
    slow.bufferedAmount = 0;
    channel.publishFrame({ scene, updates: [{ id: 'a', position: [4, 0, 0] }], hud: { step: 3 } }, { episode: 0, step: 3 });
    const caughtUp = slow.sent.at(-1) as Extract<ServerMessage, { type: 'live-frame' }>;
    expect(caughtUp.dropped).toBe(2);
    expect(caughtUp.frame.scene).toBeUndefined();
    expect(caughtUp.frame.updates).toEqual([
      { id: 'a', position: [4, 0, 0] },
      { id: 'b', position: [0, 2, 0], color: '#ff0000' },
    ]);
    expect(caughtUp.frame.hud).toEqual({ step: 3 });
  });

  it('sends the latest state to a client that drained, even when no new frame comes', async () => {
    channel = new LiveChannel({ maxFps: 1, frameBacklogBytes: 100 });
    const client = fakeSocket();
    channel.subscribe(client);
    client.bufferedAmount = 5000;
    channel.publishFrame({ scene, updates: [{ id: 'a', position: [7, 0, 0] }], hud: {} }, { episode: 0, step: 9 });
    expect(client.sent).toHaveLength(0);
    client.bufferedAmount = 0;
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(client.sent).toHaveLength(1);
    expect((client.sent[0] as Extract<ServerMessage, { type: 'live-frame' }>).frame.updates).toEqual([{ id: 'a', position: [7, 0, 0] }]);
  });

  it('renders nothing while every client is stalled', () => {
    channel = new LiveChannel({ maxFps: 1, frameBacklogBytes: 100 });
    const stalled = fakeSocket();
    channel.subscribe(stalled);
    stalled.bufferedAmount = 1000;
    channel.markFrameDue();
    expect(channel.wantsFrame()).toBe(false);
    expect(channel.backlogs()).toEqual([{ bufferedBytes: 1000, droppedFrames: 1 }]);
  });

  it('sends a new scene once to each client, and starts the merged state afresh with it', () => {
    channel = new LiveChannel({ maxFps: 1 });
    const client = fakeSocket();
    channel.subscribe(client);
    const nextScene: SceneSpec = { objects: [{ id: 'c', shape: { type: 'sphere', radius: 2 } }] };
    channel.publishFrame({ scene, updates: [{ id: 'a', visible: false }], hud: {} }, { episode: 0, step: 0 });
    channel.publishFrame({ scene: nextScene, updates: [{ id: 'c', scale: [2, 2, 2] }], hud: {} }, { episode: 1, step: 1 });
    channel.publishFrame({ scene: nextScene, updates: [], hud: {} }, { episode: 1, step: 2 });
    const frames = client.sent.map((message) => (message as Extract<ServerMessage, { type: 'live-frame' }>).frame);
    expect(frames.map((frame) => frame.scene !== undefined)).toEqual([true, true, false]);
    expect(frames[1]!.sceneId).toBe(frames[0]!.sceneId + 1);
    expect(frames[2]!.updates).toEqual([{ id: 'c', scale: [2, 2, 2] }]);
  });
});
