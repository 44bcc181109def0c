import type { WebSocket } from 'ws';
import type { Env } from '../core/env.js';
import { encodeServerMessage } from '../core/frame-codec.js';
import type { ServerMessage } from '../core/wire.js';
import { Discrete } from '../core/spaces/discrete.js';
import { actionMeaningsOf, keyMapFor } from './play-keys.js';
import { SceneState } from './scene-state.js';
import { WireMessageError } from './validate.js';

/** How long the last frame of an episode stays on screen before the next episode starts. */
const END_PAUSE_MS = 1000;
/** A client this far behind gets no new steps: the game waits for it instead of piling frames up. */
const PLAY_BACKLOG_BYTES = 1024 * 1024;

/**
 * One person playing one env over one websocket: the server steps the env at its frame rate
 * with the action of the key held down (or the env's no-op), and sends each frame back.
 *
 * @example const session = new PlaySession(socket, make('CartPole-v1'), 'CartPole-v1'); session.start(0);
 */
export class PlaySession {
  private readonly state = new SceneState();
  private readonly actionCount: number;
  private readonly actionStart: number;
  private readonly defaultAction: number | null;
  private heldAction: number | null = null;
  private timer: NodeJS.Timeout | undefined;
  private resumeAt = 0;
  private sentSceneId = -1;
  private step = 0;
  private episodeReturn = 0;
  private readonly fps: number;

  constructor(
    private readonly socket: WebSocket,
    private readonly env: Env<unknown, number>,
    private readonly envId: string,
    fps?: number,
  ) {
    const space = env.actionSpace;
    if (!(space instanceof Discrete)) {
      throw new WireMessageError('not-available', `${envId}: play mode drives discrete action spaces only, this env's action space is ${String(space)}`);
    }
    this.actionCount = space.n;
    this.actionStart = space.start;
    this.fps = fps ?? Math.min(Math.max(env.metadata.renderFps || 30, 1), 60);
    const { keys, defaultAction } = keyMapFor(space.n, actionMeaningsOf(env.unwrapped));
    this.defaultAction = defaultAction;
    this.send({ type: 'play-ready', envId, keys, defaultAction, fps: this.fps, actionCount: space.n });
  }

  start(seed?: number): void {
    this.reset(seed);
    this.timer ??= setInterval(() => this.tick(), 1000 / this.fps);
  }

  reset(seed?: number): void {
    this.env.reset(seed === undefined ? undefined : { seed });
    this.step = 0;
    this.episodeReturn = 0;
    this.resumeAt = 0;
    this.sendFrame(0, false, false);
  }

  /** The action to repeat from now on (an index from 0; null: back to the default). */
  hold(action: number | null): void {
    if (action !== null && (action < 0 || action >= this.actionCount)) {
      throw new WireMessageError('bad-message', `${this.envId}: action must be in [0, ${this.actionCount - 1}], got ${action}`);
    }
    this.heldAction = action;
  }

  close(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.env.close();
  }

  private tick(): void {
    const now = performance.now();
    if (this.resumeAt > 0) {
      if (now >= this.resumeAt) this.reset();
      return;
    }
    const action = this.heldAction ?? this.defaultAction;
    if (action === null || this.socket.bufferedAmount > PLAY_BACKLOG_BYTES) return;
    let result;
    try {
      result = this.env.step(this.actionStart + action);
    } catch (error) {
      this.send({ type: 'error', code: 'env-error', message: (error as Error).message });
      this.close();
      return;
    }
    this.step++;
    this.episodeReturn += result.reward;
    this.sendFrame(result.reward, result.terminated, result.truncated);
    if (result.terminated || result.truncated) this.resumeAt = now + END_PAUSE_MS;
  }

  private sendFrame(reward: number, terminated: boolean, truncated: boolean): void {
    const frame = this.env.render();
    if (!frame) return;
    this.state.apply(frame);
    const withScene = this.sentSceneId !== this.state.sceneId;
    this.sentSceneId = this.state.sceneId;
    this.send({ type: 'play-frame', step: this.step, frame: this.state.wireFrame(withScene), reward, episodeReturn: this.episodeReturn, terminated, truncated });
  }

  private send(message: ServerMessage): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(encodeServerMessage(message));
  }
}
