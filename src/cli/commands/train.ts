import { createAgent, agentEntry, AGENTS } from '../../../agents/index.js';
import { selectBackend } from '../../backend/index.js';
import { ConfigError } from '../../core/errors.js';
import type { Callback } from '../../train/callback.js';
import { RunDirectory } from '../../train/run-directory.js';
import { checkPlan, defaultRewardThreshold, defaultRunDir, planFromRunConfig, runTraining, type AgentFactory, type TrainingPlan } from '../../train/train-run.js';
import { numberOption, parseCommandArgs, parseSetting, UsageError } from '../args.js';
import type { CliCommand, CliIO } from '../command.js';
import { readTrainConfig, type TrainConfigFile } from '../config-file.js';
import { parseEnvKwargs } from '../env-kwargs.js';
import { loadEnvModule, resolveEnvArgument } from '../env-source.js';
import type { LiveView } from '../../server/live-view.js';
import { trainingWorkload } from '../training-workload.js';
import { findTunedConfig, type TunedConfig } from '../tuned-configs.js';

const USAGE = `Usage: palestra train <env-id | ./my-env.ts> --agent <${Object.keys(AGENTS).join('|')}> [options]
       palestra train --resume <run-dir>

Trains an agent and records the run in a directory (config.json, metrics.jsonl, checkpoints/, best/).

  --agent NAME           algorithm: ${Object.keys(AGENTS).join(', ')}
  --config FILE          YAML or JSON config (the package's configs/ has examples); flags override it
  --untuned              use the agent's defaults, not the tuned settings for this env (if any)
  --set KEY=VALUE        set one hyperparameter (repeatable), e.g. --set learningRate=3e-4
  --env-kwarg KEY=VALUE  set one env keyword argument (repeatable; numbers, true/false, else text),
                         e.g. --env-kwarg robots=50 --env-kwarg scenario=random
  --steps N              env steps to train for (default 100000)
  --seed S               seed of networks, sampling and envs (default 0)
  --envs N               copies of the env stepped together (default 1 for dqn/reinforce, 8 otherwise)
  --backend B            auto (default), tensorflow-gpu, webgpu, tensorflow, native, wasm, cpu
                         (auto decides on this run's networks, minibatch and agent, and says so)
  --out DIR              run directory (default runs/<env>-<agent>-seed<S>-<time>)
  --resume DIR           continue a run that was stopped, from its newest checkpoint
  --eval-freq N          evaluate every N steps (default steps/10; 0: never)
  --eval-episodes N      episodes per evaluation (default 10; a multi-agent env: world episodes,
                         logged with how agents ended, e.g. the share that arrived)
  --reward-threshold R   stop when the evaluation mean reaches R (default: the env's; 'none': never)
  --checkpoint-freq N    save a checkpoint every N steps (default steps/10)
  --record-every N       record every N-th episode of env 0 for 'palestra view' (default 20, 0: none)
  --check-observations   stop at the first observation outside the env's observation space
                         (non-finite rewards and observations always stop training)
  --view                 watch training live in the browser viewer
  --port N               port of the viewer (with --view)
  --quiet                print nothing but errors`;

