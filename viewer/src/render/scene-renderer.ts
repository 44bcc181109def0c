import * as THREE from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import type { ObjectUpdate, SceneObject, SceneSpec } from '../../../src/core/scene.js';
import { GroundGrid } from './ground-grid.js';
import { createShape, setCheapLighting, type ShapeHandle } from './shapes.js';

// The protocol is Z-up: objects and cameras made from here on use +z as up.
THREE.Object3D.DEFAULT_UP.set(0, 0, 1);

interface Entry {
  spec: SceneObject;
  handle: ShapeHandle;
}

/**
 * The one renderer for every env: builds three.js objects from a SceneSpec, applies
 * ObjectUpdates to them, and draws with an orbit camera that can follow an object.
 *
 * @example const renderer = new SceneRenderer(container, overlays); renderer.setScene(frame.scene); renderer.apply(frame.updates);
 */
export class SceneRenderer {
  readonly canvas: HTMLCanvasElement;
  private readonly renderer: THREE.WebGLRenderer;
  private readonly scene = new THREE.Scene();
  private readonly camera = new THREE.PerspectiveCamera(50, 1, 0.01, 2000);
  private readonly controls: OrbitControls;
  private readonly world = new THREE.Group();
  private readonly ground = new GroundGrid();
  private entries = new Map<string, Entry>();
  private currentSpec: SceneSpec | undefined;
  private followId: string | undefined;
  private readonly lastFollowPosition = new THREE.Vector3();
  /** The spec's camera is placed for the first frame: anchor following once that frame is applied. */
  private followAnchorPending = false;
  private readonly scratch = new THREE.Vector3();
  private dirty = true;

  constructor(
    private readonly container: HTMLElement,
    /** Where overlay images (a camera feed) are shown. */
    private readonly overlayPanel: HTMLElement,
  ) {
    const software = isSoftwareRenderer();
    setCheapLighting(software);
    // Multisampling and high-density pixels cost a software rasteriser more than they show.
    this.renderer = new THREE.WebGLRenderer({ antialias: !software, preserveDrawingBuffer: true });
    this.renderer.setPixelRatio(software ? 1 : Math.min(window.devicePixelRatio, 2));
    this.canvas = this.renderer.domElement;
    container.appendChild(this.canvas);
    this.camera.up.set(0, 0, 1);
    this.controls = new OrbitControls(this.camera, this.canvas);
    this.controls.enableDamping = false;
    this.controls.addEventListener('change', () => (this.dirty = true));
    this.scene.add(this.ground.object, this.world);
    this.scene.add(new THREE.HemisphereLight('#ffffff', '#5a5f66', 1.6));
    const sun = new THREE.DirectionalLight('#ffffff', 1.8);
    sun.position.set(4, -6, 10);
    this.scene.add(sun);
    new ResizeObserver(() => this.resize()).observe(container);
    this.resize();
  }

  /** The ids of the current scene's objects (for the follow menu). */
  get objectIds(): string[] {
    return [...this.entries.keys()];
  }

  get spec(): SceneSpec | undefined {
    return this.currentSpec;
  }

  /** Replaces the scene: every object is rebuilt at the pose the spec gives it. */
  setScene(spec: SceneSpec): void {
    this.clear();
    this.currentSpec = spec;
    const background = new THREE.Color(spec.background ?? '#20232a');
    this.scene.background = background;
    this.ground.setBackground(background);
    this.ground.object.visible = spec.ground ?? true;
    for (const objectSpec of spec.objects) {
      const handle = createShape(objectSpec);
      handle.object.name = objectSpec.id;
      if (handle.overlay) this.overlayPanel.appendChild(handle.overlay);
      this.entries.set(objectSpec.id, { spec: objectSpec, handle });
    }
    // Parents may be listed after their children: attach once all exist.
    for (const { spec: objectSpec, handle } of this.entries.values()) {
      const parent = objectSpec.parent === undefined ? undefined : this.entries.get(objectSpec.parent);
      (parent ? parent.handle.object : this.world).add(handle.object);
    }
    this.resetPoses();
    this.placeCamera(spec);
    this.followId = spec.camera?.follow;
    this.dirty = true;
  }

  /** Puts every object back where the scene spec puts it (before re-applying a frame's state). */
  resetPoses(): void {
    for (const { spec, handle } of this.entries.values()) {
      applyUpdate(handle, { id: spec.id, position: spec.position ?? [0, 0, 0], quaternion: spec.quaternion ?? [0, 0, 0, 1], scale: spec.scale ?? [1, 1, 1], visible: spec.visible ?? true });
      if (spec.color) for (const surface of handle.materials) (surface as THREE.MeshStandardMaterial).color?.set(spec.color);
      const shape = spec.shape;
      if (shape.type === 'grid') handle.setCells?.(shape.cells);
      if (shape.type === 'line') handle.setPoints?.(shape.points);
      if (shape.type === 'text') handle.setText?.(shape.text);
      if (shape.type === 'image' && shape.pixels) handle.setPixels?.(shape.pixels);
    }
    this.dirty = true;
  }

  apply(updates: readonly ObjectUpdate[]): void {
    for (const update of updates) {
      const entry = this.entries.get(update.id);
      if (entry) applyUpdate(entry.handle, update);
    }
    this.dirty = true;
  }

