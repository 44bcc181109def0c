/**
 * How an indoor episode looks through the scene protocol: the plan's walls and furniture, the
 * goal, the cf2x (with a marker and a heading arrow, as the real drone is 9 cm across), the path
 * flown so far, and the depth image the policy sees in a HUD panel (near is bright).
 * The camera looks down on the whole plan at an angle.
 */
import type { ObjectUpdate, SceneFrame, SceneObject, SceneSpec, Vec3 } from '../../../src/core/scene.js';
import type { FlightState } from '../flight-state.js';
import { droneSceneSpec, droneUpdates } from '../scene.js';
import type { FloorPlan } from './floor-plan.js';

/** Points of the drawn path kept (about 3 minutes at 10 Hz). */
const MAX_PATH_POINTS = 2000;
const NO_ROTATION = new Float64Array(4);

/**
 * @example const picture = new IndoorPicture(plan, quad.state, 64, 64); picture.record(quad.state); env.render() // picture.frame(...)
 */
export class IndoorPicture {
  readonly scene: SceneSpec;
  private readonly path: Vec3[] = [];
  private readonly pixels: Uint8Array;

  constructor(
    readonly plan: FloorPlan,
    start: FlightState,
    readonly imageWidth: number,
    readonly imageHeight: number,
  ) {
    this.pixels = new Uint8Array(imageWidth * imageHeight * 3);
    const objects: SceneObject[] = plan.boxes.map((b, k): SceneObject => {
      const wall = k < plan.wallCount;
      return {
        id: wall ? `wall-${k}` : `furniture-${k - plan.wallCount}`,
        shape: { type: 'box', size: [b[3] - b[0], b[4] - b[1], b[5] - b[2]] },
        position: [(b[0] + b[3]) / 2, (b[1] + b[4]) / 2, (b[2] + b[5]) / 2],
        color: wall ? '#95a5a6' : '#a0522d',
        opacity: wall ? 0.55 : 0.9,
      };
    });
    const [gx, gy, gz] = plan.goal;
    objects.push(
      { id: 'goal', shape: { type: 'sphere', radius: 0.2 }, position: [gx, gy, gz], color: '#27ae60' },
      { id: 'goal-post', shape: { type: 'cylinder', radius: 0.03, height: gz }, position: [gx, gy, gz / 2], color: '#27ae60' },
      { id: 'start', shape: { type: 'cylinder', radius: 0.25, height: 0.02 }, position: [plan.start[0], plan.start[1], 0.01], color: '#2980b9', opacity: 0.6 },
      { id: 'depth', shape: { type: 'image', width: this.imageWidth, height: this.imageHeight, channels: 3, size: [1, 1], overlay: true } },
    );
    const arena = { min: [0, 0, 0] as const, max: [plan.width, plan.depth, plan.ceiling] as const };
    const spec = droneSceneSpec(arena, objects, start);
    spec.objects.push(
      { id: 'drone-marker', parent: 'drone', shape: { type: 'sphere', radius: 0.12 }, color: '#e67e22', opacity: 0.5 },
      { id: 'drone-heading', parent: 'drone', shape: { type: 'box', size: [0.3, 0.03, 0.03] }, position: [0.2, 0, 0], color: '#e67e22' },
    );
    const centre: Vec3 = [plan.width / 2, plan.depth / 2, 0];
    const span = Math.max(plan.width, plan.depth);
    this.scene = { ...spec, camera: { position: [centre[0], centre[1] - 0.8 * span, 1.5 * span], target: centre }, background: '#eef2f5', ground: true };
    this.record(start);
  }

  /** Adds the drone's position to the drawn path. */
  record(state: FlightState): void {
    const p = state.position;
    this.path.push([p[0]!, p[1]!, p[2]!]);
    if (this.path.length > MAX_PATH_POINTS) this.path.shift();
  }

  /** This step's frame: the drone's pose, the whole path and the depth image `frame` ([h * w] in [0, 1]). */
  frame(state: FlightState, frame: Float32Array, hud: Record<string, number | string>): SceneFrame {
    const pixels = this.pixels;
    for (let i = 0; i < frame.length; i++) {
      // Near is bright; the square root spreads the few metres of a room over the grey scale.
      const grey = Math.round(255 * (1 - Math.sqrt(frame[i]!)));
      pixels[3 * i] = grey;
      pixels[3 * i + 1] = grey;
      pixels[3 * i + 2] = grey;
    }
    const updates: ObjectUpdate[] = [...droneUpdates(state, NO_ROTATION, this.path), { id: 'depth', pixels: pixels.slice() }];
    return { scene: this.scene, updates, hud };
  }
}
