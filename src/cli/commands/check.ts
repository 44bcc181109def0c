import { checkEnv } from '../../check.js';
import { make } from '../../registry.js';
import { checkParallelEnv } from '../../multi-agent/check-parallel.js';
import { isParallelEnvId, makeParallel } from '../../multi-agent/parallel-registry.js';
import { parseCommandArgs, UsageError } from '../args.js';
import type { CliCommand, CliIO } from '../command.js';
import { resolveEnvArgument } from '../env-source.js';

const USAGE = `Usage: palestra check <./my-env.ts | env-id> [--steps N]

Checks an env against the Env contract (spaces, reset/step results, observations inside the
space, finite rewards, determinism under a seed, render frames) and explains each problem.
A module's default export must be an Env class, a ParallelEnv class (many agents; checked against\nthe ParallelEnv contract) or a registration ({ id, entryPoint, ... }) of either.`;

/**
 * `palestra check`: runs checkEnv on a user's env module and says what to fix.
 *
 * @example await checkCommand.run(['./my-env.ts'], processIO);
 */
export const checkCommand: CliCommand = {
  name: 'check',
  summary: "Check a custom env module against the Env contract and explain what is wrong",
  usage: USAGE,
  async run(args: string[], io: CliIO): Promise<number> {
    const { values, positionals } = parseCommandArgs('check', args, { steps: { type: 'string' } });
    if (values['help']) {
      io.stdout(USAGE + '\n');
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError(`palestra check: expected one env module or id, got ${positionals.length}`);
    const { envId } = await resolveEnvArgument(positionals[0]!);
    const steps = values['steps'] === undefined ? undefined : Number(values['steps']);
    const options = steps === undefined ? {} : { steps };
    // A module or id may give a single-agent Env or a multi-agent ParallelEnv: each has its own contract.
    const report = isParallelEnvId(envId) ? checkParallelEnv(makeParallel(envId), options) : checkEnv(make(envId), options);
    for (const warning of report.warnings) io.stdout(`warning: ${warning}\n`);
    if (report.passed) {
      io.stdout(`${envId}: passed every check${report.warnings.length > 0 ? ` (${report.warnings.length} warning(s) above)` : ''}. Train it with: palestra train ${positionals[0]} --agent ppo\n`);
      return 0;
    }
    io.stderr(`${envId}: ${report.problems.length} problem(s):\n${report.problems.map((p, i) => `  ${i + 1}. ${p}`).join('\n')}\n`);
    io.stderr(`Fix these, then run 'palestra check ${positionals[0]}' again. The Env contract: see README.md, "Your own environment"${isParallelEnvId(envId) ? '; the ParallelEnv contract: "Many agents in one world"' : ''}.\n`);
    return 1;
  },
};
