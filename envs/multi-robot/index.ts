export { CollisionAvoidanceEnv, type RobotOutcome } from './collision-avoidance-env.js';
export { MULTI_ROBOT_DEFAULTS, resolveMultiRobotOptions, type MultiRobotOptions } from './options.js';
export { PAPER_REWARD, stepReward } from './rewards.js';
export { SCENARIOS, buildLayout, type ScenarioName, type Layout } from './scenarios.js';
export { RobotWorld, type RobotStatus } from './world.js';
export { ORCA_DEFAULTS, orcaActions, agentLine, wallLine, holonomicToUnicycle, type OrcaOptions, type RobotLimits } from './orca.js';
export { solveOrca, violation, type OrcaLine, type Vec2 } from './orca-lp.js';
export { navigationMetrics, type NavigationMetrics } from './metrics.js';
