/**
 * Standard base64 (with padding) for typed arrays in JSON: written here because neither Buffer
 * nor atob exists on both sides (Node and the browser viewer).
 */

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_VALUES = new Int16Array(128).fill(-1);
for (let i = 0; i < BASE64_ALPHABET.length; i++) BASE64_VALUES[BASE64_ALPHABET.charCodeAt(i)] = i;

/** Standard base64 with padding of `bytes`. */
export function bytesToBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  // Chunks keep String.fromCharCode's argument list short on large images.
  for (let start = 0; start < bytes.length; start += 3 * 4096) {
    const end = Math.min(bytes.length, start + 3 * 4096);
    const codes: number[] = [];
    for (let i = start; i < end; i += 3) {
      const a = bytes[i]!;
      const b = i + 1 < end ? bytes[i + 1]! : 0;
      const c = i + 2 < end ? bytes[i + 2]! : 0;
      codes.push(
        BASE64_ALPHABET.charCodeAt(a >> 2),
        BASE64_ALPHABET.charCodeAt(((a & 3) << 4) | (b >> 4)),
        i + 1 < end ? BASE64_ALPHABET.charCodeAt(((b & 15) << 2) | (c >> 6)) : 61,
        i + 2 < end ? BASE64_ALPHABET.charCodeAt(c & 63) : 61,
      );
    }
    parts.push(String.fromCharCode(...codes));
  }
  return parts.join('');
}

/** The inverse of `bytesToBase64`; throws SyntaxError on characters outside the alphabet. */
export function base64ToBytes(text: string): Uint8Array {
  if (text.length % 4 !== 0) throw new SyntaxError(`base64 text length must be a multiple of 4, got ${text.length}`);
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const bytes = new Uint8Array((text.length / 4) * 3 - padding);
  let out = 0;
  for (let i = 0; i < text.length; i += 4) {
    let quad = 0;
    for (let j = 0; j < 4; j++) {
      const code = text.charCodeAt(i + j);
      const value = code === 61 ? 0 : code < 128 ? BASE64_VALUES[code]! : -1;
      if (value < 0) throw new SyntaxError(`invalid base64 character ${JSON.stringify(text[i + j])} at ${i + j}`);
      quad = (quad << 6) | value;
    }
    if (out < bytes.length) bytes[out++] = (quad >> 16) & 255;
    if (out < bytes.length) bytes[out++] = (quad >> 8) & 255;
    if (out < bytes.length) bytes[out++] = quad & 255;
  }
  return bytes;
}
