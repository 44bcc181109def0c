import { AGENTS, agentEntry } from '../../../agents/index.js';
import { describeValue } from '../../core/errors.js';
import { registry } from '../../registry.js';
import { parseCommandArgs, UsageError } from '../args.js';
import type { CliCommand, CliIO } from '../command.js';
import { findTunedConfig } from '../tuned-configs.js';

const USAGE = `Usage: palestra config <${Object.keys(AGENTS).join('|')}> [--env ID] [--json]

Lists an agent's hyperparameters: each key with its default and the range it must lie in
('palestra train' refuses anything else before training starts). Set them with
'palestra train --set key=value' or in a --config YAML file under 'hyperparameters:'.

  --env ID   also show the tuned settings for this env (the package's configs/), if any
  --json     print JSON`;

/**
 * `palestra config <agent>`: the documentation of every hyperparameter that a package user can
 * read without the sources (key, default, valid range; tuned values for an env).
 *
 * @example await configCommand.run(['ppo', '--env', 'CartPole-v1'], processIO);
 */
export const configCommand: CliCommand = {
  name: 'config',
  summary: "List an agent's hyperparameters with their defaults and valid ranges",
  usage: USAGE,
  async run(args: string[], io: CliIO): Promise<number> {
    const { values, positionals } = parseCommandArgs('config', args, { env: { type: 'string' }, json: { type: 'boolean' } });
    if (values['help']) {
      io.stdout(USAGE + '\n');
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError(`palestra config: expected one agent (${Object.keys(AGENTS).join(', ')}), got ${positionals.length}`);
    const entry = agentEntry(positionals[0]!);
    const envId = values['env'] as string | undefined;
    if (envId !== undefined && !registry.has(envId)) throw new UsageError(`palestra config: --env ${envId} is not a registered env id ('palestra list envs' shows them)`);
    const tuned = envId ? await findTunedConfig(entry.name, envId) : undefined;
    const tunedValues = tuned?.file.hyperparameters ?? {};
    const rows = Object.keys(entry.defaults).map((key) => ({
      key,
      default: entry.defaults[key],
      range: entry.ranges[key]!.text,
      ...(key in tunedValues ? { tuned: tunedValues[key] } : {}),
    }));
    if (values['json']) {
      io.stdout(JSON.stringify({ agent: entry.name, ...(tuned ? { tunedFile: tuned.path, envKwargs: tuned.file.envKwargs } : {}), hyperparameters: rows }, null, 2) + '\n');
      return 0;
    }
    const show = (v: unknown) => (typeof v === 'string' ? v : describeValue(v));
    const keyWidth = Math.max(...rows.map((r) => r.key.length));
    const defaultWidth = Math.max(...rows.map((r) => show(r.default).length), 7);
    io.stdout(`${entry.name}: ${entry.description}\n\n`);
    if (envId) io.stdout(tuned ? `tuned for ${envId}: ${tuned.path}\n${tuned.file.notes ?? ''}\n\n` : `no tuned settings for ${entry.name} on ${envId}: the defaults apply\n\n`);
    io.stdout(`  ${'key'.padEnd(keyWidth)}  ${'default'.padEnd(defaultWidth)}  ${tuned ? 'tuned'.padEnd(12) + '  ' : ''}valid range\n`);
    for (const row of rows) {
      const tunedColumn = tuned ? `${('tuned' in row ? show(row.tuned) : '').padEnd(12)}  ` : '';
      io.stdout(`  ${row.key.padEnd(keyWidth)}  ${show(row.default).padEnd(defaultWidth)}  ${tunedColumn}${row.range}\n`);
    }
    return 0;
  },
};
