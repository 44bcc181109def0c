/**
 * @deprecated The protocol is split by concept; import from the module that holds the name:
 * - src/core/scene.ts: the scene protocol (SceneFrame, SceneSpec, Shape, axisAngle, ...);
 * - src/core/wire.ts: websocket and HTTP messages (ServerMessage, ClientMessage, encodeWire, ...);
 * - src/core/episode-format.ts: recorded episode lines (EpisodeLine, EPISODE_FORMAT);
 * - src/core/base64.ts: bytesToBase64, base64ToBytes.
 * This file re-exports them for code not yet moved (agents/common/vector-stepper.ts).
 */
export * from './scene.js';
export * from './wire.js';
export * from './episode-format.js';
export * from './base64.js';