  /** Makes the camera track an object (undefined: free orbit). */
  follow(id: string | undefined): void {
    this.followId = id;
    const target = id === undefined ? undefined : this.entries.get(id)?.handle.object;
    if (target) target.getWorldPosition(this.lastFollowPosition);
    this.dirty = true;
  }

  get followed(): string | undefined {
    return this.followId;
  }

  /** Asks for a redraw on the next `render()` even if nothing changed. */
  invalidate(): void {
    this.dirty = true;
  }

  /** Draws if anything changed; returns whether it drew. */
  render(): boolean {
    this.trackFollowed();
    if (!this.dirty) return false;
    this.renderer.render(this.scene, this.camera);
    this.dirty = false;
    return true;
  }

  dispose(): void {
    this.clear();
    this.controls.dispose();
    this.renderer.dispose();
  }

  private trackFollowed(): void {
    const target = this.followId === undefined ? undefined : this.entries.get(this.followId)?.handle.object;
    if (!target) return;
    target.getWorldPosition(this.scratch);
    if (this.followAnchorPending) {
      // Keep the spec camera's offset from its target, but centre the followed object: an
      // episode may start it anywhere, while the scene (and its camera) is shared by episodes.
      const offset = this.camera.position.clone().sub(this.controls.target);
      this.controls.target.copy(this.scratch);
      this.camera.position.copy(this.scratch).add(offset);
      this.controls.update();
      this.lastFollowPosition.copy(this.scratch);
      this.followAnchorPending = false;
      this.dirty = true;
      return;
    }
    if (this.scratch.equals(this.lastFollowPosition)) return;
    // Move camera and orbit target by the object's motion: the view angle the user chose stays.
    const delta = this.scratch.clone().sub(this.lastFollowPosition);
    this.camera.position.add(delta);
    this.controls.target.add(delta);
    this.controls.update();
    this.lastFollowPosition.copy(this.scratch);
    this.dirty = true;
  }

  private placeCamera(spec: SceneSpec): void {
    if (spec.camera) {
      this.camera.position.set(...spec.camera.position);
      this.controls.target.set(...spec.camera.target);
    } else {
      // No camera given: look at the whole world from the front and a little above.
      this.world.updateMatrixWorld(true);
      const bounds = new THREE.Box3().setFromObject(this.world);
      const centre = bounds.isEmpty() ? new THREE.Vector3() : bounds.getCenter(new THREE.Vector3());
      const radius = bounds.isEmpty() ? 5 : Math.max(bounds.getSize(new THREE.Vector3()).length() / 2, 0.5);
      this.controls.target.copy(centre);
      this.camera.position.set(centre.x, centre.y - radius * 2.2, centre.z + radius * 0.8);
    }
    this.camera.near = 0.01;
    this.camera.far = Math.max(2000, this.camera.position.distanceTo(this.controls.target) * 50);
    this.camera.updateProjectionMatrix();
    this.controls.update();
    this.followAnchorPending = true;
  }

  private resize(): void {
    const width = Math.max(1, this.container.clientWidth);
    const height = Math.max(1, this.container.clientHeight);
    this.renderer.setSize(width, height, false);
    this.canvas.style.width = '100%';
    this.canvas.style.height = '100%';
    this.camera.aspect = width / height;
    this.camera.updateProjectionMatrix();
    this.dirty = true;
  }

  private clear(): void {
    for (const { handle } of this.entries.values()) {
      handle.object.removeFromParent();
      handle.dispose();
    }
    this.entries = new Map();
    this.currentSpec = undefined;
  }
}

/** True when WebGL runs on a CPU rasteriser (SwiftShader, llvmpipe), e.g. in headless browsers or VMs. */
function isSoftwareRenderer(): boolean {
  const context = document.createElement('canvas').getContext('webgl2');
  if (!context) return false;
  const info = context.getExtension('WEBGL_debug_renderer_info');
  const name = info ? String(context.getParameter(info.UNMASKED_RENDERER_WEBGL)) : '';
  context.getExtension('WEBGL_lose_context')?.loseContext();
  return /swiftshader|llvmpipe|software/i.test(name);
}

function applyUpdate(handle: ShapeHandle, update: ObjectUpdate): void {
  const object = handle.object;
  if (update.position) object.position.set(update.position[0], update.position[1], update.position[2]);
  if (update.quaternion) object.quaternion.set(update.quaternion[0], update.quaternion[1], update.quaternion[2], update.quaternion[3]);
  if (update.scale) object.scale.set(update.scale[0], update.scale[1], update.scale[2]);
  if (update.visible !== undefined) {
    object.visible = update.visible;
    if (handle.overlay) handle.overlay.style.display = update.visible ? '' : 'none';
  }
  if (update.color) for (const surface of handle.materials) (surface as THREE.MeshStandardMaterial).color?.set(update.color);
  if (update.points) handle.setPoints?.(update.points);
  if (update.cells) handle.setCells?.(update.cells);
  if (update.pixels) handle.setPixels?.(update.pixels);
  if (update.text !== undefined) handle.setText?.(update.text);
}
