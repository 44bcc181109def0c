import { ConfigError, describeValue } from '../core/errors.js';
import { nearNames } from '../core/suggest.js';

/** Flags and positionals of the viewer commands (`view`, `play`). */
export interface ParsedServerArgs {
  positionals: string[];
  flags: Map<string, string | true>;
}

/**
 * Splits `args` into positionals and `--flag value` / `--flag=value` / `--switch` pairs,
 * refusing flags not in `valueFlags` or `switches` with a did-you-mean hint.
 *
 * @example parseServerArgs('view', ['runs', '--port', '8080'], ['port', 'host'], []) // positionals ['runs'], port '8080'
 */
export function parseServerArgs(command: string, args: readonly string[], valueFlags: readonly string[], switches: readonly string[]): ParsedServerArgs {
  const positionals: string[] = [];
  const flags = new Map<string, string | true>();
  const known = [...valueFlags, ...switches];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const [name, inlineValue] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    if (switches.includes(name)) {
      flags.set(name, true);
    } else if (valueFlags.includes(name)) {
      const value = inlineValue ?? args[++i];
      if (value === undefined || value.startsWith('--')) throw new ConfigError(`palestra ${command}: --${name} needs a value`);
      flags.set(name, value);
    } else {
      const near = nearNames(name, known, 1)[0];
      const hint = near === undefined ? '' : ` Did you mean --${near}?`;
      throw new ConfigError(`palestra ${command}: unknown option --${name}.${hint} Options: ${known.map((flag) => `--${flag}`).join(', ')}`);
    }
  }
  return { positionals, flags };
}

/** A `--port` value: an integer 0..65535 (0 or none: a free port). */
export function portFlag(command: string, value: string | true | undefined): number {
  if (value === undefined) return 0;
  const port = Number(value);
  if (value === true || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`palestra ${command}: --port must be an integer from 0 to 65535, got ${describeValue(value)}`);
  }
  return port;
}

/** Resolves when the user presses Ctrl-C (or the process is asked to stop). */
export function untilInterrupted(): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** Turns a listen error into a message that says what to do. */
export function describeListenError(error: unknown, port: number): string {
  const code = (error as { code?: string }).code;
  if (code === 'EADDRINUSE') return `port ${port} is already in use; choose another with --port, or leave --port out for a free one`;
  if (code === 'EACCES') return `not allowed to listen on port ${port}; use a port above 1023`;
  return (error as Error).message;
}
