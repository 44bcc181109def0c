import * as THREE from 'three';

/** Metres the grid spans on each side of the origin, and between its lines. */
const HALF_SIZE = 20;
const SPACING = 1;
/** Lines fade into the background from this distance to HALF_SIZE: far lines no longer crowd into stripes. */
const FADE_START = 4;
/** Pieces per line, so the fade follows the distance from the centre. */
const PIECES = 40;

/**
 * The ground grid under a scene (the protocol's Z-up ground plane, z = 0): lines every metre in
 * a colour a little lighter than a dark background, or a little darker than a light one, so it
 * reads on any background without drawing attention, fading out with distance from the origin.
 * (A uniform grid seen at a grazing angle crowds its far lines into stripes.) `setBackground`
 * recolours it for a new scene.
 *
 * @example const grid = new GroundGrid(); scene.add(grid.object); grid.setBackground(new THREE.Color('#20232a'));
 */
export class GroundGrid {
  readonly object: THREE.LineSegments;
  private readonly fades: Float32Array;
  private readonly axes: Uint8Array;

  constructor() {
    const positions: number[] = [];
    const fades: number[] = [];
    const axes: number[] = [];
    const fadeAt = (x: number, y: number): number => {
      const distance = Math.hypot(x, y);
      return Math.min(1, Math.max(0, (distance - FADE_START) / (HALF_SIZE - FADE_START)));
    };
    for (let k = -HALF_SIZE; k <= HALF_SIZE; k += SPACING) {
      for (let piece = 0; piece < PIECES; piece++) {
        const a = -HALF_SIZE + (2 * HALF_SIZE * piece) / PIECES;
        const b = -HALF_SIZE + (2 * HALF_SIZE * (piece + 1)) / PIECES;
        // One piece along x at y = k, one along y at x = k.
        for (const [x0, y0, x1, y1] of [
          [a, k, b, k],
          [k, a, k, b],
        ] as const) {
          positions.push(x0, y0, 0, x1, y1, 0);
          fades.push(fadeAt(x0, y0), fadeAt(x1, y1));
          axes.push(k === 0 ? 1 : 0, k === 0 ? 1 : 0);
        }
      }
    }
    this.fades = new Float32Array(fades);
    this.axes = new Uint8Array(axes);
    const geometry = new THREE.BufferGeometry();
    geometry.setAttribute('position', new THREE.Float32BufferAttribute(positions, 3));
    geometry.setAttribute('color', new THREE.Float32BufferAttribute(new Float32Array(positions.length), 3));
    this.object = new THREE.LineSegments(geometry, new THREE.LineBasicMaterial({ vertexColors: true }));
    this.object.name = 'ground-grid';
    this.setBackground(new THREE.Color('#20232a'));
  }

  /** Colours the lines for a background: a small step away from it in lightness, a larger one for the axes. */
  setBackground(background: THREE.Color): void {
    const hsl = { h: 0, s: 0, l: 0 };
    background.getHSL(hsl);
    const direction = hsl.l < 0.5 ? 1 : -1;
    const line = background.clone().offsetHSL(0, 0, direction * 0.12);
    const axis = background.clone().offsetHSL(0, 0, direction * 0.24);
    const colours = this.object.geometry.getAttribute('color') as THREE.BufferAttribute;
    const scratch = new THREE.Color();
    for (let vertex = 0; vertex < this.fades.length; vertex++) {
      scratch.copy(this.axes[vertex] ? axis : line).lerp(background, this.fades[vertex]!);
      colours.setXYZ(vertex, scratch.r, scratch.g, scratch.b);
    }
    colours.needsUpdate = true;
  }
}
