import * as THREE from 'three';
import type { SceneObject, Shape } from '../../../src/core/scene.js';

/** What the renderer keeps for one scene object so later updates can change it in place. */
export interface ShapeHandle {
  object: THREE.Object3D;
  /** Materials to recolour on a `color` update (the grid and mesh keep their own colours). */
  materials: THREE.Material[];
  setPoints?(points: [number, number, number][]): void;
  setCells?(cells: ArrayLike<number>): void;
  setPixels?(pixels: Uint8Array): void;
  setText?(text: string): void;
  /** A DOM element shown in the HUD (overlay images). */
  overlay?: HTMLCanvasElement;
  dispose(): void;
}

/** Turns three's Y-axis geometry (cylinder, capsule) into the protocol's local-z axis. */
const Y_TO_Z = Math.PI / 2;

/**
 * Builds the three.js object for one scene object's shape, in the protocol's conventions
 * (Z up; grids and images in the local xz plane facing -y; cylinders and capsules along z).
 */
export function createShape(spec: SceneObject): ShapeHandle {
  const shape = spec.shape;
  switch (shape.type) {
    case 'box':
      return solid(new THREE.BoxGeometry(...shape.size), spec);
    case 'sphere':
      return solid(new THREE.SphereGeometry(shape.radius, 32, 16), spec);
    case 'cylinder':
      return solid(new THREE.CylinderGeometry(shape.radius, shape.radius, shape.height, 32).rotateX(Y_TO_Z), spec);
    case 'capsule':
      return solid(new THREE.CapsuleGeometry(shape.radius, shape.length, 8, 24).rotateX(Y_TO_Z), spec);
    case 'plane':
      return solid(new THREE.PlaneGeometry(shape.size[0], shape.size[1]), spec, THREE.DoubleSide);
    case 'line':
      return line(shape, spec);
    case 'grid':
      return grid(shape);
    case 'image':
      return shape.overlay ? overlayImage(shape) : imageQuad(shape);
    case 'text':
      return text(shape, spec);
    case 'mesh':
      return mesh(shape, spec);
    default:
      // A newer env may send a shape this viewer does not know: show the rest of the scene.
      console.warn(`Palestra viewer: object '${spec.id}' has unknown shape type ${JSON.stringify((shape as { type?: unknown }).type)}; not drawn`);
      return { object: new THREE.Group(), materials: [], dispose: () => {} };
  }
}

let cheapLighting = false;

/**
 * Lambert instead of physically based shading: a software rasteriser (SwiftShader in headless
 * browsers and VMs) draws it several times faster, and these scenes look nearly the same.
 */
export function setCheapLighting(cheap: boolean): void {
  cheapLighting = cheap;
}

function material(spec: SceneObject, side: THREE.Side = THREE.FrontSide, vertexColors = false): THREE.MeshStandardMaterial | THREE.MeshLambertMaterial {
  const opacity = spec.opacity ?? 1;
  const parameters = {
    color: vertexColors ? '#ffffff' : (spec.color ?? '#9aa5b1'),
    opacity,
    transparent: opacity < 1,
    wireframe: spec.wireframe ?? false,
    side,
    vertexColors,
  };
  return cheapLighting ? new THREE.MeshLambertMaterial(parameters) : new THREE.MeshStandardMaterial({ ...parameters, roughness: 0.7, metalness: 0.05 });
}

function solid(geometry: THREE.BufferGeometry, spec: SceneObject, side?: THREE.Side): ShapeHandle {
  const surface = material(spec, side);
  const object = new THREE.Mesh(geometry, surface);
  object.castShadow = true;
  return { object, materials: [surface], dispose: () => (geometry.dispose(), surface.dispose()) };
}

