/**
 * How the driving envs describe themselves to the viewer: the road as meshes (tarmac, verges,
 * dashes) and edge lines, the car as a box, the camera's frustum as wireframe lines attached to
 * the car, and the camera image as an overlay, so the viewer shows what the network sees.
 */
import { axisAngle, type SceneFrame, type SceneObject, type SceneSpec, type Vec3 } from '../../src/core/scene.js';
import { type CarState, DEFAULT_CAR } from './bicycle.js';
import type { CameraOptions } from './camera.js';
import { ROAD, ROAD_HALF_WIDTH } from './road.js';
import { trackPoseAt, type Track } from './track.js';

const CAR_HEIGHT = 1.4;
/** How far the drawn frustum reaches, metres. */
const FRUSTUM_DEPTH = 12;

/**
 * A flat ribbon between two lateral offsets along the whole lap, as a closed triangle strip.
 *
 * @example const road = { type: 'mesh', ...ribbonMesh(track, -3.5, 3.5, 0) };
 */
export function ribbonMesh(track: Track, inner: number, outer: number, z: number): { positions: Float32Array; indices: Uint32Array } {
  const n = track.count;
  const positions = new Float32Array(n * 2 * 3);
  const indices = new Uint32Array(n * 6);
  for (let i = 0; i < n; i++) {
    const a = trackPoseAt(track, i * track.spacing, inner);
    const b = trackPoseAt(track, i * track.spacing, outer);
    positions.set([a.x, a.y, z, b.x, b.y, z], i * 6);
    const j = (i + 1) % n;
    indices.set([2 * i, 2 * i + 1, 2 * j, 2 * j, 2 * i + 1, 2 * j + 1], i * 6);
  }
  return { positions, indices };
}

/** The centre-line dashes as quads, one every dash period. */
function dashMesh(track: Track): { positions: number[]; indices: number[] } {
  const positions: number[] = [];
  const indices: number[] = [];
  const half = ROAD.lineWidth / 2;
  for (let s = 0; s + ROAD.dashLength < track.length; s += ROAD.dashPeriod) {
    const base = positions.length / 3;
    for (const [along, side] of [[0, -half], [0, half], [ROAD.dashLength, -half], [ROAD.dashLength, half]] as const) {
      const p = trackPoseAt(track, s + along, side);
      positions.push(p.x, p.y, 0.03);
    }
    indices.push(base, base + 1, base + 2, base + 2, base + 1, base + 3);
  }
  return { positions, indices };
}

function edgeLine(track: Track, lateral: number): Vec3[] {
  const points: Vec3[] = [];
  for (let i = 0; i < track.count; i += 2) {
    const p = trackPoseAt(track, i * track.spacing, lateral);
    points.push([p.x, p.y, 0.03]);
  }
  return points;
}

/** The camera's viewing pyramid in the car's frame (origin at the body centre), as one polyline. */
export function frustumPoints(camera: CameraOptions): Vec3[] {
  const apex: Vec3 = [camera.mountForward - DEFAULT_CAR.wheelbase / 2, 0, camera.mountHeight - CAR_HEIGHT / 2];
  const halfWidth = Math.tan((camera.fovDegrees * Math.PI) / 360);
  const halfHeight = (halfWidth * camera.height) / camera.width;
  const pitch = (camera.pitchDegrees * Math.PI) / 180;
  const corner = (right: number, up: number): Vec3 => {
    // The ray (1, -right, up) in camera axes, tilted down by the pitch, scaled to the depth.
    const forward = Math.cos(pitch) - up * Math.sin(pitch);
    const vertical = -Math.sin(pitch) + up * Math.cos(pitch);
    return [apex[0] + FRUSTUM_DEPTH * forward, apex[1] - FRUSTUM_DEPTH * right, apex[2] + FRUSTUM_DEPTH * vertical];
  };
  const [c1, c2, c3, c4] = [corner(-halfWidth, halfHeight), corner(halfWidth, halfHeight), corner(halfWidth, -halfHeight), corner(-halfWidth, -halfHeight)];
  // One polyline that walks every edge of the pyramid.
  return [apex, c1, c2, c3, c4, c1, apex, c2, c3, apex, c4];
}

