/**
 * One `palestra <name>` subcommand. Each lives in its own file under `src/cli/commands/` and is
 * listed in `src/cli/commands/index.ts`; `src/cli/main.ts` dispatches to it.
 */
export interface CliCommand {
  name: string;
  /** One line for `palestra --help`. */
  summary: string;
  /** Full usage text for `palestra <name> --help`. */
  usage: string;
  /** Runs the command with the arguments after its name; resolves to the process exit code. */
  run(args: string[], io: CliIO): Promise<number>;
}

/** Where a command writes, so tests can capture it. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stdout is an interactive terminal (progress bars) or a pipe/file (plain lines). */
  isTTY: boolean;
}

export const processIO: CliIO = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  isTTY: Boolean(process.stdout.isTTY),
};
