import { ConfigError } from '../../src/core/errors.js';
import type { Space } from '../../src/core/spaces/space.js';
import { flatLayout, type FlatEntry } from '../../src/vector/flat-layout.js';

/** How an agent feeds observations of a space to its networks. */
export interface ObservationLayout {
  /** Shape of one observation ([4] for CartPole, [10, 10, 4] for MinAtar). */
  shape: number[];
  /** Numbers per observation. */
  size: number;
  /** Whether the network is a CNN (rank-3 observation) rather than an MLP. */
  image: boolean;
  /** Multiplier applied before the network: 1/255 for 0..255 uint8 pixels, else 1. */
  scale: number;
  /** The typed array a replay buffer stores observations in (uint8 keeps image buffers small). */
  storage: 'uint8' | 'float32';
  /**
   * Dict observations only: the entries side by side in the flat observation (key order), each
   * with its own shape, scale and storage. `shape` is then [size], `image` false.
   */
  entries?: ObservationEntry[];
}

/** One entry of a Dict observation: where it sits in the flat observation and how the network reads it. */
export interface ObservationEntry {
  key: string;
  /** [height, width, channels] for an image, [n] for a vector. */
  shape: number[];
  offset: number;
  size: number;
  image: boolean;
  scale: number;
  storage: 'uint8' | 'float32';
}

/** How an agent's outputs become actions of a space. */
export type ActionLayout =
  | { kind: 'discrete'; n: number; start: number }
  | { kind: 'box'; size: number; low: Float64Array; high: Float64Array };

/**
 * Reads the observation layout of a Box space; other spaces get a ConfigError naming the agent.
 *
 * @example observationLayout(new Box(0, 255, [84, 84, 4], { dtype: 'uint8' }), 'dqn').scale // 1/255
 */
export function observationLayout(space: Space<unknown>, agent: string): ObservationLayout {
  const layout = flatLayout(space, agent);
  if (layout.entries) return dictObservationLayout(layout.entries, layout.size, space, agent);
  if (layout.kind !== 'Box' && layout.kind !== 'MultiBinary') {
    throw new ConfigError(`${agent}: observations must be a Box (vector or image), got ${space.toString()}`);
  }
  const shape = [...(space.shape ?? [layout.size])];
  if (shape.length !== 1 && shape.length !== 3) {
    throw new ConfigError(`${agent}: observations must be a vector [n] or an image [height, width, channels], got shape [${shape.join(', ')}] (${space.toString()})`);
  }
  const isUint8 = layout.arrayType === Uint8Array;
  const pixels = isUint8 && layout.high.every((h) => h > 1);
  return { shape, size: layout.size, image: shape.length === 3, scale: pixels ? 1 / 255 : 1, storage: isUint8 ? 'uint8' : 'float32' };
}

/**
 * Reads the action layout: Discrete for every agent, bounded Box for the policy-gradient ones.
 *
 * @example actionLayout(new Discrete(2), 'ppo') // { kind: 'discrete', n: 2, start: 0 }
 */
export function actionLayout(space: Space<unknown>, agent: string, { boxActions = true }: { boxActions?: boolean } = {}): ActionLayout {
  const layout = flatLayout(space, agent);
  if (layout.kind === 'Discrete') return { kind: 'discrete', n: layout.high[0]! - layout.low[0]! + 1, start: layout.low[0]! };
  if (layout.kind === 'Box' && boxActions) {
    if (!layout.low.every(Number.isFinite) || !layout.high.every(Number.isFinite)) {
      throw new ConfigError(`${agent}: a Box action space needs finite bounds (tanh or clip maps actions into them), got ${space.toString()}`);
    }
    return { kind: 'box', size: layout.size, low: layout.low, high: layout.high };
  }
  const expected = boxActions ? 'a Discrete or bounded Box action space' : 'a Discrete action space';
  throw new ConfigError(`${agent}: needs ${expected}, got ${space.toString()}`);
}

/**
 * The layout of a Dict of Boxes: each entry an image [h, w, c] or a vector [n]; uint8 entries
 * whose bounds reach past 1 are pixels, scaled by 1/255 and stored as uint8.
 *
 * @example observationLayout(new Dict({ depth: new Box(0, 1, [64, 64, 1]), state: new Box(-1, 1, [9]) }), 'ppo').entries!.length // 2
 */
function dictObservationLayout(flatEntries: readonly FlatEntry[], size: number, space: Space<unknown>, agent: string): ObservationLayout {
  const entries = flatEntries.map((entry): ObservationEntry => {
    const shape = [...entry.shape];
    if (shape.length !== 1 && shape.length !== 3) {
      throw new ConfigError(`${agent}: each Dict entry must be a vector [n] or an image [height, width, channels], got shape [${shape.join(', ')}] at '${entry.key}' of ${space.toString()}`);
    }
    const isUint8 = entry.dtype === 'uint8';
    const pixels = isUint8 && entry.high.every((h) => h > 1);
    return { key: entry.key, shape, offset: entry.offset, size: entry.size, image: shape.length === 3, scale: pixels ? 1 / 255 : 1, storage: isUint8 ? 'uint8' : 'float32' };
  });
  const storage = entries.every((e) => e.storage === 'uint8') ? 'uint8' : 'float32';
  return { shape: [size], size, image: false, scale: 1, storage, entries };
}
