import { describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64, decodeWire, encodeWire } from '../../src/core/protocol.js';

describe('base64', () => {
  it('agrees with Node Buffer for every length 0..20 and all byte values', () => {
    for (let length = 0; length <= 20; length++) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 37 + length * 11) & 255);
      const text = bytesToBase64(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64'));
      expect(Array.from(base64ToBytes(text))).toEqual(Array.from(bytes));
    }
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(bytesToBase64(all)).toBe(Buffer.from(all).toString('base64'));
  });

  it('encodes large buffers (chunked) and rejects characters outside the alphabet', () => {
    const big = Uint8Array.from({ length: 100_003 }, (_, i) => (i * 7) & 255);
    expect(bytesToBase64(big)).toBe(Buffer.from(big).toString('base64'));
    expect(() => base64ToBytes('ab!d')).toThrow(/invalid base64 character "!" at 2/);
    expect(() => base64ToBytes('abc')).toThrow(/multiple of 4, got 3/);
  });
});

describe('encodeWire / decodeWire', () => {
  it('restores Uint8Array, Uint32Array and Float32Array with their values', () => {
    const value = {
      cells: new Uint8Array([0, 1, 2, 255]),
      indices: new Uint32Array([0, 1, 70000]),
      positions: new Float32Array([0.5, -1.25, 3e10]),
      plain: [1, 2, 3],
      text: 'hi',
    };
    const decoded = decodeWire(encodeWire(value)) as typeof value;
    expect(decoded.cells).toBeInstanceOf(Uint8Array);
    expect(Array.from(decoded.cells)).toEqual([0, 1, 2, 255]);
    expect(decoded.indices).toBeInstanceOf(Uint32Array);
    expect(Array.from(decoded.indices)).toEqual([0, 1, 70000]);
    expect(decoded.positions).toBeInstanceOf(Float32Array);
    expect(Array.from(decoded.positions)).toEqual([0.5, -1.25, Math.fround(3e10)]);
    expect(decoded.plain).toEqual([1, 2, 3]);
    expect(decoded.text).toBe('hi');
  });

  it('packs only the viewed bytes of a subarray', () => {
    const whole = new Uint8Array([9, 9, 1, 2, 3, 9]);
    const decoded = decodeWire(encodeWire({ cells: whole.subarray(2, 5) })) as { cells: Uint8Array };
    expect(Array.from(decoded.cells)).toEqual([1, 2, 3]);
  });

  it('is far smaller than a JSON number list for a 64x64 RGB image', () => {
    const pixels = Uint8Array.from({ length: 64 * 64 * 3 }, (_, i) => (i * 101) & 255);
    expect(encodeWire({ pixels }).length).toBeLessThan(JSON.stringify({ pixels: Array.from(pixels) }).length / 2);
  });
});
