import { describe, expect, it } from 'vitest';
import { CameraRenderer, MATERIAL_RGB } from '../../../envs/driving/camera.js';
import { buildGroundRaster, materialAt } from '../../../envs/driving/ground-raster.js';
import { LANE_CENTRE, Material, roadMaterial } from '../../../envs/driving/road.js';
import { generateTrack, trackPoseAt } from '../../../envs/driving/track.js';

const track = generateTrack(2);
const raster = buildGroundRaster(track);
const camera = new CameraRenderer(raster);
const { width, height, mountHeight, pitchDegrees } = camera.options;

/** The material whose base colour is nearest to a pixel (fog shifts colours a little). */
function nearestMaterial(rgb: Uint8Array, row: number, col: number): number {
  const p = (row * width + col) * 3;
  let best = -1;
  let bestDistance = Infinity;
  MATERIAL_RGB.forEach((colour, m) => {
    const distance = Math.hypot(rgb[p]! - colour[0], rgb[p + 1]! - colour[1], rgb[p + 2]! - colour[2]);
    if (distance < bestDistance) [best, bestDistance] = [m, distance];
  });
  return best;
}

function laneCentreCamera(s: number): { x: number; y: number; yaw: number } {
  const pose = trackPoseAt(track, s, LANE_CENTRE);
  return { x: pose.x, y: pose.y, yaw: pose.heading };
}

describe('road cross-section', () => {
  it('has the dashed centre line, tarmac, edge lines, verge and grass at the right offsets', () => {
    expect(roadMaterial(0, 1)).toBe(Material.CentreLine);
    expect(roadMaterial(0, 5)).toBe(Material.Asphalt);
    expect(roadMaterial(-1.75, 1)).toBe(Material.Asphalt);
    expect(roadMaterial(-3.3, 0)).toBe(Material.EdgeLine);
    expect(roadMaterial(3.3, 0)).toBe(Material.EdgeLine);
    expect(roadMaterial(4, 0)).toBe(Material.Verge);
    expect(roadMaterial(-5.1, 0)).toBe(Material.Grass);
  });

  it('rasterises the lane centre as tarmac and far away as grass', () => {
    const lane = trackPoseAt(track, 40, LANE_CENTRE);
    expect(materialAt(raster, lane.x, lane.y)).toBe(Material.Asphalt);
    const edge = trackPoseAt(track, 40, -3.32);
    expect(materialAt(raster, edge.x, edge.y)).toBe(Material.EdgeLine);
    expect(materialAt(raster, 1e4, 1e4)).toBe(Material.Grass);
  });
});

describe('CameraRenderer', () => {
  it('sees tarmac at the bottom of the centre column and sky in the top row', () => {
    const image = camera.render(laneCentreCamera(30));
    expect(image.length).toBe(66 * 200 * 3);
    expect(nearestMaterial(image, height - 1, width / 2)).toBe(Material.Asphalt);
    // Sky: blue dominates.
    expect(image[2]!).toBeGreaterThan(image[0]! + 60);
  });

  it('colours every ground pixel of the bottom row as the raster says at the pixel ray hit point', () => {
    // An independent pinhole model: the bottom row's ray hits the ground at distance h / tan(pitch + angle).
    const pose = laneCentreCamera(123);
    const image = camera.render(pose);
    const focal = width / 2 / Math.tan(Math.PI / 6);
    const pitch = (pitchDegrees * Math.PI) / 180;
    const rowOffset = (height - 0.5 - height / 2) / focal;
    const rayZ = -Math.sin(pitch) - rowOffset * Math.cos(pitch);
    const forward = (Math.cos(pitch) - rowOffset * Math.sin(pitch)) * (mountHeight / -rayZ);
    let agree = 0;
    const seen = new Set<number>();
    for (let u = 0; u < width; u++) {
      const right = ((u + 0.5 - width / 2) / focal) * (mountHeight / -rayZ);
      const x = pose.x + forward * Math.cos(pose.yaw) + right * Math.sin(pose.yaw);
      const y = pose.y + forward * Math.sin(pose.yaw) - right * Math.cos(pose.yaw);
      const expected = materialAt(raster, x, y);
      seen.add(expected);
      if (nearestMaterial(image, height - 1, u) === expected) agree++;
    }
    expect(seen.has(Material.Asphalt) && seen.has(Material.EdgeLine)).toBe(true);
    expect(agree).toBeGreaterThanOrEqual(width - 2); // a pixel or two may fall either side of a cell edge
  });

  it('shows grass when the camera looks away from the road', () => {
    const pose = trackPoseAt(track, 60, -12);
    const image = camera.render({ x: pose.x, y: pose.y, yaw: pose.heading - Math.PI / 2 });
    expect(nearestMaterial(image, height - 1, width / 2)).toBe(Material.Grass);
  });

  it('darkens with brightness and renders the same pixels twice', () => {
    const pose = laneCentreCamera(200);
    const plain = camera.render(pose);
    const again = camera.render(pose);
    expect(Buffer.from(again).equals(Buffer.from(plain))).toBe(true);
    const dark = camera.render(pose, { brightness: 0.5, tint: [1, 1, 1], noise: 0 });
    const p = ((height - 1) * width + width / 2) * 3;
    expect(dark[p]).toBeCloseTo(plain[p]! / 2, -0.5);
  });

  it('refuses impossible image sizes', () => {
    expect(() => new CameraRenderer(raster, { width: 3 })).toThrow(/width and height must be integers in \[8, 4096\], got 3 x 66/);
  });
});
