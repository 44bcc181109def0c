import { describeBackends, type BackendAvailability } from '../../backend/index.js';
import type { CliCommand, CliIO } from '../command.js';

const USAGE = `Usage: palestra backends [--json]

List the TensorFlow.js backends, whether each can run here, and why not; for webgpu, the
adapter (vendor, device, driver). \`--backend auto\` (the default of train and eval) takes the
first available one in this order, except webgpu, which it takes only on a hardware GPU and only
for CNNs on images of 84x84 or more at batch 32 or more.

  --json   print the list as JSON`;

/** The table `palestra backends` prints: one line per backend, the one `auto` picks marked. */
export function formatBackendTable(backends: readonly BackendAvailability[]): string {
  const autoPick = backends.find((b) => b.available && b.name !== 'webgpu')?.name;
  const gpuForCnns = backends.some((b) => b.name === 'webgpu' && b.available && b.adapter && !b.adapter.software);
  const width = Math.max(...backends.map((b) => b.name.length));
  const lines = backends.map((b) => {
    const mark = b.name === autoPick ? '*' : b.name === 'webgpu' && gpuForCnns ? '+' : ' ';
    const state = b.available ? 'available  ' : 'unavailable';
    return `${mark} ${b.name.padEnd(width)}  ${state}  ${b.reason}`;
  });
  const legend = gpuForCnns ? '* = what --backend auto uses for fully connected networks; + = for CNNs on 84x84+ images at batch 32+' : '* = what --backend auto uses';
  return `${lines.join('\n')}\n\n${legend}\n`;
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
    const backends = await describeBackends();
    io.stdout(args.includes('--json') ? JSON.stringify(backends, null, 2) + '\n' : formatBackendTable(backends));
    return 0;
  },
};
