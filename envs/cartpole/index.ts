export { CartPoleEnv, type CartPoleOptions } from './cartpole.js';
export { CARTPOLE, cartPoleStep, cartPoleFailed } from './physics.js';