function line(shape: Extract<Shape, { type: 'line' }>, spec: SceneObject): ShapeHandle {
  const geometry = new THREE.BufferGeometry();
  const stroke = new THREE.LineBasicMaterial({ color: spec.color ?? '#ffffff', transparent: (spec.opacity ?? 1) < 1, opacity: spec.opacity ?? 1 });
  const object = shape.closed ? new THREE.LineLoop(geometry, stroke) : new THREE.Line(geometry, stroke);
  const setPoints = (points: [number, number, number][]): void => {
    const attribute = geometry.getAttribute('position') as THREE.BufferAttribute | undefined;
    if (attribute && attribute.count === points.length) {
      points.forEach((point, i) => attribute.setXYZ(i, point[0], point[1], point[2]));
      attribute.needsUpdate = true;
    } else {
      geometry.setAttribute('position', new THREE.Float32BufferAttribute(points.flat(), 3));
    }
    geometry.computeBoundingSphere();
  };
  setPoints(shape.points);
  return { object, materials: [stroke], setPoints, dispose: () => (geometry.dispose(), stroke.dispose()) };
}

/** One instanced quad per possible cell; only non-empty cells are drawn (MinAtar boards). */
function grid(shape: Extract<Shape, { type: 'grid' }>): ShapeHandle {
  const { rows, cols, cellSize } = shape;
  const group = new THREE.Group();
  // Index 0 is the empty cell: the palette's first colour fills the board behind the cells.
  const backingGeometry = new THREE.PlaneGeometry(cols * cellSize, rows * cellSize).rotateX(Y_TO_Z);
  const backingMaterial = new THREE.MeshBasicMaterial({ color: shape.palette[0] ?? '#000000' });
  const backing = new THREE.Mesh(backingGeometry, backingMaterial);
  backing.position.y = cellSize * 0.01;
  group.add(backing);
  const cellGeometry = new THREE.PlaneGeometry(cellSize * 0.96, cellSize * 0.96).rotateX(Y_TO_Z);
  const cellMaterial = new THREE.MeshBasicMaterial({ color: '#ffffff' });
  const cells = new THREE.InstancedMesh(cellGeometry, cellMaterial, rows * cols);
  cells.instanceColor = new THREE.InstancedBufferAttribute(new Float32Array(rows * cols * 3), 3);
  group.add(cells);
  const palette = shape.palette.map((colour) => new THREE.Color(colour));
  const matrix = new THREE.Matrix4();
  const setCells = (values: ArrayLike<number>): void => {
    let drawn = 0;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const index = values[r * cols + c] ?? 0;
        if (index === 0) continue;
        matrix.makeTranslation((c + 0.5 - cols / 2) * cellSize, 0, (rows / 2 - r - 0.5) * cellSize);
        cells.setMatrixAt(drawn, matrix);
        cells.setColorAt(drawn, palette[index] ?? palette[palette.length - 1]!);
        drawn++;
      }
    }
    cells.count = drawn;
    cells.instanceMatrix.needsUpdate = true;
    if (cells.instanceColor) cells.instanceColor.needsUpdate = true;
  };
  setCells(shape.cells);
  return {
    object: group,
    materials: [],
    setCells,
    dispose: () => {
      backingGeometry.dispose();
      backingMaterial.dispose();
      cellGeometry.dispose();
      cellMaterial.dispose();
      cells.dispose();
    },
  };
}

/** RGB(A) rows, row 0 at the top, into an RGBA texture whose row 0 is at the bottom. */
function toTextureRows(pixels: Uint8Array, width: number, height: number, channels: number, target: Uint8Array): void {
  for (let row = 0; row < height; row++) {
    const from = row * width * channels;
    const to = (height - 1 - row) * width * 4;
    for (let x = 0; x < width; x++) {
      target[to + x * 4] = pixels[from + x * channels]!;
      target[to + x * 4 + 1] = pixels[from + x * channels + 1]!;
      target[to + x * 4 + 2] = pixels[from + x * channels + 2]!;
      target[to + x * 4 + 3] = channels === 4 ? pixels[from + x * channels + 3]! : 255;
    }
  }
}

