import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ConfigError } from '../core/errors.js';
import { resolveOptions } from '../core/options.js';

/**
 * A training config file (YAML or JSON), as in the package's configs/:
 *
 * ```yaml
 * env: CartPole-v1
 * agent: ppo
 * steps: 100000
 * envs: 8
 * hyperparameters: { nSteps: 32, batchSize: 256, learningRate: lin_1e-3 }
 * ```
 * Every field is optional; command-line flags override them.
 */
export interface TrainConfigFile {
  env?: string;
  agent?: string;
  steps?: number;
  envs?: number;
  seed?: number;
  evalFreq?: number;
  evalEpisodes?: number;
  checkpointFreq?: number;
  /** Record every this many episodes of env 0 (0: none). */
  recordEvery?: number;
  /** null: never stop early. */
  rewardThreshold?: number | null;
  hyperparameters?: Record<string, unknown>;
  /** Keyword arguments of the env, as `make(env, envKwargs)` takes them (the RL Zoo's env_kwargs). */
  envKwargs?: Record<string, unknown>;
  /** Free text for people reading the file (the source of the values, say). */
  notes?: string;
}

const FILE_DEFAULTS: Required<{ [K in keyof TrainConfigFile]: unknown }> = {
  env: '',
  agent: '',
  steps: 0,
  envs: 0,
  seed: 0,
  evalFreq: 0,
  evalEpisodes: 0,
  checkpointFreq: 0,
  recordEvery: 0,
  rewardThreshold: null,
  hyperparameters: {},
  envKwargs: {},
  notes: '',
};

/**
 * Reads and checks a config file; unknown keys and wrong types are ConfigErrors naming the file.
 *
 * @example const file = await readTrainConfig('configs/ppo-CartPole-v1.yaml');
 */
export async function readTrainConfig(path: string): Promise<TrainConfigFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`config file ${path}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  let parsed: unknown;
  try {
    parsed = extname(path) === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new ConfigError(`config file ${path}: not valid ${extname(path) === '.json' ? 'JSON' : 'YAML'}: ${(error as Error).message}`);
  }
  if (parsed === null || parsed === undefined) return {};
  const checked = resolveOptions(`config file ${path}`, FILE_DEFAULTS, parsed as object) as Record<string, unknown>;
  // Only what the file sets: the defaults above exist for type checking, not as values.
  return Object.fromEntries(Object.keys(parsed as object).map((key) => [key, checked[key]])) as TrainConfigFile;
}
