import { describeValue } from './core/errors.js';
import type { ObjectUpdate, SceneObject } from './core/scene.js';

/**
 * Checks that a value is a well-formed SceneFrame (see `src/core/scene.ts`): a scene with
 * objects of known shapes and unique ids, parents that exist, updates that name existing
 * objects, finite vectors, '#rrggbb' colours and a HUD of numbers and strings. Returns one
 * line per problem, each naming the object and the expected and received value.
 *
 * @example const problems = sceneFrameProblems(env.render()); // [] when the frame is fine
 */
export function sceneFrameProblems(frame: unknown): string[] {
  const problems: string[] = [];
  if (!isRecord(frame)) return [`expected a SceneFrame object {scene, updates, hud}, got ${describeValue(frame)}`];
  const scene = frame['scene'];
  if (!isRecord(scene) || !Array.isArray(scene['objects'])) {
    return [`scene: expected {objects: [...]}, got ${describeValue(scene)}`];
  }
  const objects = scene['objects'] as unknown[];
  const shapeOf = new Map<string, string>();
  objects.forEach((object, index) => {
    const where = `scene.objects[${index}]`;
    if (!isRecord(object) || typeof object['id'] !== 'string' || object['id'] === '') {
      problems.push(`${where}: expected an object with a non-empty string id, got ${describeValue(object)}`);
      return;
    }
    const id = object['id'];
    if (shapeOf.has(id)) problems.push(`${where}: id '${id}' is used by two objects; ids must be unique`);
    const shapeProblem = describeShapeProblem(object['shape']);
    if (shapeProblem) problems.push(`${where} ('${id}').shape: ${shapeProblem}`);
    shapeOf.set(id, isRecord(object['shape']) ? String(object['shape']['type']) : '?');
    problems.push(...poseProblems(object, `${where} ('${id}')`));
    if (object['opacity'] !== undefined && !(typeof object['opacity'] === 'number' && object['opacity'] >= 0 && object['opacity'] <= 1)) {
      problems.push(`${where} ('${id}').opacity: expected a number in [0, 1], got ${describeValue(object['opacity'])}`);
    }
  });
  objects.forEach((object, index) => {
    const parent = isRecord(object) ? (object as Partial<SceneObject>).parent : undefined;
    if (parent !== undefined && !shapeOf.has(parent)) {
      problems.push(`scene.objects[${index}].parent: '${parent}' is not the id of any object (ids: ${[...shapeOf.keys()].join(', ')})`);
    }
  });
  if (!Array.isArray(frame['updates'])) {
    problems.push(`updates: expected an array of {id, ...} updates, got ${describeValue(frame['updates'])}`);
  } else {
    (frame['updates'] as unknown[]).forEach((update, index) => {
      const where = `updates[${index}]`;
      if (!isRecord(update) || typeof update['id'] !== 'string') {
        problems.push(`${where}: expected an object with a string id, got ${describeValue(update)}`);
      } else if (!shapeOf.has(update['id'])) {
        problems.push(`${where}: id '${update['id']}' is not in the scene (ids: ${[...shapeOf.keys()].join(', ')})`);
      } else {
        problems.push(...poseProblems(update as Partial<ObjectUpdate> & Record<string, unknown>, `${where} ('${update['id']}')`));
      }
    });
  }
  const hud = frame['hud'];
  if (!isRecord(hud)) {
    problems.push(`hud: expected an object of named numbers and strings, got ${describeValue(hud)}`);
  } else {
    for (const [name, value] of Object.entries(hud)) {
      if (typeof value !== 'string' && typeof value !== 'number') problems.push(`hud.${name}: expected a number or a string, got ${describeValue(value)}`);
    }
  }
  return problems;
}

type FieldKind = 'positive' | 'vec3' | 'pair' | 'points' | 'string' | 'array';

/** The fields each shape type needs, and what each must hold. */
const SHAPE_FIELDS: Record<string, Record<string, FieldKind>> = {
  box: { size: 'vec3' },
  sphere: { radius: 'positive' },
  cylinder: { radius: 'positive', height: 'positive' },
  capsule: { radius: 'positive', length: 'positive' },
  plane: { size: 'pair' },
  line: { points: 'points' },
  grid: { rows: 'positive', cols: 'positive', cellSize: 'positive', palette: 'array', cells: 'array' },
  image: { width: 'positive', height: 'positive', channels: 'positive', size: 'pair' },
  text: { text: 'string', size: 'positive' },
  mesh: { positions: 'array', indices: 'array' },
};

const FIELD_KIND_TEXT: Record<FieldKind, string> = {
  positive: 'a positive number',
  vec3: '[x, y, z]',
  pair: '[width, height]',
  points: 'an array of [x, y, z]',
  string: 'a string',
  array: 'an array',
};

function fieldMatches(kind: FieldKind, value: unknown): boolean {
  switch (kind) {
    case 'positive':
      return typeof value === 'number' && value > 0 && Number.isFinite(value);
    case 'vec3':
      return isFiniteVector(value, 3);
    case 'pair':
      return isFiniteVector(value, 2);
    case 'points':
      return Array.isArray(value) && value.every((point) => isFiniteVector(point, 3));
    case 'string':
      return typeof value === 'string';
    case 'array':
      return isArrayLike(value);
  }
}

function describeShapeProblem(shape: unknown): string | undefined {
  if (!isRecord(shape)) return `expected a shape object {type, ...}, got ${describeValue(shape)}`;
  const fields = SHAPE_FIELDS[String(shape['type'])];
  if (!fields) return `unknown shape type ${describeValue(shape['type'])}; known types: ${Object.keys(SHAPE_FIELDS).join(', ')}`;
  for (const [field, kind] of Object.entries(fields)) {
    if (!fieldMatches(kind, shape[field])) return `a ${String(shape['type'])} needs ${field} (${FIELD_KIND_TEXT[kind]}), got ${describeValue(shape[field])}`;
  }
  const cells = shape['cells'];
  if (shape['type'] === 'grid' && isArrayLike(cells) && cells.length !== (shape['rows'] as number) * (shape['cols'] as number)) {
    return `a grid of ${String(shape['rows'])} x ${String(shape['cols'])} needs that many cells, got ${cells.length}`;
  }
  return undefined;
}

/** Problems with the optional pose and look fields shared by objects and updates. */
function poseProblems(item: Record<string, unknown>, where: string): string[] {
  const problems: string[] = [];
  const vectors: [string, number][] = [['position', 3], ['quaternion', 4], ['scale', 3]];
  for (const [field, length] of vectors) {
    if (item[field] !== undefined && !isFiniteVector(item[field], length)) {
      problems.push(`${where}.${field}: expected ${length} finite numbers, got ${describeValue(item[field])}`);
    }
  }
  if (item['color'] !== undefined && !(typeof item['color'] === 'string' && /^#[0-9a-fA-F]{6}$/.test(item['color']))) {
    problems.push(`${where}.color: expected a '#rrggbb' string, got ${describeValue(item['color'])}`);
  }
  if (item['visible'] !== undefined && typeof item['visible'] !== 'boolean') {
    problems.push(`${where}.visible: expected true or false, got ${describeValue(item['visible'])}`);
  }
  return problems;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value);
}

function isArrayLike(value: unknown): value is ArrayLike<unknown> {
  return Array.isArray(value) || ArrayBuffer.isView(value);
}

function isFiniteVector(value: unknown, length: number): boolean {
  return Array.isArray(value) && value.length === length && value.every((v) => typeof v === 'number' && Number.isFinite(v));
}
