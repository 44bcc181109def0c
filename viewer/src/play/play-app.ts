import type { PlayKey, ServerMessage } from '../../../src/core/wire.js';
import { ServerConnection } from '../connection.js';
import { FrameRateMeter } from '../frame-rate.js';
import { SceneRenderer } from '../render/scene-renderer.js';
import { Hud } from '../ui/hud.js';

/**
 * Play mode (`palestra play <env-id>`): the keyboard drives a discrete env that the server
 * steps; the page only sends the key held down and draws the frames that come back.
 */
export class PlayApp {
  private readonly renderer: SceneRenderer;
  private readonly hud: Hud;
  private readonly connection: ServerConnection;
  private readonly meter = new FrameRateMeter();
  private keys: PlayKey[] = [];
  private heldKey: string | undefined;
  private sceneId = -1;
  private frames = 0;
  private lastStatus = '';

  constructor(private readonly envId: string) {
    document.body.classList.add('play-mode');
    const stage = document.getElementById('stage')!;
    this.renderer = new SceneRenderer(stage, document.getElementById('overlays')!);
    this.hud = new Hud(document.getElementById('hud')!);
    document.getElementById('controls')!.innerHTML = `<span class="frame-label">Playing <b>${escapeHtml(envId)}</b>: press a key below; R resets.</span><span id="keys"></span>`;
    this.connection = new ServerConnection((message) => this.onMessage(message));
    this.connection.onStatus = (status) => {
      document.getElementById('connection')!.textContent = status;
      if (status === 'open') this.connection.send({ type: 'play-start' });
    };
    window.addEventListener('keydown', (event) => this.onKey(event, true));
    window.addEventListener('keyup', (event) => this.onKey(event, false));
    window.addEventListener('blur', () => this.release());
    (window as unknown as { palestra: () => object }).palestra = () => ({ mode: 'play', frames: this.frames, fps: this.meter.fps, status: this.lastStatus });
    const tick = (now: number): void => {
      if (this.renderer.render()) this.meter.tick(now);
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  }

  private onMessage(message: ServerMessage): void {
    if (message.type === 'play-ready') {
      this.keys = message.keys;
      const legend = document.getElementById('keys')!;
      legend.innerHTML = '';
      for (const key of message.keys) {
        const chip = document.createElement('kbd');
        chip.textContent = key.label;
        legend.appendChild(chip);
      }
      if (message.defaultAction === null) this.hud.show({ env: this.envId, status: 'hold a key to step' });
    } else if (message.type === 'play-frame') {
      if (message.frame.scene) {
        this.renderer.setScene(message.frame.scene);
        this.sceneId = message.frame.sceneId;
      }
      if (message.frame.sceneId !== this.sceneId) return;
      this.renderer.apply(message.frame.updates);
      this.frames++;
      this.lastStatus = message.terminated ? 'terminated' : message.truncated ? 'truncated' : 'playing';
      this.hud.show({ ...message.frame.hud, step: message.step, reward: message.reward, return: message.episodeReturn, status: this.lastStatus });
    } else if (message.type === 'error') {
      this.hud.show({ error: message.message });
    }
  }

  private onKey(event: KeyboardEvent, down: boolean): void {
    if (down && (event.key === 'r' || event.key === 'R')) {
      this.connection.send({ type: 'play-reset' });
      return;
    }
    const key = this.keys.find((candidate) => candidate.key === event.key);
    if (!key) return;
    event.preventDefault();
    if (down && !event.repeat) {
      this.heldKey = key.key;
      this.connection.send({ type: 'play-action', action: key.action });
    } else if (!down && this.heldKey === key.key) this.release();
  }

  private release(): void {
    if (this.heldKey === undefined) return;
    this.heldKey = undefined;
    this.connection.send({ type: 'play-action', action: null });
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
