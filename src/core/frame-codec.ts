/**
 * The binary envelope of frame messages on the websocket: control messages travel as JSON text
 * (`encodeWire`), frames as one binary message, so camera images, grid cells and meshes go as raw
 * bytes instead of base64.
 *
 * Layout (little-endian): u32 header length H, H bytes of UTF-8 JSON header, then the payload.
 * The header is the message with every typed array replaced by
 * `{ "$bytes": "u8" | "u32" | "f32", "offset": byte offset into the payload, "length": byte length }`.
 */
import { encodeWire, type ServerMessage } from './wire.js';

type BytesTag = 'u8' | 'u32' | 'f32';

/** Messages that carry a scene frame go binary; everything else stays JSON text. */
export function isFrameMessage(message: ServerMessage): boolean {
  return message.type === 'live-frame' || message.type === 'play-frame';
}

/**
 * What the server sends for `message`: binary for frames, JSON text for control messages.
 *
 * @example socket.send(encodeServerMessage({ type: 'pong', id: 1 }));
 */
export function encodeServerMessage(message: ServerMessage): string | Uint8Array {
  return isFrameMessage(message) ? encodeFrameMessage(message) : encodeWire(message);
}

/** Packs a message into the binary envelope above. */
export function encodeFrameMessage(message: unknown): Uint8Array {
  const chunks: Uint8Array[] = [];
  let payloadLength = 0;
  const header = JSON.stringify(message, (_key, item: unknown) => {
    const tag = bytesTag(item);
    if (tag === undefined) return item;
    const view = item as Uint8Array | Uint32Array | Float32Array;
    const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
    const reference = { $bytes: tag, offset: payloadLength, length: bytes.byteLength };
    chunks.push(bytes);
    payloadLength += bytes.byteLength;
    return reference;
  });
  const headerBytes = new TextEncoder().encode(header);
  const out = new Uint8Array(4 + headerBytes.byteLength + payloadLength);
  new DataView(out.buffer).setUint32(0, headerBytes.byteLength, true);
  out.set(headerBytes, 4);
  let at = 4 + headerBytes.byteLength;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

/**
 * Reads a binary envelope back into the message, typed arrays restored. Throws a SyntaxError
 * that says what is wrong when the bytes are not a well-formed envelope.
 */
export function decodeFrameMessage(data: ArrayBuffer | Uint8Array): unknown {
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  if (bytes.byteLength < 4) throw new SyntaxError(`binary frame message needs at least 4 bytes, got ${bytes.byteLength}`);
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, true);
  if (4 + headerLength > bytes.byteLength) throw new SyntaxError(`binary frame message header of ${headerLength} bytes overruns the ${bytes.byteLength}-byte message`);
  const payload = bytes.subarray(4 + headerLength);
  const header = new TextDecoder().decode(bytes.subarray(4, 4 + headerLength));
  return JSON.parse(header, (_key, item: unknown) => {
    if (item === null || typeof item !== 'object') return item;
    const reference = item as { $bytes?: unknown; offset?: unknown; length?: unknown };
    if (typeof reference.$bytes !== 'string' || typeof reference.offset !== 'number' || typeof reference.length !== 'number') return item;
    if (reference.offset < 0 || reference.offset + reference.length > payload.byteLength) {
      throw new SyntaxError(`binary frame message: bytes [${reference.offset}, ${reference.offset + reference.length}) lie outside the ${payload.byteLength}-byte payload`);
    }
    // A copy, so that 4-byte element types start on an aligned offset.
    const copy = payload.slice(reference.offset, reference.offset + reference.length);
    if (reference.$bytes === 'u32') return new Uint32Array(copy.buffer);
    if (reference.$bytes === 'f32') return new Float32Array(copy.buffer);
    return copy;
  });
}

function bytesTag(item: unknown): BytesTag | undefined {
  if (item instanceof Uint8Array || item instanceof Uint8ClampedArray) return 'u8';
  if (item instanceof Uint32Array) return 'u32';
  if (item instanceof Float32Array) return 'f32';
  return undefined;
}