const OPTIONS = {
  agent: { type: 'string' },
  config: { type: 'string' },
  untuned: { type: 'boolean' },
  set: { type: 'string', multiple: true },
  'env-kwarg': { type: 'string', multiple: true },
  steps: { type: 'string' },
  seed: { type: 'string' },
  envs: { type: 'string' },
  backend: { type: 'string' },
  out: { type: 'string' },
  resume: { type: 'string' },
  'eval-freq': { type: 'string' },
  'eval-episodes': { type: 'string' },
  'reward-threshold': { type: 'string' },
  'checkpoint-freq': { type: 'string' },
  'record-every': { type: 'string' },
  'check-observations': { type: 'boolean' },
  view: { type: 'boolean' },
  port: { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
} as const;

/** Builds agents from the registry (the trainer itself does not import agents/). */
export const agentFactory: AgentFactory = { create: (name, spaces, config) => createAgent(name, spaces, config) };

/**
 * `palestra train`: every check on the arguments, config and env happens before training starts.
 *
 * @example await trainCommand.run(['CartPole-v1', '--agent', 'ppo', '--steps', '20000'], processIO);
 */
export const trainCommand: CliCommand = {
  name: 'train',
  summary: 'Train an agent on an env; the run goes to a directory you can eval, resume and view',
  usage: USAGE,
  async run(args: string[], io: CliIO): Promise<number> {
    const { values, positionals } = parseCommandArgs('train', args, OPTIONS);
    if (values['help']) {
      io.stdout(USAGE + '\n');
      return 0;
    }
    const quiet = values['quiet'] === true;
    const { plan, tuned } = values['resume'] ? { plan: await resumePlan(values, positionals), tuned: undefined } : await freshPlan(values, positionals, args);
    checkPlan(plan);
    // Check the hyperparameters before anything is written: a bad one fails here.
    const resolved = agentEntry(plan.agent).resolveConfig({ ...plan.agentConfig, seed: plan.seed });
    if (!quiet && tuned) io.stdout(`tuned settings: ${tuned.path}${tuned.file.notes ? ` (${tuned.file.notes.trim()})` : ''}; --untuned for the agent's defaults\n`);
    if (!quiet) {
      const note = roundingNote(plan.agent, resolved['nSteps'], plan.numEnvs, plan.totalSteps);
      if (note) io.stdout(note + '\n');
    }
    // auto decides on what this run will compute: CNN or MLP, image size, minibatch, agent.
    const backend = await selectBackend(typeof values['backend'] === 'string' ? values['backend'] : 'auto', trainingWorkload(plan, resolved));
    plan.backend = backend.name;
    if (!quiet) io.stdout(`backend: ${backend.reason}\n${values['resume'] ? 'resuming' : 'training'} ${plan.agent} on ${plan.envId} for ${plan.totalSteps} steps with ${plan.numEnvs} env(s), seed ${plan.seed}; run directory ${plan.runDir}\n`);

    const extraCallbacks: Callback[] = [];
    let view: LiveView | undefined;
    if (values['view']) {
      // Loaded only with --view: training without it never loads the server.
      const { startLiveView } = await import('../../server/live-view.js');
      view = await startLiveView({ runDir: plan.runDir, envId: plan.envId, port: numberOption('train', 'port', values['port']) });
      extraCallbacks.push(view.callback);
      io.stdout(`viewer: ${view.url}\n`);
    }
    try {
      const outcome = await runTraining(plan, agentFactory, { write: io.stdout, warn: io.stderr, isTTY: io.isTTY, quiet }, { resume: Boolean(values['resume']), extraCallbacks });
      if (!quiet) {
        const evaluation = outcome.lastEvaluation ? `; last evaluation ${outcome.lastEvaluation.meanReturn.toFixed(1)} +/- ${outcome.lastEvaluation.stdReturn.toFixed(1)}` : '';
        io.stdout(`done: ${outcome.steps} steps in ${outcome.seconds.toFixed(1)} s${evaluation}\nrun saved in ${outcome.runDir}; evaluate it with: palestra eval ${outcome.runDir}\n`);
      }
      outcome.agent.dispose();
      // The page keeps the finished run (its last evaluation included) until the user is done.
      await view?.serveUntilInterrupted(io);
    } finally {
      await view?.close();
    }
    return 0;
  },
};

/**
 * Rollout agents (A2C, PPO) train in whole rollouts of nSteps x envs steps, as Stable-Baselines3
 * does: a budget that is not a multiple is rounded up. Said before training, not discovered after.
 */
export function roundingNote(agent: string, nSteps: unknown, numEnvs: number, totalSteps: number): string | undefined {
  if (typeof nSteps !== 'number' || nSteps * numEnvs <= 1) return undefined;
  const rollout = nSteps * numEnvs;
  const count = (n: number) => n.toLocaleString('en-US');
  return `note: ${agent} updates after whole rollouts of nSteps x envs = ${count(nSteps)} x ${numEnvs} = ${count(rollout)} env steps; it trains until a rollout ends at or past ${count(totalSteps)} steps, so up to one rollout more`;
}

type Values = Record<string, string | boolean | string[] | undefined>;

/**
 * A new run's plan. Settings stack as in the RL Zoo: the agent's defaults, then the tuned config
 * for this env and agent (unless --untuned), then --config, then the flags and --set.
 */
async function freshPlan(values: Values, positionals: string[], args: string[]): Promise<{ plan: TrainingPlan; tuned: TunedConfig | undefined }> {
  const file: TrainConfigFile = typeof values['config'] === 'string' ? await readTrainConfig(values['config']) : {};
  if (positionals.length > 1) throw new UsageError(`palestra train: expected one env, got ${positionals.length}: ${positionals.join(' ')}`);
  const envArgument = positionals[0] ?? file.env;
  if (!envArgument) throw new UsageError('palestra train: which env? Give an env id (e.g. CartPole-v1) or a module path (./my-env.ts)');
  const agentName = (values['agent'] as string | undefined) ?? file.agent;
  if (!agentName) throw new UsageError(`palestra train: which agent? Add --agent with one of ${Object.keys(AGENTS).join(', ')}`);
  const entry = agentEntry(agentName);
  const { envId, envModule } = await resolveEnvArgument(envArgument);
  const tuned = values['untuned'] ? undefined : await findTunedConfig(entry.name, envId);
  const base: TrainConfigFile = tuned?.file ?? {};

  const hyperparameters: Record<string, unknown> = { ...(base.hyperparameters ?? {}), ...(file.hyperparameters ?? {}) };
  for (const setting of (values['set'] as string[] | undefined) ?? []) {
    const [key, value] = parseSetting(setting);
    hyperparameters[key] = value;
  }
  if ('seed' in hyperparameters) throw new ConfigError(`${entry.name}: set the seed with --seed (or 'seed:' at the top of the config file), not as a hyperparameter`);

  const totalSteps = numberOption('train', 'steps', values['steps']) ?? file.steps ?? base.steps ?? 100_000;
  const seed = numberOption('train', 'seed', values['seed']) ?? file.seed ?? 0;
  const numEnvs = numberOption('train', 'envs', values['envs']) ?? file.envs ?? base.envs ?? (entry.name === 'dqn' || entry.name === 'reinforce' ? 1 : 8);
  const tenth = Math.max(1000, Math.round(totalSteps / 10));
  const threshold = values['reward-threshold'];
  const rewardThreshold =
    threshold === 'none' ? null : threshold !== undefined ? numberOption('train', 'reward-threshold', threshold, false)! : file.rewardThreshold !== undefined ? file.rewardThreshold : defaultRewardThreshold(envId);
  const envKwargs = { ...(base.envKwargs ?? {}), ...(file.envKwargs ?? {}), ...parseEnvKwargs('train', (values['env-kwarg'] as string[] | undefined) ?? []) };
  const plan: TrainingPlan = {
    envId,
    envModule,
    ...(Object.keys(envKwargs).length > 0 ? { envKwargs } : {}),
    agent: entry.name,
    agentConfig: hyperparameters,
    totalSteps,
    seed,
    numEnvs,
    backend: 'auto',
    runDir: (values['out'] as string | undefined) ?? defaultRunDir('runs', envId, entry.name, seed),
    evalFreq: numberOption('train', 'eval-freq', values['eval-freq']) ?? file.evalFreq ?? tenth,
    evalEpisodes: numberOption('train', 'eval-episodes', values['eval-episodes']) ?? file.evalEpisodes ?? 10,
    checkpointFreq: numberOption('train', 'checkpoint-freq', values['checkpoint-freq']) ?? file.checkpointFreq ?? tenth,
    recordEvery: numberOption('train', 'record-every', values['record-every']) ?? file.recordEvery,
    rewardThreshold,
    command: ['palestra', 'train', ...args].join(' '),
    checkObservations: values['check-observations'] === true,
  };
  return { plan, tuned };
}

async function resumePlan(values: Values, positionals: string[]): Promise<TrainingPlan> {
  const ignored = ['agent', 'config', 'untuned', 'set', 'env-kwarg', 'steps', 'seed', 'envs', 'out'].filter((k) => values[k] !== undefined);
  if (positionals.length > 0 || ignored.length > 0) {
    throw new UsageError(`palestra train --resume continues a run with its own config.json; drop ${[...positionals, ...ignored.map((k) => `--${k}`)].join(', ')}`);
  }
  const runDir = values['resume'] as string;
  const { config } = await RunDirectory.open(runDir);
  if (config.envModule) await loadEnvModule(config.envModule);
  return planFromRunConfig(config, runDir, 'auto');
}

