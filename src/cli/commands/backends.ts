import { describeBackends, type BackendAvailability } from '../../backend/index.js';
import type { CliCommand, CliIO } from '../command.js';

const USAGE = `Usage: palestra backends [--json]

List the TensorFlow.js backends, whether each can run here, and why not.
\`--backend auto\` (the default of train and eval) takes the first available one in this order.

  --json   print the list as JSON`;

/** The table `palestra backends` prints: one line per backend, the one `auto` picks marked. */
export function formatBackendTable(backends: readonly BackendAvailability[]): string {
  const autoPick = backends.find((b) => b.available)?.name;
  const width = Math.max(...backends.map((b) => b.name.length));
  const lines = backends.map((b) => {
    const mark = b.name === autoPick ? '*' : ' ';
    const state = b.available ? 'available  ' : 'unavailable';
    return `${mark} ${b.name.padEnd(width)}  ${state}  ${b.reason}`;
  });
  return `${lines.join('\n')}\n\n* = what --backend auto uses\n`;
}

/**
 * `palestra backends`: which compute backends this machine has.
 *
 * @example await backendsCommand.run([], processIO);
 */
export const backendsCommand: CliCommand = {
  name: 'backends',
  summary: 'List the TensorFlow.js backends available here and why others are not',
  usage: USAGE,
  async run(args: string[], io: CliIO): Promise<number> {
    if (args.includes('--help') || args.includes('-h')) {
      io.stdout(USAGE + '\n');
      return 0;
    }
    const unknown = args.filter((a) => a !== '--json');
    if (unknown.length > 0) {
      io.stderr(`palestra backends: unknown argument ${unknown.map((a) => JSON.stringify(a)).join(', ')}\n${USAGE}\n`);
      return 2;
    }
    const backends = describeBackends();
    io.stdout(args.includes('--json') ? JSON.stringify(backends, null, 2) + '\n' : formatBackendTable(backends));
    return 0;
  },
};