function imageQuad(shape: Extract<Shape, { type: 'image' }>): ShapeHandle {
  const data = new Uint8Array(shape.width * shape.height * 4);
  const texture = new THREE.DataTexture(data, shape.width, shape.height, THREE.RGBAFormat);
  texture.colorSpace = THREE.SRGBColorSpace;
  texture.magFilter = THREE.NearestFilter;
  const geometry = new THREE.PlaneGeometry(shape.size[0], shape.size[1]).rotateX(Y_TO_Z);
  const surface = new THREE.MeshBasicMaterial({ map: texture, side: THREE.DoubleSide, transparent: shape.channels === 4 });
  const setPixels = (pixels: Uint8Array): void => {
    toTextureRows(pixels, shape.width, shape.height, shape.channels, data);
    texture.needsUpdate = true;
  };
  if (shape.pixels) setPixels(shape.pixels);
  return { object: new THREE.Mesh(geometry, surface), materials: [], setPixels, dispose: () => (geometry.dispose(), surface.dispose(), texture.dispose()) };
}

function overlayImage(shape: Extract<Shape, { type: 'image' }>): ShapeHandle {
  const canvas = document.createElement('canvas');
  canvas.width = shape.width;
  canvas.height = shape.height;
  canvas.className = 'overlay-image';
  const context = canvas.getContext('2d')!;
  const image = context.createImageData(shape.width, shape.height);
  const setPixels = (pixels: Uint8Array): void => {
    const channels = shape.channels;
    for (let i = 0, o = 0; i < shape.width * shape.height; i++, o += 4) {
      image.data[o] = pixels[i * channels]!;
      image.data[o + 1] = pixels[i * channels + 1]!;
      image.data[o + 2] = pixels[i * channels + 2]!;
      image.data[o + 3] = channels === 4 ? pixels[i * channels + 3]! : 255;
    }
    context.putImageData(image, 0, 0);
  };
  if (shape.pixels) setPixels(shape.pixels);
  return { object: new THREE.Group(), materials: [], setPixels, overlay: canvas, dispose: () => canvas.remove() };
}

function text(shape: Extract<Shape, { type: 'text' }>, spec: SceneObject): ShapeHandle {
  const canvas = document.createElement('canvas');
  const texture = new THREE.CanvasTexture(canvas);
  texture.colorSpace = THREE.SRGBColorSpace;
  const surface = new THREE.SpriteMaterial({ map: texture, depthTest: false, transparent: true });
  const sprite = new THREE.Sprite(surface);
  sprite.renderOrder = 10;
  const setText = (value: string): void => {
    const context = canvas.getContext('2d')!;
    const fontPx = 64;
    context.font = `${fontPx}px system-ui, sans-serif`;
    canvas.width = Math.max(1, Math.ceil(context.measureText(value).width) + 16);
    canvas.height = fontPx + 16;
    context.font = `${fontPx}px system-ui, sans-serif`;
    context.fillStyle = spec.color ?? '#ffffff';
    context.textBaseline = 'middle';
    context.fillText(value, 8, canvas.height / 2);
    texture.needsUpdate = true;
    sprite.scale.set((shape.size * canvas.width) / canvas.height, shape.size, 1);
  };
  setText(shape.text);
  return { object: sprite, materials: [], setText, dispose: () => (surface.dispose(), texture.dispose()) };
}

function mesh(shape: Extract<Shape, { type: 'mesh' }>, spec: SceneObject): ShapeHandle {
  const geometry = new THREE.BufferGeometry();
  geometry.setAttribute('position', new THREE.Float32BufferAttribute(Array.from(shape.positions), 3));
  geometry.setIndex(Array.from(shape.indices));
  if (shape.colors) geometry.setAttribute('color', new THREE.Float32BufferAttribute(Array.from(shape.colors), 3));
  geometry.computeVertexNormals();
  const surface = material(spec, THREE.DoubleSide, shape.colors !== undefined);
  const object = new THREE.Mesh(geometry, surface);
  object.receiveShadow = true;
  return { object, materials: shape.colors ? [] : [surface], dispose: () => (geometry.dispose(), surface.dispose()) };
}
