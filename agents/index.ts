/**
 * The agent registry: every algorithm by name, for the trainer and the CLI, plus `loadAgent`
 * which rebuilds a saved agent from its directory alone.
 */
import { ConfigError } from '../src/core/errors.js';
import { spaceFromJSON } from '../src/core/spaces/index.js';
import { didYouMean } from '../src/core/suggest.js';
import type { Agent, AgentSpaces } from '../src/train/agent.js';
import { A2cAgent } from './a2c/a2c.js';
import { A2C_DEFAULTS, A2C_RANGES, resolveA2cConfig } from './a2c/config.js';
import { readAgentFile } from './common/agent-file.js';
import type { Range } from './common/ranges.js';
import { DQN_DEFAULTS, DQN_RANGES, resolveDqnConfig } from './dqn/config.js';
import { DqnAgent } from './dqn/dqn.js';
import { PPO_DEFAULTS, PPO_RANGES, resolvePpoConfig } from './ppo/config.js';
import { PpoAgent } from './ppo/ppo.js';
import { REINFORCE_DEFAULTS, REINFORCE_RANGES, resolveReinforceConfig } from './reinforce/config.js';
import { ReinforceAgent } from './reinforce/reinforce.js';

export interface AgentEntry {
  name: string;
  description: string;
  /** Every config key with its default value. */
  defaults: Readonly<Record<string, unknown>>;
  /** The valid range of every config key (checked by resolveConfig, listed by `palestra config`). */
  ranges: Readonly<Record<string, Range>>;
  /** Whether it also handles Box (continuous) actions. */
  continuousActions: boolean;
  /** Checks partial settings (unknown keys, types, ranges, schedules) and fills in the defaults. */
  resolveConfig(given?: object): Record<string, unknown>;
  create(spaces: AgentSpaces, config?: Record<string, unknown>): Agent;
}

export const AGENTS: Readonly<Record<string, AgentEntry>> = {
  dqn: {
    name: 'dqn',
    description: 'Deep Q-Network: replay, target net, double/dueling/n-step/prioritized options (Discrete actions)',
    defaults: DQN_DEFAULTS as unknown as Record<string, unknown>,
    ranges: DQN_RANGES as unknown as Record<string, Range>,
    resolveConfig: (given) => resolveDqnConfig(given) as unknown as Record<string, unknown>,
    continuousActions: false,
    create: (spaces, config) => new DqnAgent(spaces, config),
  },
  reinforce: {
    name: 'reinforce',
    description: 'REINFORCE with a learned baseline: Monte Carlo policy gradient over whole episodes',
    defaults: REINFORCE_DEFAULTS as unknown as Record<string, unknown>,
    ranges: REINFORCE_RANGES as unknown as Record<string, Range>,
    resolveConfig: (given) => resolveReinforceConfig(given) as unknown as Record<string, unknown>,
    continuousActions: true,
    create: (spaces, config) => new ReinforceAgent(spaces, config),
  },
  a2c: {
    name: 'a2c',
    description: 'Advantage Actor-Critic: synchronous, short rollouts, one step each (RMSprop)',
    defaults: A2C_DEFAULTS as unknown as Record<string, unknown>,
    ranges: A2C_RANGES as unknown as Record<string, Range>,
    resolveConfig: (given) => resolveA2cConfig(given) as unknown as Record<string, unknown>,
    continuousActions: true,
    create: (spaces, config) => new A2cAgent(spaces, config),
  },
  ppo: {
    name: 'ppo',
    description: 'Proximal Policy Optimization: clipped surrogate, GAE, minibatch epochs',
    defaults: PPO_DEFAULTS as unknown as Record<string, unknown>,
    ranges: PPO_RANGES as unknown as Record<string, Range>,
    resolveConfig: (given) => resolvePpoConfig(given) as unknown as Record<string, unknown>,
    continuousActions: true,
    create: (spaces, config) => new PpoAgent(spaces, config),
  },
};

/**
 * The registry entry for an agent name; a ConfigError with near names otherwise.
 *
 * @example const agent = agentEntry('ppo').create(env, { seed: 1 });
 */
export function agentEntry(name: string): AgentEntry {
  const entry = Object.prototype.hasOwnProperty.call(AGENTS, name) ? AGENTS[name] : undefined;
  if (entry) return entry;
  throw new ConfigError(`Unknown agent '${name}'.${didYouMean(name, Object.keys(AGENTS))} Known agents: ${Object.keys(AGENTS).join(', ')}`);
}

/**
 * Builds an agent by name for an env's spaces.
 *
 * @example const agent = createAgent('dqn', make('CartPole-v1'), { learningRate: 1e-3 });
 */
export function createAgent(name: string, spaces: AgentSpaces, config?: Record<string, unknown>): Agent {
  return agentEntry(name).create({ observationSpace: spaces.observationSpace, actionSpace: spaces.actionSpace }, config);
}

/**
 * Rebuilds the agent saved in `dir` (its algorithm, config, spaces and weights).
 *
 * @example const agent = await loadAgent('runs/ppo-CartPole-v1/best');
 */
export async function loadAgent(dir: string): Promise<Agent> {
  const file = await readAgentFile(dir);
  const spaces = { observationSpace: spaceFromJSON(file.observationSpace), actionSpace: spaceFromJSON(file.actionSpace) };
  const agent = createAgent(file.agent, spaces, file.config);
  try {
    await agent.load(dir);
  } catch (error) {
    agent.dispose();
    throw error;
  }
  return agent;
}

export type { Agent, AgentSpaces, ActOptions, LearnOptions } from '../src/train/agent.js';
export { CheckpointError } from './common/agent-file.js';
export { DqnAgent, PpoAgent, A2cAgent, ReinforceAgent };
