import { describe, expect, it } from 'vitest';
import { decodeFrameMessage, encodeFrameMessage, encodeServerMessage } from '../../src/core/frame-codec.js';
import { base64ToBytes, bytesToBase64 } from '../../src/core/base64.js';
import { decodeWire, encodeWire } from '../../src/core/wire.js';

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

describe('binary frame messages (src/core/frame-codec.ts)', () => {
  it('round-trips a frame with u8, u32 and f32 arrays as raw bytes, no base64', () => {
    const message = {
      type: 'live-frame' as const,
      episode: 2,
      step: 40,
      dropped: 1,
      frame: { updates: [{ id: 'grid', cells: Uint8Array.of(0, 2, 255) }, { id: 'camera', pixels: new Uint8Array(600).fill(7) }], hud: { reward: 1 }, extra: { indices: Uint32Array.of(0, 1, 70000), positions: Float32Array.of(0.5, -1.25) } },
    };
    const bytes = encodeFrameMessage(message);
    expect(new TextDecoder().decode(bytes)).not.toContain('base64');
    // 4 + header + 3 + 600 + 12 + 8 payload bytes: the pixels are not inflated by a third.
    const headerLength = new DataView(bytes.buffer).getUint32(0, true);
    expect(bytes.byteLength).toBe(4 + headerLength + 3 + 600 + 12 + 8);
    const back = decodeFrameMessage(bytes) as typeof message;
    expect(back).toEqual(message);
    expect(back.frame.extra.indices).toBeInstanceOf(Uint32Array);
    expect(back.frame.extra.positions).toBeInstanceOf(Float32Array);
  });

  it('sends frames binary and control messages as JSON text', () => {
    expect(typeof encodeServerMessage({ type: 'pong', id: 3 })).toBe('string');
    expect(encodeServerMessage({ type: 'play-frame', step: 1, frame: { updates: [], hud: {} }, reward: 0, episodeReturn: 0, terminated: false, truncated: false } as never)).toBeInstanceOf(Uint8Array);
  });

  it('refuses a truncated or inconsistent envelope with the reason', () => {
    expect(() => decodeFrameMessage(Uint8Array.of(1, 0))).toThrow(/at least 4 bytes, got 2/);
    expect(() => decodeFrameMessage(Uint8Array.of(200, 0, 0, 0, 123))).toThrow(/header of 200 bytes overruns the 5-byte message/);
    const lying = encodeFrameMessage({ cells: Uint8Array.of(1, 2, 3) }).slice(0, -1);
    expect(() => decodeFrameMessage(lying)).toThrow(/bytes \[0, 3\) lie outside the 2-byte payload/);
  });
});
