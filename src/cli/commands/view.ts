import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { PalestraError } from '../../core/errors.js';
import { startViewerServer } from '../../server/server.js';
import type { CliCommand, CliIO } from '../command.js';
import { describeListenError, portFlag, untilInterrupted } from '../../server/cli-support.js';
import { parseCommandArgs } from '../args.js';

const USAGE = `Usage: palestra view [runs-dir] [--port N] [--host H]

Serves the browser viewer for the runs in runs-dir (default ./runs): replay recorded episodes,
compare training curves. Prints the URL to open; Ctrl-C stops it.

  --port N   port to listen on (default: a free port)
  --host H   address to listen on (default 127.0.0.1; other addresses expose your runs to the network)`;

/**
 * `palestra view`: the viewer server over a runs directory.
 *
 * @example await viewCommand.run(['runs', '--port', '8765'], processIO);
 */
export const viewCommand: CliCommand = {
  name: 'view',
  summary: 'Open the browser viewer on a runs directory (replays and training curves)',
  usage: USAGE,
  run: (args, io) => runView(args, io, untilInterrupted()),
};

/** The command with its stopping point given (tests pass a promise they resolve). */
export async function runView(args: string[], io: CliIO, stopped: Promise<void>): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(USAGE + '\n');
    return 0;
  }
  let server;
  let port = 0;
  try {
    const { positionals, values } = parseCommandArgs('view', args, { port: { type: 'string' }, host: { type: 'string' } });
    if (positionals.length > 1) throw new PalestraError(`palestra view: expected one runs directory, got ${positionals.length}: ${positionals.join(' ')}`);
    const runsDir = resolve(positionals[0] ?? 'runs');
    if (!existsSync(runsDir) || !statSync(runsDir).isDirectory()) {
      throw new PalestraError(`palestra view: no directory ${runsDir}; train a run first (palestra train CartPole-v1) or name the runs directory`);
    }
    port = portFlag('view', values['port'] as string | undefined);
    const host = values['host'] as string | undefined;
    server = await startViewerServer({ runsDir, port, host }).catch((error: unknown) => {
      throw new PalestraError(`palestra view: ${describeListenError(error, port)}`);
    });
    io.stdout(`Palestra viewer for ${runsDir}\n  ${server.url}\n(Ctrl-C to stop)\n`);
  } catch (error) {
    io.stderr(`${(error as Error).message}\n`);
    return 2;
  }
  await stopped;
  await server.close();
  return 0;
}
