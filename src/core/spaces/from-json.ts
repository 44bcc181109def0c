import { ConfigError, describeValue } from '../errors.js';
import { Box, fromJsonNumber } from './box.js';
import { Dict } from './dict.js';
import { Discrete } from './discrete.js';
import { MultiBinary } from './multi-binary.js';
import { MultiDiscrete } from './multi-discrete.js';
import type { Space, SpaceJSON } from './space.js';
import { Tuple } from './tuple.js';

const SPACE_TYPES = ['Box', 'Discrete', 'MultiDiscrete', 'MultiBinary', 'Dict', 'Tuple'];

/**
 * Rebuilds a space from its JSON form (`space.toJSON()`, possibly through `JSON.stringify`).
 * The new space has its own unseeded generator: JSON carries the set, not the sampler state.
 *
 * @example const space = spaceFromJSON(JSON.parse(JSON.stringify(new Discrete(3).toJSON())));
 */
export function spaceFromJSON(json: SpaceJSON): Space<unknown> {
  return readSpace(json, 'space');
}

function readSpace(json: unknown, where: string): Space<unknown> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ConfigError(`spaceFromJSON: ${where} must be an object with a 'type', got ${describeValue(json)}`);
  }
  const record = json as Record<string, unknown>;
  // The space constructors check values (positive n, low <= high...); here we check the JSON's form.
  try {
    switch (record['type']) {
      case 'Box': {
        const low = numberList(record, 'low', where, true);
        const high = numberList(record, 'high', where, true);
        return new Box(low, high, numberList(record, 'shape', where), { dtype: record['dtype'] as Box['dtype'] });
      }
      case 'Discrete':
        return new Discrete(field(record, 'n', 'number', where) as number, (record['start'] as number | undefined) ?? 0);
      case 'MultiDiscrete':
        return new MultiDiscrete(numberList(record, 'nvec', where), {
          start: record['start'] === undefined ? 0 : numberList(record, 'start', where),
          shape: record['shape'] === undefined ? undefined : numberList(record, 'shape', where),
        });
      case 'MultiBinary':
        return new MultiBinary(record['shape'] === undefined ? (field(record, 'n', 'number', where) as number) : numberList(record, 'shape', where));
      case 'Dict': {
        const spaces = field(record, 'spaces', 'object', where) as Record<string, unknown>;
        const read: Record<string, Space<unknown>> = {};
        for (const [key, value] of Object.entries(spaces)) read[key] = readSpace(value, `${where}.spaces.${key}`);
        return new Dict(read);
      }
      case 'Tuple': {
        const spaces = field(record, 'spaces', 'array', where) as unknown[];
        return new Tuple(spaces.map((value, i) => readSpace(value, `${where}.spaces[${i}]`)));
      }
      default:
        throw new ConfigError(`spaceFromJSON: ${where}.type must be one of ${SPACE_TYPES.join(', ')}, got ${describeValue(record['type'])}`);
    }
  } catch (error) {
    if (error instanceof RangeError || error instanceof TypeError) {
      throw new ConfigError(`spaceFromJSON: ${where} (${describeValue(json)}) is not a valid space: ${error.message}`);
    }
    throw error;
  }
}

function field(record: Record<string, unknown>, key: string, kind: 'number' | 'object' | 'array', where: string): unknown {
  const value = record[key];
  const ok = kind === 'array' ? Array.isArray(value) : kind === 'object' ? typeof value === 'object' && value !== null && !Array.isArray(value) : typeof value === kind;
  if (!ok) throw new ConfigError(`spaceFromJSON: ${where}.${key} must be ${kind === 'number' ? 'a number' : `an ${kind}`} in a ${String(record['type'])} space, got ${describeValue(value)}`);
  return value;
}

/** An array of numbers; with `bounds`, "inf" and "-inf" are read as infinities (Box bounds). */
function numberList(record: Record<string, unknown>, key: string, where: string, bounds = false): number[] {
  const value = field(record, key, 'array', where) as unknown[];
  return value.map((item, i) => {
    if (typeof item === 'number' || (bounds && (item === 'inf' || item === '-inf'))) return fromJsonNumber(item);
    throw new ConfigError(`spaceFromJSON: ${where}.${key}[${i}] must be a number${bounds ? ' or "inf"/"-inf"' : ''}, got ${describeValue(item)}`);
  });
}
