import { describe, expect, it } from 'vitest';
import { MAX_CLIENT_MESSAGE_BYTES } from '../../src/core/wire.js';
import { parseClientMessage } from '../../src/server/validate.js';

const parse = (text: string, isBinary = false) => parseClientMessage(Buffer.from(text), isBinary);

describe('parseClientMessage', () => {
  it('accepts every client message type with its fields', () => {
    expect(parse('{"type":"hello","version":1}')).toEqual({ type: 'hello', version: 1 });
    expect(parse('{"type":"subscribe-live"}')).toEqual({ type: 'subscribe-live' });
    expect(parse('{"type":"unsubscribe-live"}')).toEqual({ type: 'unsubscribe-live' });
    expect(parse('{"type":"play-start","seed":3}')).toEqual({ type: 'play-start', seed: 3 });
    expect(parse('{"type":"play-start"}')).toEqual({ type: 'play-start' });
    expect(parse('{"type":"play-action","action":null}')).toEqual({ type: 'play-action', action: null });
    expect(parse('{"type":"play-reset"}')).toEqual({ type: 'play-reset' });
    expect(parse('{"type":"ping","id":42}')).toEqual({ type: 'ping', id: 42 });
  });

  it('refuses malformed and hostile messages with a reason', () => {
    expect(() => parse('{"type":"ping"')).toThrow(/not valid JSON/);
    expect(() => parse('[1,2]')).toThrow("expected a JSON object with a 'type', got [1, 2]");
    expect(() => parse('{"type":"rm -rf"}')).toThrow(/unknown message type "rm -rf"; expected one of hello, subscribe-live/);
    expect(() => parse('{"type":"ping","id":1,"extra":true}')).toThrow("'ping' message has an unknown field 'extra'");
    expect(() => parse('{"type":"ping","id":1,"__proto__":{"polluted":1}}')).toThrow("unknown field '__proto__'");
    expect(() => parse('{"type":"ping"}')).toThrow("'ping' message needs field 'id'");
    expect(() => parse('{"type":"play-action","action":"left"}')).toThrow(`'play-action' message field 'action' must be an integer, got "left"`);
    expect(() => parse('{"type":"play-action","action":1.5}')).toThrow('must be an integer, got 1.5');
    expect(() => parse('{"type":"ping","id":1}', true)).toThrow('expected a JSON text message, got a binary frame');
    expect(({}.constructor.prototype as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a message over the size limit before parsing it', () => {
    const big = JSON.stringify({ type: 'ping', id: 1, pad: 'x'.repeat(MAX_CLIENT_MESSAGE_BYTES) });
    try {
      parse(big);
      expect.unreachable();
    } catch (error) {
      expect((error as { code: string }).code).toBe('too-large');
      expect((error as Error).message).toBe(`message of ${big.length} bytes is larger than the limit of ${MAX_CLIENT_MESSAGE_BYTES} bytes`);
    }
  });
});
