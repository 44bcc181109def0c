import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { warnDeprecated } from '../core/deprecation.js';
import { ConfigError, describeValue } from '../core/errors.js';
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
 * Every field is optional; command-line flags override them. The experiments' files
 * (the YAML files under experiments/) use the same format.
 *
 * Files in the older experiments format still load, with a deprecation notice per key:
 * `config:` is `hyperparameters:`, `numEnvs:` is `envs:`, `totalSteps:` is `steps:`, and
 * `explorationFrames: F` is `hyperparameters: { explorationFraction: F / steps }`.
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
  if (typeof parsed === 'object' && !Array.isArray(parsed)) parsed = renameOldKeys(path, parsed as Record<string, unknown>);
  const checked = resolveOptions(`config file ${path}`, FILE_DEFAULTS, parsed as object) as Record<string, unknown>;
  // Only what the file sets: the defaults above exist for type checking, not as values.
  return Object.fromEntries(Object.keys(parsed as object).map((key) => [key, checked[key]])) as TrainConfigFile;
}

/** The older experiments format's keys and the keys that replace them. */
const OLD_KEYS: Record<string, keyof TrainConfigFile> = { config: 'hyperparameters', numEnvs: 'envs', totalSteps: 'steps' };

/** A copy of `file` in the current format; each old key found says once what replaces it. */
function renameOldKeys(path: string, file: Record<string, unknown>): Record<string, unknown> {
  const renamed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(file)) {
    const newKey = Object.hasOwn(OLD_KEYS, key) ? OLD_KEYS[key]! : undefined;
    if (newKey === undefined) {
      if (key !== 'explorationFrames') renamed[key] = value;
      continue;
    }
    if (Object.hasOwn(file, newKey)) throw new ConfigError(`config file ${path}: both '${key}' and '${newKey}' are set; '${key}' is the old name of '${newKey}', keep only '${newKey}'`);
    warnDeprecated(`config-file:${key}`, `config file ${path}: '${key}:' is the old name of '${newKey}:'; rename it (the experiments' files now use the CLI's format)`);
    renamed[newKey] = value;
  }
  if (Object.hasOwn(file, 'explorationFrames')) {
    const frames = file['explorationFrames'];
    const steps = renamed['steps'];
    if (typeof frames !== 'number' || typeof steps !== 'number' || !(frames >= 0) || !(steps > 0)) {
      throw new ConfigError(`config file ${path}: explorationFrames needs a number of frames and steps (or totalSteps) beside it, got explorationFrames ${describeValue(frames)}, steps ${describeValue(steps)}`);
    }
    warnDeprecated('config-file:explorationFrames', `config file ${path}: 'explorationFrames: F' is deprecated; write 'explorationFraction: F / steps' under hyperparameters`);
    const hyperparameters = renamed['hyperparameters'];
    renamed['hyperparameters'] = { ...(typeof hyperparameters === 'object' && hyperparameters !== null ? hyperparameters : {}), explorationFraction: Math.min(1, frames / steps) };
  }
  return renamed;
}
