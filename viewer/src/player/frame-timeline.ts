import type { ObjectUpdate, SceneFrame, SceneSpec } from '../../../src/core/scene.js';

/** A merged state every this many frames, so seeking never replays a whole long episode. */
const KEYFRAME_EVERY = 32;

/**
 * The frames of a recorded episode, able to say what every object looks like at any frame:
 * updates are partial (omitted fields keep their values), so the state at frame i is all
 * updates since the frame's scene began, merged field by field.
 *
 * @example const timeline = new FrameTimeline(frames); renderer.apply(timeline.stateAt(120));
 */
export class FrameTimeline {
  private readonly keyframes = new Map<number, Map<string, ObjectUpdate>>();
  /** The first frame of the scene each frame belongs to. */
  private readonly sceneStarts: number[] = [];

  constructor(readonly frames: readonly SceneFrame[]) {
    let state = new Map<string, ObjectUpdate>();
    frames.forEach((frame, index) => {
      const sceneStart = index > 0 && frame.scene === frames[index - 1]!.scene ? this.sceneStarts[index - 1]! : index;
      this.sceneStarts.push(sceneStart);
      if (sceneStart === index) state = new Map();
      mergeInto(state, frame.updates);
      if (index % KEYFRAME_EVERY === 0) this.keyframes.set(index, cloneState(state));
    });
  }

  get length(): number {
    return this.frames.length;
  }

  sceneAt(index: number): SceneSpec {
    return this.frames[index]!.scene;
  }

  /** Whether frames a and b share one scene (so b can be reached by applying updates). */
  sameScene(a: number, b: number): boolean {
    return this.sceneStarts[a] === this.sceneStarts[b];
  }

  /** Every object's merged update at frame `index`, to apply on top of the scene's own poses. */
  stateAt(index: number): ObjectUpdate[] {
    const sceneStart = this.sceneStarts[index]!;
    const keyframe = Math.floor(index / KEYFRAME_EVERY) * KEYFRAME_EVERY;
    const from = keyframe >= sceneStart ? keyframe : sceneStart;
    const state = from === keyframe ? cloneState(this.keyframes.get(keyframe)!) : new Map<string, ObjectUpdate>();
    for (let i = from === keyframe ? keyframe + 1 : from; i <= index; i++) mergeInto(state, this.frames[i]!.updates);
    return [...state.values()];
  }
}

function mergeInto(state: Map<string, ObjectUpdate>, updates: readonly ObjectUpdate[]): void {
  for (const update of updates) {
    const known = state.get(update.id);
    state.set(update.id, known ? { ...known, ...update } : update);
  }
}

function cloneState(state: Map<string, ObjectUpdate>): Map<string, ObjectUpdate> {
  return new Map(state);
}
