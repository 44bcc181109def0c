import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.js';
import { resolveOptions } from '../../src/core/options.js';

const DEFAULTS = { gravity: 9.8, name: 'pole', verbose: false, sizes: [64, 64], extra: undefined as unknown, nested: { a: 1 } };

describe('resolveOptions', () => {
  it('merges given values over the defaults without touching the defaults', () => {
    const merged = resolveOptions('Test', DEFAULTS, { gravity: 3.7, sizes: [32] });
    expect(merged).toEqual({ ...DEFAULTS, gravity: 3.7, sizes: [32] });
    expect(DEFAULTS.gravity).toBe(9.8);
    expect(resolveOptions('Test', DEFAULTS, undefined)).toEqual(DEFAULTS);
  });

  it('refuses an unknown key and suggests the near one', () => {
    expect(() => resolveOptions('CartPole', DEFAULTS, { gravty: 1 })).toThrow(
      "CartPole: unknown option 'gravty'. Did you mean 'gravity'? Known options: gravity, name, verbose, sizes, extra, nested",
    );
    expect(() => resolveOptions('CartPole', DEFAULTS, { gravty: 1 })).toThrow(ConfigError);
  });

  it('refuses values of the wrong type, naming the key and the value', () => {
    expect(() => resolveOptions('T', DEFAULTS, { gravity: '9.8' })).toThrow('T: option \'gravity\' must be a number, got "9.8"');
    expect(() => resolveOptions('T', DEFAULTS, { gravity: NaN })).toThrow("T: option 'gravity' must be a number, not NaN, got NaN");
    expect(() => resolveOptions('T', DEFAULTS, { verbose: 1 })).toThrow("T: option 'verbose' must be true or false, got 1");
    expect(() => resolveOptions('T', DEFAULTS, { sizes: 64 })).toThrow("T: option 'sizes' must be an array, got 64");
    expect(() => resolveOptions('T', DEFAULTS, { nested: [1] })).toThrow("T: option 'nested' must be an object, got [1]");
    expect(() => resolveOptions('T', DEFAULTS, { name: 3 })).toThrow("T: option 'name' must be a string, got 3");
  });

  it('accepts anything where the default is undefined, and skips undefined values', () => {
    expect(resolveOptions('T', DEFAULTS, { extra: 'x', gravity: undefined }).extra).toBe('x');
    expect(resolveOptions('T', DEFAULTS, { gravity: undefined }).gravity).toBe(9.8);
  });

  it('refuses options that are not an object', () => {
    expect(() => resolveOptions('T', DEFAULTS, [1, 2])).toThrow('T: options must be an object of key/value pairs, got [1, 2]');
  });
});
