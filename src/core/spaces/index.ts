export { Space, type SpaceJSON, type BoxDtype, type JsonBound } from './space.js';
export { Box, type BoxArray, type BoxOptions } from './box.js';
export { Discrete } from './discrete.js';
