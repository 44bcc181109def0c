import { register } from '../../src/registry.js';
import { LaneKeepingCameraEnv } from './lane-keeping-camera.js';
import { LaneKeepingEnv } from './lane-keeping.js';

register({
  module: import.meta.url,
  id: 'Driving/LaneKeeping-v0',
  entryPoint: LaneKeepingEnv,
  maxEpisodeSteps: 1000,
  description: 'Keep a car centred in its lane on seeded procedural tracks (state vector, continuous steering)',
});

register({
  module: import.meta.url,
  id: 'Driving/LaneKeepingDiscrete-v0',
  entryPoint: LaneKeepingEnv,
  maxEpisodeSteps: 1000,
  kwargs: { discreteActions: 5 },
  description: 'LaneKeeping with 5 discrete steering levels (for DQN)',
});

register({
  module: import.meta.url,
  id: 'Driving/LaneKeepingCamera-v0',
  entryPoint: LaneKeepingCameraEnv,
  maxEpisodeSteps: 1000,
  description: 'Lane keeping through a 66x200 RGB forward camera (software-rendered)',
});
