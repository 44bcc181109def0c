import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { packageRoot } from '../server/package-root.js';
import { readTrainConfig, type TrainConfigFile } from './config-file.js';

/**
 * Tuned hyperparameters per env and agent, as the RL Baselines3 Zoo keeps them: one YAML file
 * per pair in the package's `configs/` directory, named `<agent>-<env id with '/' as '-'>.yaml`
 * (`configs/ppo-CartPole-v1.yaml`, `configs/ppo-MinAtar-Breakout-v0.yaml`). Each is an ordinary
 * `--config` file whose `notes` say where the values come from and what they reach.
 * `palestra train` loads the one for its env and agent unless told `--untuned`.
 */

/** The directory of the tuned configs inside the installed package (or the checkout). */
export function tunedConfigDir(): string {
  return join(packageRoot(), 'configs');
}

/**
 * The file name of the tuned config of an env and agent.
 *
 * @example tunedConfigName('ppo', 'MinAtar/Breakout-v0') // 'ppo-MinAtar-Breakout-v0.yaml'
 */
export function tunedConfigName(agent: string, envId: string): string {
  return `${agent}-${envId.replace(/\//g, '-')}.yaml`;
}

/** A tuned config found for an env and agent: its path (as printed) and contents. */
export interface TunedConfig {
  path: string;
  file: TrainConfigFile;
}

/**
 * The tuned config of an env and agent, or undefined when there is none. The file must name the
 * same env and agent it is filed under; a mismatch is a packaging mistake, so it throws.
 *
 * @example const tuned = await findTunedConfig('ppo', 'CartPole-v1'); // { path: '.../configs/ppo-CartPole-v1.yaml', file }
 */
export async function findTunedConfig(agent: string, envId: string, dir = tunedConfigDir()): Promise<TunedConfig | undefined> {
  const path = join(dir, tunedConfigName(agent, envId));
  if (!existsSync(path)) return undefined;
  const file = await readTrainConfig(path);
  if (file.env !== envId || file.agent !== agent) {
    throw new Error(`tuned config ${path} is filed under ${agent} on ${envId} but says agent ${file.agent} on ${file.env}`);
  }
  return { path: displayPath(path), file };
}

/**
 * The file names of every tuned config, sorted.
 *
 * @example listTunedFiles() // ['a2c-CartPole-v1.yaml', 'dqn-CartPole-v1.yaml', ...]
 */
export function listTunedFiles(dir = tunedConfigDir()): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.yaml'))
    .sort();
}

/** Which agents have tuned settings for an env, e.g. ['dqn', 'ppo']. */
export function tunedAgentsFor(envId: string, agents: readonly string[], dir = tunedConfigDir()): string[] {
  const files = new Set(listTunedFiles(dir));
  return agents.filter((agent) => files.has(tunedConfigName(agent, envId)));
}

/** A path relative to the working directory when it is inside it (a checkout), else absolute. */
function displayPath(path: string): string {
  const fromCwd = relative(process.cwd(), path);
  return fromCwd.startsWith('..') ? path : fromCwd;
}
