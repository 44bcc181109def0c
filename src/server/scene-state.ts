import type { ObjectUpdate, SceneFrame, SceneSpec } from '../core/scene.js';
import type { WireFrame } from '../core/wire.js';

/**
 * The latest state of a streamed scene: every object's most recent update merged field by
 * field since the scene began. A client that missed frames gets this whole state, so dropping
 * frames never leaves an object where an older frame put it.
 *
 * @example
 * const state = new SceneState();
 * state.apply(env.render()!);
 * socket.send(encodeFrameMessage({ type: 'live-frame', episode, step, frame: state.wireFrame(true), dropped: 0 }));
 */
export class SceneState {
  private scene: SceneSpec | undefined;
  private sceneNumber = 0;
  private readonly objects = new Map<string, ObjectUpdate>();
  private hud: SceneFrame['hud'] = {};

  /** Identifies the current scene; it changes whenever a frame brings a different scene object. */
  get sceneId(): number {
    return this.sceneNumber;
  }

  get hasScene(): boolean {
    return this.scene !== undefined;
  }

  apply(frame: SceneFrame): void {
    if (frame.scene !== this.scene) {
      this.scene = frame.scene;
      this.sceneNumber++;
      this.objects.clear();
    }
    for (const update of frame.updates) {
      const known = this.objects.get(update.id);
      // Copies keep later mutation of the env's own arrays out of what is sent.
      this.objects.set(update.id, known ? { ...known, ...copyUpdate(update) } : copyUpdate(update));
    }
    this.hud = { ...frame.hud };
  }

  /** The state as a wire frame; `withScene` when the receiver does not have this scene yet. */
  wireFrame(withScene: boolean): WireFrame {
    return {
      sceneId: this.sceneNumber,
      ...(withScene && this.scene ? { scene: this.scene } : {}),
      updates: [...this.objects.values()],
      hud: this.hud,
    };
  }
}

function copyUpdate(update: ObjectUpdate): ObjectUpdate {
  const copy: ObjectUpdate = { ...update };
  if (update.cells) copy.cells = update.cells.slice();
  if (update.pixels) copy.pixels = update.pixels.slice();
  return copy;
}
