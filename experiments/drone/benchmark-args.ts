/**
 * Command-line options shared by the drone learning benchmarks, parsed with the CLI's parser so
 * that a typo gets the same "unknown option, did you mean" error as `palestra train`.
 */
import { parseScriptArgs, UsageError } from '../../src/cli/args.js';
import { ACTION_MODES } from '../../envs/drone/actions.js';

export interface BenchmarkArgs {
  seeds: number[];
  /** Env steps budget per seed. */
  steps: number;
  actionMode: string;
  envs: number;
  evalEvery: number;
  evalEpisodes: number;
  backend: string;
  /** Where the result files go. */
  out: string;
}

/**
 * Reads `--seeds 0,1,2 --steps N --action-mode M --envs N --eval-every N --eval-episodes N --backend B --out DIR`
 * over the script's defaults.
 *
 * @example parseBenchmarkArgs('train-hover', process.argv.slice(2), HOVER_DEFAULTS)
 */
export function parseBenchmarkArgs(script: string, argv: string[], defaults: BenchmarkArgs): BenchmarkArgs {
  const args = parseScriptArgs(script, {
    seeds: { type: 'string' },
    steps: { type: 'string' },
    'action-mode': { type: 'string' },
    envs: { type: 'string' },
    'eval-every': { type: 'string' },
    'eval-episodes': { type: 'string' },
    backend: { type: 'string' },
    out: { type: 'string' },
  }, argv);
  const { values, positionals } = args;
  if (positionals.length > 0) throw new UsageError(`${script}: takes only --options, got ${JSON.stringify(positionals.join(' '))}`);
  const positive = (name: string, fallback: number) => {
    const value = args.number(name, fallback);
    if (value < 1) throw new UsageError(`${script}: --${name} expects a positive integer, got ${value}`);
    return value;
  };
  const actionMode = values['action-mode'] ?? defaults.actionMode;
  if (!(ACTION_MODES as readonly string[]).includes(actionMode)) {
    throw new UsageError(`${script}: --action-mode expects one of ${ACTION_MODES.join(', ')}, got ${JSON.stringify(actionMode)}`);
  }
  return {
    seeds: values.seeds === undefined ? defaults.seeds : parseSeeds(script, values.seeds),
    steps: positive('steps', defaults.steps),
    actionMode,
    envs: positive('envs', defaults.envs),
    evalEvery: positive('eval-every', defaults.evalEvery),
    evalEpisodes: positive('eval-episodes', defaults.evalEpisodes),
    backend: values.backend ?? defaults.backend,
    out: values.out ?? defaults.out,
  };
}

/** '0,1,2' -> [0, 1, 2]; a UsageError for anything but comma-separated integers. */
export function parseSeeds(script: string, text: string): number[] {
  const seeds = text.split(',').map((s) => s.trim());
  if (seeds.some((s) => !/^-?\d+$/.test(s))) throw new UsageError(`${script}: --seeds expects comma-separated integers like 0,1,2, got ${JSON.stringify(text)}`);
  return seeds.map(Number);
}
