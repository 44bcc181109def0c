export { CartPoleEnv, type CartPoleOptions } from './cartpole.js';
export { CARTPOLE, cartPoleStep, cartPoleFailed } from './physics.js';
export { CartPoleVectorEnv, makeCartPoleVector, type CartPoleVectorOptions } from './vector.js';
