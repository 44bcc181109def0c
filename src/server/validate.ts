import { describeValue, PalestraError } from '../core/errors.js';
import { MAX_CLIENT_MESSAGE_BYTES, type ClientMessage, type WireErrorCode } from '../core/wire.js';

/** A client message the server refuses; its `code` goes back in the `error` reply. */
export class WireMessageError extends PalestraError {
  constructor(
    readonly code: WireErrorCode,
    message: string,
  ) {
    super(message);
  }
}

type FieldCheck = (value: unknown) => string | undefined;

const integer: FieldCheck = (value) => (Number.isSafeInteger(value) ? undefined : `an integer, got ${describeValue(value)}`);
const optional =
  (check: FieldCheck): FieldCheck =>
  (value) =>
    value === undefined ? undefined : check(value);
const nullable =
  (check: FieldCheck): FieldCheck =>
  (value) =>
    value === null ? undefined : check(value);

/** Each message type and the checks of its fields (besides `type`); a field not listed is refused. */
const SCHEMAS: Record<ClientMessage['type'], Record<string, { check: FieldCheck; required: boolean }>> = {
  hello: { version: { check: integer, required: true } },
  'subscribe-live': {},
  'unsubscribe-live': {},
  'play-start': { seed: { check: optional(integer), required: false } },
  'play-action': { action: { check: nullable(integer), required: true } },
  'play-reset': { seed: { check: optional(integer), required: false } },
  ping: { id: { check: integer, required: true } },
};

/**
 * Checks one incoming websocket message: a text frame of at most MAX_CLIENT_MESSAGE_BYTES
 * holding a JSON object whose `type` and fields match a ClientMessage exactly.
 *
 * @example parseClientMessage('{"type":"ping","id":1}', false) // { type: 'ping', id: 1 }
 */
export function parseClientMessage(data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean): ClientMessage {
  const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
  if (bytes.byteLength > MAX_CLIENT_MESSAGE_BYTES) {
    throw new WireMessageError('too-large', `message of ${bytes.byteLength} bytes is larger than the limit of ${MAX_CLIENT_MESSAGE_BYTES} bytes`);
  }
  if (isBinary) throw new WireMessageError('bad-message', 'expected a JSON text message, got a binary frame');
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new WireMessageError('bad-message', `message is not valid JSON (${(error as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new WireMessageError('bad-message', `expected a JSON object with a 'type', got ${describeValue(parsed)}`);
  }
  const message = parsed as Record<string, unknown>;
  const type = message.type;
  if (typeof type !== 'string' || !Object.prototype.hasOwnProperty.call(SCHEMAS, type)) {
    throw new WireMessageError('bad-message', `unknown message type ${describeValue(type)}; expected one of ${Object.keys(SCHEMAS).join(', ')}`);
  }
  const schema = SCHEMAS[type as ClientMessage['type']];
  for (const key of Object.keys(message)) {
    if (key !== 'type' && !Object.prototype.hasOwnProperty.call(schema, key)) {
      throw new WireMessageError('bad-message', `'${type}' message has an unknown field '${key}'`);
    }
  }
  for (const [key, field] of Object.entries(schema)) {
    if (field.required && !(key in message)) throw new WireMessageError('bad-message', `'${type}' message needs field '${key}'`);
    const problem = field.check(message[key]);
    if (problem) throw new WireMessageError('bad-message', `'${type}' message field '${key}' must be ${problem}`);
  }
  return message as ClientMessage;
}
