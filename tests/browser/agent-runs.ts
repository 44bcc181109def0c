import { join } from 'node:path';
import { runCli } from '../cli/run-cli.js';

// vitest compiles TypeScript modules itself; the CLI need not register tsx.
process.env['PALESTRA_TSX_LOADED'] = '1';

/** Short real training runs of CartPole, one per agent, evaluated often so evaluation rows share steps with training rows. */
export const AGENT_RUNS: Record<string, string[]> = {
  ppo: ['--agent', 'ppo', '--set', 'nSteps=32', '--set', 'batchSize=64', '--set', 'netArch=[16]', '--steps', '768', '--eval-freq', '256'],
  dqn: ['--agent', 'dqn', '--set', 'learningStarts=50', '--set', 'logInterval=100', '--set', 'netArch=[16]', '--steps', '600', '--eval-freq', '200'],
  a2c: ['--agent', 'a2c', '--set', 'netArch=[16]', '--steps', '600', '--eval-freq', '200'],
  reinforce: ['--agent', 'reinforce', '--set', 'netArch=[16]', '--steps', '600', '--eval-freq', '200'],
};

/**
 * Trains each agent for a few hundred steps with `palestra train` into `<runsDir>/<prefix><agent>`
 * (a few seconds in all) and returns the run ids.
 *
 * @example const ids = await trainAgentRuns(runsDir, ['ppo', 'dqn']);
 */
export async function trainAgentRuns(runsDir: string, agents: readonly string[], prefix = ''): Promise<string[]> {
  const ids: string[] = [];
  for (const agent of agents) {
    const id = `${prefix}${agent}`;
    const result = await runCli(['train', 'CartPole-v1', ...AGENT_RUNS[agent]!, '--backend', 'cpu', '--eval-episodes', '2', '--checkpoint-freq', '0', '--record-every', '0', '--seed', '1', '--quiet', '--out', join(runsDir, id)]);
    if (result.code !== 0) throw new Error(`training ${agent} failed: ${result.stderr}`);
    ids.push(id);
  }
  return ids;
}

/** Each scalar of a metrics.jsonl with the steps of the lines that logged it, read independently of the viewer. */
export function loggedScalars(text: string): Map<string, number[]> {
  const scalars = new Map<string, number[]>();
  for (const line of text.trim().split('\n')) {
    const row = JSON.parse(line) as Record<string, unknown>;
    for (const [key, value] of Object.entries(row)) {
      if (key === 'step' || key === 'time' || typeof value !== 'number') continue;
      scalars.set(key, [...(scalars.get(key) ?? []), row['step'] as number]);
    }
  }
  return scalars;
}
