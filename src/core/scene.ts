/**
 * The scene protocol: how an env describes what the viewer draws, as plain data.
 *
 * Conventions: right-handed, Z up, metres, quaternions as [x, y, z, w], colours as CSS hex
 * strings ('#rrggbb'). No three.js types here: the viewer maps these onto its own objects.
 *
 * An env's `render()` returns a `SceneFrame`. Its `scene` is the static description of the
 * episode (the same object for every frame of an episode, a new one when the layout changes);
 * senders transmit it only when its identity changes, then only `updates` and `hud` per step.
 *
 * The wire messages that carry frames between server and viewer (src/core/wire.ts) and the
 * lines of a recorded episode (src/core/episode-format.ts) build on these types.
 */

/** Bump when a change to these types would make an older viewer misread a frame. */
export const SCENE_PROTOCOL_VERSION = 1;

export type Vec3 = [number, number, number];
export type Quat = [number, number, number, number];
/** '#rrggbb' */
export type Color = string;

/** A shape, in its object's local frame, centred on its origin unless said otherwise. */
export type Shape =
  | { type: 'box'; size: Vec3 }
  | { type: 'sphere'; radius: number }
  /** Axis along local z. */
  | { type: 'cylinder'; radius: number; height: number }
  /** Axis along local z; `length` is the straight part between the two half-spheres. */
  | { type: 'capsule'; radius: number; length: number }
  /** In the local xy plane, facing +z. */
  | { type: 'plane'; size: [number, number] }
  /** A polyline through `points` (local coordinates); updates may replace the points (trails). */
  | { type: 'line'; points: Vec3[]; closed?: boolean }
  /**
   * A grid of `rows` x `cols` square cells of side `cellSize`, in the local xz plane
   * (columns along +x, row 0 at the top, rows going down -z), facing -y so that the default
   * camera (looking along +y) sees it upright. `cells[r * cols + c]` indexes `palette`;
   * index 0 is empty (not drawn).
   */
  | { type: 'grid'; rows: number; cols: number; cellSize: number; palette: Color[]; cells: Uint8Array | number[] }
  /**
   * An image of `width` x `height` pixels (RGB or RGBA, row 0 at the top) shown on a quad of
   * `size` metres in the local xz plane facing -y, or in a HUD panel when `overlay` is true.
   */
  | { type: 'image'; width: number; height: number; channels: 3 | 4; size: [number, number]; pixels?: Uint8Array; overlay?: boolean }
  /** A text label that always faces the camera; `size` is the text height in metres. */
  | { type: 'text'; text: string; size: number }
  /**
   * A triangle mesh: `positions` are xyz triples, `indices` triples of vertex numbers,
   * `colors` optional per-vertex rgb in [0, 1] (for roads and terrain).
   */
  | { type: 'mesh'; positions: Float32Array | number[]; indices: Uint32Array | number[]; colors?: Float32Array | number[] };

/** One object of a scene: a shape with an id, a pose relative to its parent, and a look. */
export interface SceneObject {
  id: string;
  /** The id of the object this one moves with; undefined for the world. */
  parent?: string;
  shape: Shape;
  color?: Color;
  /** 0..1; 1 when omitted. */
  opacity?: number;
  position?: Vec3;
  quaternion?: Quat;
  scale?: Vec3;
  visible?: boolean;
  /** Draw as wireframe (frustums, ghost targets). */
  wireframe?: boolean;
}

/** The static part of an episode's picture. */
export interface SceneSpec {
  objects: SceneObject[];
  /** Where the camera starts and looks at; `follow` names an object the camera tracks. */
  camera?: { position: Vec3; target: Vec3; follow?: string };
  background?: Color;
  /** Draw a ground grid at z = 0 (default true). */
  ground?: boolean;
}

/** What changed for one object in this frame; omitted fields keep their values. */
export interface ObjectUpdate {
  id: string;
  position?: Vec3;
  quaternion?: Quat;
  scale?: Vec3;
  color?: Color;
  visible?: boolean;
  /** New points of a `line` shape. */
  points?: Vec3[];
  /** New cells of a `grid` shape. */
  cells?: Uint8Array | number[];
  /** New pixels of an `image` shape. */
  pixels?: Uint8Array;
  /** New text of a `text` shape. */
  text?: string;
}

/** What `render()` returns: the episode's scene, this step's updates, and a HUD of named values. */
export interface SceneFrame {
  scene: SceneSpec;
  updates: ObjectUpdate[];
  /** Named scalars shown as a heads-up display (reward, action, speed...). */
  hud: Record<string, number | string>;
}

/** Converts an angle about an axis into a quaternion [x, y, z, w]: `axisAngle([0, 1, 0], theta)`. */
export function axisAngle(axis: Vec3, angle: number): Quat {
  const half = angle / 2;
  const s = Math.sin(half);
  const norm = Math.hypot(axis[0], axis[1], axis[2]) || 1;
  return [(axis[0] / norm) * s, (axis[1] / norm) * s, (axis[2] / norm) * s, Math.cos(half)];
}
