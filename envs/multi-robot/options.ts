import { ConfigError, describeValue } from '../../src/core/errors.js';
import { resolveOptions } from '../../src/core/options.js';
import { SCENARIOS, type ScenarioName } from './scenarios.js';

/** The kwargs of `MultiRobot/CollisionAvoidance-v0`; defaults follow Long et al. (ICRA 2018) where the paper gives a value. */
export interface MultiRobotOptions {
  /** Number of robots, 2 or more. */
  robots: number;
  /** Where robots start and go (see `ScenarioName`). */
  scenario: ScenarioName;
  /** Laser beams per scan (the paper: 512). */
  beams: number;
  /** Field of view of the laser in degrees (the paper: 180). */
  fovDegrees: number;
  /** Laser range in metres (the paper: 4). */
  range: number;
  /** Scans stacked in each observation, oldest first (the paper: 3). */
  stackedScans: number;
  /** Robot radius in metres. */
  radius: number;
  /** Linear velocity limits in m/s: v in [0, maxSpeed] (the paper: 1). */
  maxSpeed: number;
  /** Angular velocity limit in rad/s: w in [-maxTurnRate, maxTurnRate] (the paper: 1). */
  maxTurnRate: number;
  /** Control period in seconds (the paper: 0.1). */
  dt: number;
  /** Arrival: within this distance of the goal, in metres (the paper: 0.1). */
  goalTolerance: number;
  /** Draw every robot's scan rays in render() (they are heavy with many robots). */
  renderScans: boolean;
  /** Trail points kept per robot for render(). */
  trailLength: number;
}

export const MULTI_ROBOT_DEFAULTS: MultiRobotOptions = {
  robots: 20,
  scenario: 'circle',
  beams: 512,
  fovDegrees: 180,
  range: 4,
  stackedScans: 3,
  radius: 0.12,
  maxSpeed: 1,
  maxTurnRate: 1,
  dt: 0.1,
  goalTolerance: 0.1,
  renderScans: false,
  trailLength: 400,
};

/**
 * Validates the kwargs: unknown keys and wrong types through `resolveOptions`, then ranges.
 *
 * @example resolveMultiRobotOptions('MultiRobot/CollisionAvoidance-v0', { robots: 6, beams: 64 })
 */
export function resolveMultiRobotOptions(owner: string, kwargs: object | undefined): MultiRobotOptions {
  const options = resolveOptions(owner, { ...MULTI_ROBOT_DEFAULTS }, kwargs);
  const integerAtLeast = (key: keyof MultiRobotOptions, low: number) => {
    const value = options[key];
    if (!(Number.isInteger(value) && (value as number) >= low)) throw new ConfigError(`${owner}: option '${key}' must be an integer >= ${low}, got ${describeValue(value)}`);
  };
  const positive = (key: keyof MultiRobotOptions) => {
    const value = options[key];
    if (!(typeof value === 'number' && value > 0 && Number.isFinite(value))) throw new ConfigError(`${owner}: option '${key}' must be a positive number, got ${describeValue(value)}`);
  };
  integerAtLeast('robots', 2);
  integerAtLeast('beams', 1);
  integerAtLeast('stackedScans', 1);
  integerAtLeast('trailLength', 2);
  for (const key of ['range', 'radius', 'maxSpeed', 'maxTurnRate', 'dt', 'goalTolerance', 'fovDegrees'] as const) positive(key);
  if (options.fovDegrees > 360) throw new ConfigError(`${owner}: option 'fovDegrees' must be at most 360, got ${options.fovDegrees}`);
  if (!SCENARIOS.includes(options.scenario)) throw new ConfigError(`${owner}: option 'scenario' must be one of ${SCENARIOS.join(', ')}, got ${describeValue(options.scenario)}`);
  return options;
}
