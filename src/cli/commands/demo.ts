import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selectBackend } from '../../backend/index.js';
import { runTraining, type TrainingPlan } from '../../train/train-run.js';
import { numberOption, parseCommandArgs } from '../args.js';
import type { CliCommand, CliIO } from '../command.js';
import { agentFactory } from './train.js';

const USAGE = `Usage: palestra demo [--steps N] [--out DIR] [--backend B]

Trains PPO on CartPole-v1 with the RL Zoo's tuned settings (8 envs, 32 steps per rollout,
20 epochs, linear learning-rate and clip schedules) and shows the return rising; it stops
early once a 10-episode evaluation averages 475 (CartPole's "solved" line).

  --steps N     training budget (default 60000)
  --out DIR     keep the run here (default: a temporary directory)
  --backend B   auto (default), native, wasm, cpu...`;

/** The RL Zoo's PPO hyperparameters for CartPole-v1 (the package's configs/ppo-CartPole-v1.yaml). */
export const DEMO_HYPERPARAMETERS = {
  nSteps: 32,
  batchSize: 256,
  gaeLambda: 0.8,
  gamma: 0.98,
  nEpochs: 20,
  entCoef: 0,
  learningRate: 'lin_0.001',
  clipRange: 'lin_0.2',
};

/**
 * `palestra demo`: the README's first command, a short PPO training that visibly learns.
 *
 * @example await demoCommand.run([], processIO);
 */
export const demoCommand: CliCommand = {
  name: 'demo',
  summary: 'Train PPO on CartPole for about a minute and watch the return rise',
  usage: USAGE,
  async run(args: string[], io: CliIO): Promise<number> {
    const { values } = parseCommandArgs('demo', args, { steps: { type: 'string' }, out: { type: 'string' }, backend: { type: 'string' } });
    if (values['help']) {
      io.stdout(USAGE + '\n');
      return 0;
    }
    const totalSteps = numberOption('demo', 'steps', values['steps']) ?? 60_000;
    const backend = await selectBackend(typeof values['backend'] === 'string' ? values['backend'] : 'auto');
    const runDir = typeof values['out'] === 'string' ? values['out'] : join(await mkdtemp(join(tmpdir(), 'palestra-demo-')), 'run');
    io.stdout(`backend: ${backend.reason}\nPPO on CartPole-v1: a random policy scores about 22; 500 is the maximum.\n`);
    const plan: TrainingPlan = {
      envId: 'CartPole-v1',
      agent: 'ppo',
      agentConfig: DEMO_HYPERPARAMETERS,
      totalSteps,
      seed: 0,
      numEnvs: 8,
      backend: backend.name,
      runDir,
      evalFreq: 5_000,
      evalEpisodes: 10,
      checkpointFreq: 20_000,
      rewardThreshold: 475,
      command: ['palestra', 'demo', ...args].join(' '),
    };
    const outcome = await runTraining(plan, agentFactory, { write: io.stdout, isTTY: io.isTTY, quiet: false });
    const best = Number.isFinite(outcome.bestMeanReturn) ? outcome.bestMeanReturn.toFixed(1) : '-';
    io.stdout(
      `\n${outcome.steps} steps in ${outcome.seconds.toFixed(1)} s (${Math.round(outcome.steps / outcome.seconds)} steps/s); best evaluation mean return ${best}\n` +
        `run files: ${runDir}\nnext: palestra eval ${runDir} --episodes 100   |   palestra train CartPole-v1 --agent dqn (loads the tuned settings in configs/dqn-CartPole-v1.yaml)\n`,
    );
    outcome.agent.dispose();
    return 0;
  },
};
