import { resolve } from 'node:path';
import '../../../envs/index.js';
import type { Env } from '../../core/env.js';
import { PalestraError } from '../../core/errors.js';
import { Discrete } from '../../core/spaces/discrete.js';
import { make } from '../../registry.js';
import { startViewerServer } from '../../server/server.js';
import type { CliCommand, CliIO } from '../command.js';
import { describeListenError, portFlag, untilInterrupted } from '../../server/cli-support.js';
import { parseCommandArgs } from '../args.js';

const USAGE = `Usage: palestra play <env-id> [--port N] [--fps F]

Drive a discrete-action env from the keyboard in the browser; the server steps the env.
Arrow keys and space follow the env's action names, digits pick actions by number, R resets.

  --port N   port to listen on (default: a free port)
  --fps F    env steps per second (default: the env's render fps, at most 60)`;

/**
 * `palestra play <env-id>`: a person plays the env in the browser.
 *
 * @example await playCommand.run(['CartPole-v1'], processIO);
 */
export const playCommand: CliCommand = {
  name: 'play',
  summary: 'Play a discrete env yourself in the browser with the keyboard',
  usage: USAGE,
  run: (args, io) => runPlay(args, io, untilInterrupted()),
};

/** The command with its stopping point given (tests pass a promise they resolve). */
export async function runPlay(args: string[], io: CliIO, stopped: Promise<void>): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(USAGE + '\n');
    return 0;
  }
  let server;
  try {
    const { positionals, values } = parseCommandArgs('play', args, { port: { type: 'string' }, fps: { type: 'string' } });
    const envId = positionals[0];
    if (envId === undefined || positionals.length > 1) throw new PalestraError(`palestra play: expected one env id, e.g. palestra play CartPole-v1; got ${positionals.length === 0 ? 'none' : positionals.join(' ')}`);
    const probe = make(envId) as Env<unknown, number>;
    const space = probe.actionSpace;
    probe.close();
    if (!(space instanceof Discrete)) throw new PalestraError(`palestra play: ${envId} has action space ${String(space)}; play mode drives discrete action spaces only`);
    const port = portFlag('play', values['port'] as string | undefined);
    const fpsFlag = values['fps'] as string | undefined;
    const fps = fpsFlag === undefined ? undefined : Number(fpsFlag);
    if (fps !== undefined && !(Number.isFinite(fps) && fps > 0 && fps <= 240)) throw new PalestraError(`palestra play: --fps must be a number in (0, 240], got ${String(fpsFlag)}`);
    server = await startViewerServer({ runsDir: resolve('runs'), port, playEnvId: envId, playFps: fps }).catch((error: unknown) => {
      throw new PalestraError(`palestra play: ${describeListenError(error, port)}`);
    });
    io.stdout(`Playing ${envId}: open ${server.url}\n(Ctrl-C to stop)\n`);
  } catch (error) {
    io.stderr(`${(error as Error).message}\n`);
    return 2;
  }
  await stopped;
  await server.close();
  return 0;
}