const sceneCache = new WeakMap<Track, SceneSpec>();

/**
 * The static scene of a track (cached per track and image size).
 *
 * @example const scene = drivingScene(generateTrack(0), DEFAULT_CAMERA);
 */
export function drivingScene(track: Track, camera: CameraOptions): SceneSpec {
  const cached = sceneCache.get(track);
  const image = cached?.objects.find((o) => o.id === 'camera-image')?.shape;
  if (cached && image?.type === 'image' && image.width === camera.width && image.height === camera.height) return cached;
  const verge = ROAD_HALF_WIDTH + ROAD.vergeWidth;
  const objects: SceneObject[] = [
    { id: 'grass', shape: { type: 'plane', size: [2000, 2000] }, color: '#4c8038', position: [0, 0, -0.02] },
    { id: 'verge-left', shape: { type: 'mesh', ...ribbonMesh(track, ROAD_HALF_WIDTH, verge, 0) }, color: '#968468' },
    { id: 'verge-right', shape: { type: 'mesh', ...ribbonMesh(track, -verge, -ROAD_HALF_WIDTH, 0) }, color: '#968468' },
    { id: 'road', shape: { type: 'mesh', ...ribbonMesh(track, -ROAD_HALF_WIDTH, ROAD_HALF_WIDTH, 0.01) }, color: '#5c5c62' },
    { id: 'centre-dashes', shape: { type: 'mesh', ...dashMesh(track) }, color: '#f0d65a' },
    { id: 'edge-left', shape: { type: 'line', points: edgeLine(track, ROAD_HALF_WIDTH - 0.175), closed: true }, color: '#ececec' },
    { id: 'edge-right', shape: { type: 'line', points: edgeLine(track, -ROAD_HALF_WIDTH + 0.175), closed: true }, color: '#ececec' },
    { id: 'car', shape: { type: 'box', size: [DEFAULT_CAR.length, DEFAULT_CAR.width, CAR_HEIGHT] }, color: '#c0392b' },
    { id: 'camera-frustum', parent: 'car', shape: { type: 'line', points: frustumPoints(camera) }, color: '#f1c40f', wireframe: true },
    {
      id: 'camera-image',
      shape: { type: 'image', width: camera.width, height: camera.height, channels: 3, size: [camera.width / 100, camera.height / 100], overlay: true },
    },
  ];
  const start = trackPoseAt(track, 0);
  const spec: SceneSpec = {
    objects,
    background: '#cddef0',
    ground: false,
    camera: { position: [start.x - 20 * Math.cos(start.heading), start.y - 20 * Math.sin(start.heading), 14], target: [start.x, start.y, 0], follow: 'car' },
  };
  sceneCache.set(track, spec);
  return spec;
}

export interface DrivingFrameInput {
  track: Track;
  car: CarState;
  camera: CameraOptions;
  image: Uint8Array;
  hud: Record<string, number | string>;
}

/**
 * One frame: the car's pose (its box centre sits half a wheelbase ahead of the rear axle), the camera image and the HUD.
 *
 * @example const frame = drivingFrame({ track, car, camera: DEFAULT_CAMERA, image, hud: { laps: 0 } });
 */
export function drivingFrame({ track, car, camera, image, hud }: DrivingFrameInput): SceneFrame {
  const half = DEFAULT_CAR.wheelbase / 2;
  const roundedHud: Record<string, number | string> = {};
  for (const [key, value] of Object.entries(hud)) roundedHud[key] = typeof value === 'number' ? Math.round(value * 1000) / 1000 : value;
  return {
    scene: drivingScene(track, camera),
    updates: [
      { id: 'car', position: [car.x + half * Math.cos(car.heading), car.y + half * Math.sin(car.heading), CAR_HEIGHT / 2], quaternion: axisAngle([0, 0, 1], car.heading) },
      { id: 'camera-image', pixels: image },
    ],
    hud: roundedHud,
  };
}
