import { registerParallel } from '../../src/multi-agent/parallel-registry.js';
import { CollisionAvoidanceEnv } from './collision-avoidance-env.js';

registerParallel({
  id: 'MultiRobot/CollisionAvoidance-v0',
  entryPoint: CollisionAvoidanceEnv,
  // 100 s at the paper's 10 Hz: enough for the 100-robot circle (17 m across) with detours.
  maxEpisodeSteps: 1000,
  description: 'Multi-agent: N differential-drive robots with lasers swap places without collisions (Long et al., ICRA 2018)',
});
