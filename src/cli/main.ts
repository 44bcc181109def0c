import * as tf from '@tensorflow/tfjs';
import { PalestraError } from '../core/errors.js';
import { didYouMean } from '../core/suggest.js';
import { palestraVersion } from '../train/package-info.js';
import { UsageError } from './args.js';
import { processIO, type CliIO } from './command.js';
import { commands } from './commands/index.js';
import '../../envs/index.js';

/** The top-level help: every command with its one-line summary. */
export function helpText(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'palestra: reinforcement learning environments, agents and a browser viewer',
    '',
    'Usage: palestra <command> [arguments]   (palestra <command> --help for its options)',
    '',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Start with: palestra demo',
  ].join('\n');
}

/**
 * Runs `palestra <args>`; resolves to the exit code. Errors Palestra raises on purpose print as
 * one clear line (usage mistakes with the command's usage); anything else is a bug and prints
 * its stack.
 *
 * @example process.exitCode = await main(process.argv.slice(2));
 */
export async function main(args: string[], io: CliIO = processIO): Promise<number> {
  // PROD silences tfjs's console advice to install tfjs-node; `palestra backends` says it better.
  tf.env().set('PROD', true);
  const [name, ...rest] = args;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(helpText() + '\n');
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(palestraVersion() + '\n');
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr(`palestra: unknown command '${name}'.${didYouMean(name, commands.map((c) => c.name))}\n\n${helpText()}\n`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`${error.message}\n\n${command.usage}\n`);
      return 2;
    }
    if (error instanceof PalestraError) {
      io.stderr(`palestra ${name}: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
