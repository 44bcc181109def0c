import { AGENTS } from '../../../agents/index.js';
import { describeBackends } from '../../backend/index.js';
import { registry } from '../../registry.js';
import { parallelRegistry } from '../../multi-agent/parallel-registry.js';
import { parseCommandArgs } from '../args.js';
import { tunedAgentsFor } from '../tuned-configs.js';
import type { CliCommand, CliIO } from '../command.js';

const USAGE = `Usage: palestra list [envs|agents|backends] [--json]

Lists the registered envs, the agents and the compute backends (all three by default).
"tuned: ppo, dqn" marks the envs with tuned settings for those agents (the package's configs/),
which 'palestra train' loads by itself.`;

const SECTIONS = ['envs', 'agents', 'backends'] as const;

/** The rows of each section, as printed. */
export async function listRows(): Promise<Record<(typeof SECTIONS)[number], { name: string; detail: string; tuned?: string[] }[]>> {
  const backends = await describeBackends();
  return {
    envs: [...registry.values()].map((r) => {
      const tuned = tunedAgentsFor(r.id, Object.keys(AGENTS));
      return {
        name: r.id,
        detail: [r.description ?? '', r.maxEpisodeSteps ? `max ${r.maxEpisodeSteps} steps` : '', r.rewardThreshold !== undefined ? `solved at ${r.rewardThreshold}` : '', tuned.length > 0 ? `tuned: ${tuned.join(', ')}` : '']
          .filter(Boolean)
          .join('; '),
        tuned,
      };
    }).concat([...parallelRegistry.values()].map((r) => ({ name: r.id, detail: [r.description ?? 'multi-agent', r.maxEpisodeSteps ? `max ${r.maxEpisodeSteps} steps` : ''].filter(Boolean).join('; '), tuned: [] as string[] }))),
    agents: Object.values(AGENTS).map((a) => ({ name: a.name, detail: a.description })),
    backends: backends.map((b) => ({ name: b.name, detail: `${b.available ? 'available' : 'unavailable'}: ${b.reason}` })),
  };
}

/**
 * `palestra list`: what can be trained, with what, on what.
 *
 * @example await listCommand.run(['envs'], processIO);
 */
export const listCommand: CliCommand = {
  name: 'list',
  summary: 'List the registered envs, the agents and the compute backends',
  usage: USAGE,
  async run(args: string[], io: CliIO): Promise<number> {
    const { values, positionals } = parseCommandArgs('list', args, { json: { type: 'boolean' } });
    if (values['help']) {
      io.stdout(USAGE + '\n');
      return 0;
    }
    const unknown = positionals.filter((p) => !(SECTIONS as readonly string[]).includes(p));
    if (unknown.length > 0) {
      io.stderr(`palestra list: unknown section ${unknown.map((u) => `'${u}'`).join(', ')}; expected ${SECTIONS.join(', ')}\n`);
      return 2;
    }
    const wanted = positionals.length > 0 ? positionals : [...SECTIONS];
    const rows = await listRows();
    if (values['json']) {
      io.stdout(JSON.stringify(Object.fromEntries(wanted.map((s) => [s, rows[s as keyof typeof rows]])), null, 2) + '\n');
      return 0;
    }
    for (const section of wanted) {
      const items = rows[section as keyof typeof rows];
      const width = Math.max(...items.map((i) => i.name.length), 4);
      io.stdout(`${section}:\n${items.map((i) => `  ${i.name.padEnd(width)}  ${i.detail}`).join('\n')}\n\n`);
    }
    return 0;
  },
};
