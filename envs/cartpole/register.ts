import { register } from '../../src/registry.js';
import { CartPoleEnv } from './cartpole.js';
import { makeCartPoleVector } from './vector.js';

register({
  module: import.meta.url,
  id: 'CartPole-v1',
  entryPoint: CartPoleEnv,
  vectorEntryPoint: makeCartPoleVector,
  maxEpisodeSteps: 500,
  rewardThreshold: 475,
  description: 'Balance a pole on a cart (Gymnasium CartPole-v1)',
});

register({
  module: import.meta.url,
  id: 'CartPole-v0',
  entryPoint: CartPoleEnv,
  vectorEntryPoint: makeCartPoleVector,
  maxEpisodeSteps: 200,
  rewardThreshold: 195,
  description: 'CartPole with the original 200-step limit',
});
