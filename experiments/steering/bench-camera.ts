/**
 * Camera rendering speed: frames per second at 66 x 200 on one core, for the raster-lookup
 * renderer the env uses, against a reference that finds each pixel's material the obvious way
 * (a closest-point search on the track per pixel). Best of 5 repeats.
 *
 *   npx tsx experiments/steering/bench-camera.ts
 */
import { CameraRenderer, DEFAULT_CAMERA, PLAIN_LIGHTING } from '../../envs/driving/camera.js';
import { buildGroundRaster } from '../../envs/driving/ground-raster.js';
import { projectOntoTrack } from '../../envs/driving/projection.js';
import { LANE_CENTRE, ROAD, roadMaterial } from '../../envs/driving/road.js';
import { generateTrack, trackPoseAt, type Track } from '../../envs/driving/track.js';

const REPEATS = 5;

/** The reference: every ground pixel projected onto the track (hinted by its left neighbour). */
function renderByProjection(track: Track, pose: { x: number; y: number; yaw: number }, out: Uint8Array): void {
  const { width, height, mountHeight, fovDegrees, pitchDegrees } = DEFAULT_CAMERA;
  const focal = width / 2 / Math.tan((fovDegrees * Math.PI) / 360);
  const pitch = (pitchDegrees * Math.PI) / 180;
  let hint: number | undefined;
  for (let v = 0; v < height; v++) {
    const rowOffset = (v + 0.5 - height / 2) / focal;
    const rayZ = -Math.sin(pitch) - rowOffset * Math.cos(pitch);
    for (let u = 0; u < width; u++) {
      const p = (v * width + u) * 3;
      if (rayZ > -1e-4) {
        out[p] = 150;
        continue;
      }
      const t = mountHeight / -rayZ;
      const forward = t * (Math.cos(pitch) - rowOffset * Math.sin(pitch));
      const right = (t * (u + 0.5 - width / 2)) / focal;
      const x = pose.x + forward * Math.cos(pose.yaw) + right * Math.sin(pose.yaw);
      const y = pose.y + forward * Math.sin(pose.yaw) - right * Math.cos(pose.yaw);
      const projection = projectOntoTrack(track, x, y, hint);
      hint = projection.index;
      out[p] = roadMaterial(projection.lateral, projection.s % ROAD.dashPeriod) * 50;
    }
  }
}

function framesPerSecond(render: (frame: number) => void, frames: number): number {
  let best = 0;
  for (let r = 0; r < REPEATS; r++) {
    const start = performance.now();
    for (let i = 0; i < frames; i++) render(i);
    best = Math.max(best, frames / ((performance.now() - start) / 1000));
  }
  return best;
}

const track = generateTrack(3);
const buildStart = performance.now();
const raster = buildGroundRaster(track);
const buildMs = performance.now() - buildStart;
const camera = new CameraRenderer(raster);
const out = new Uint8Array(camera.imageSize);
const poseAt = (frame: number): { x: number; y: number; yaw: number } => {
  const pose = trackPoseAt(track, (frame * 0.5) % track.length, LANE_CENTRE);
  return { x: pose.x, y: pose.y, yaw: pose.heading };
};
const textured = { ...PLAIN_LIGHTING, brightness: 0.8, noise: 0.6 };
const rows: [string, number][] = [
  ['reference: closest-point search per pixel', framesPerSecond((i) => renderByProjection(track, poseAt(i), out), 20)],
  ['raster lookup (env default)', framesPerSecond((i) => camera.render(poseAt(i), PLAIN_LIGHTING, out), 3000)],
  ['raster lookup + lighting + texture grain', framesPerSecond((i) => camera.render(poseAt(i), textured, out), 3000)],
];
const reference = rows[0]![1];
console.log(`camera ${DEFAULT_CAMERA.height}x${DEFAULT_CAMERA.width}, track ${track.length.toFixed(0)} m, raster ${raster.cols}x${raster.rows} cells built in ${buildMs.toFixed(0)} ms; best of ${REPEATS}`);
console.log('| renderer | frames/s | x reference |\n|---|---:|---:|');
for (const [name, fps] of rows) console.log(`| ${name} | ${fps.toFixed(0)} | ${(fps / reference).toFixed(1)} |`);
