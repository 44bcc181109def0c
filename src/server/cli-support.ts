import { ConfigError, describeValue } from '../core/errors.js';

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
