import { register } from '../../src/registry.js';
import { DroneEnv } from './drone-env.js';
import { IndoorNavigationEnv } from './indoor/indoor-env.js';

// The envs truncate themselves after their task's episodeSeconds (the number of steps depends on
// the controlHz kwarg), so the registrations set no maxEpisodeSteps.

register({
  module: import.meta.url,
  id: 'Drone/Hover-v0',
  entryPoint: DroneEnv,
  kwargs: { task: 'hover' },
  description: 'Crazyflie quadrotor (cannon-es): take off and hold (0, 0, 1) for 8 s',
});

register({
  module: import.meta.url,
  id: 'Drone/Waypoints-v0',
  entryPoint: DroneEnv,
  kwargs: { task: 'waypoints' },
  description: 'Crazyflie quadrotor: pass a seeded sequence of 4 waypoints within 0.1 m, in order',
});

register({
  module: import.meta.url,
  id: 'Drone/Obstacles-v0',
  entryPoint: DroneEnv,
  kwargs: { task: 'obstacles' },
  description: 'Crazyflie quadrotor: reach a goal through 20 seeded pillars, seen by 16 range finders',
});

register({
  module: import.meta.url,
  id: 'Drone/IndoorNavigation-v0',
  entryPoint: IndoorNavigationEnv,
  kwargs: {},
  description: 'Crazyflie quadrotor: fly from one room to a goal in another through a seeded floor plan, seeing a 64x64 depth image',
});
