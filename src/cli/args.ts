import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError } from '../core/errors.js';
import { didYouMean } from '../core/suggest.js';

/** A usage mistake on the command line: main prints it with the command's usage, exit code 2. */
export class UsageError extends ConfigError {}

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** What a parse returns: the option values by name (`help` included) and the positionals. */
export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

/**
 * Parses a command's arguments with node's util.parseArgs, turning its errors into UsageErrors
 * that name the command and suggest the nearest option.
 *
 * @example const { values, positionals } = parseCommandArgs('train', args, { steps: { type: 'string' } });
 */
export function parseCommandArgs(command: string, args: string[], options: OptionSpec): ParsedArgs {
  return parseFor(`palestra ${command}`, args, options);
}

/**
 * The same parser for a script under experiments/ or scripts/, with its errors named after the
 * script; `number` and `text` read an option over a default. `--help` (or -h) prints the
 * script's options and exits.
 *
 * @example
 * const args = parseScriptArgs('experiments/drone/bench.ts', { seconds: { type: 'string' } });
 * const seconds = args.number('seconds', 2, { integer: false });
 */
export function parseScriptArgs<const O extends OptionSpec>(script: string, options: O, argv: string[] = process.argv.slice(2)): ScriptArgs<O> {
  const { values, positionals } = parseFor(script, argv, options);
  if (values['help'] === true) {
    process.stdout.write(`${script} options: ${Object.keys(options).map((name) => `--${name}`).join(' ')}\n`);
    process.exit(0);
  }
  return {
    values: values as ScriptArgs<O>['values'],
    positionals,
    number(name, fallback, { integer = true } = {}) {
      const value = values[name];
      if (value === undefined) return fallback;
      const parsed = Number(value);
      if (typeof value !== 'string' || value.trim() === '' || !Number.isFinite(parsed) || (integer && !Number.isInteger(parsed))) {
        throw new UsageError(`${script}: --${name} expects ${integer ? 'an integer' : 'a number'}, got ${JSON.stringify(value)}`);
      }
      return parsed;
    },
    text(name, fallback) {
      const value = values[name];
      return typeof value === 'string' ? value : fallback;
    },
  };
}

/** node's typed result for `options` (`values.out` is a string when `out` has a string default). */
type TypedParse<O extends OptionSpec> = ReturnType<typeof parseArgs<{ options: O; allowPositionals: true; strict: true }>>;

/** A script's parsed arguments, typed as node's parseArgs types them, with readers that check numbers. */
export interface ScriptArgs<O extends OptionSpec = OptionSpec> {
  values: TypedParse<O>['values'];
  positionals: string[];
  /** The option as a number (an integer unless `integer: false`), or `fallback` when absent; a UsageError naming the option otherwise. */
  number<T extends number | undefined>(name: string, fallback: T, options?: { integer?: boolean }): number | T;
  /** The option's text, or `fallback` when absent. */
  text<T extends string | undefined>(name: string, fallback: T): string | T;
}

/** `who` starts every error message: 'palestra train', or a script's path. */
function parseFor(who: string, args: string[], options: OptionSpec): ParsedArgs {
  try {
    args = attachNegativeNumbers(args, options);
    const parsed = parseArgs({ args, options: { help: { type: 'boolean', short: 'h' }, ...options }, allowPositionals: true, strict: true });
    return { values: parsed.values as Record<string, string | boolean | string[] | undefined>, positionals: parsed.positionals };
  } catch (error) {
    const message = (error as Error).message;
    const unknown = /Unknown option '(--?[^']+)'/.exec(message);
    if (unknown) {
      const name = unknown[1]!.replace(/^-+/, '');
      const hint = didYouMean(name, Object.keys(options)).replace(/'([^']+)'/g, "'--$1'");
      throw new UsageError(`${who}: unknown option '${unknown[1]}'.${hint}`);
    }
    throw new UsageError(`${who}: ${message}`);
  }
}

/**
 * `--steps -5` would read as an option `-5` ("argument is ambiguous"): a value option followed by
 * a negative number gets it as its value (`--steps=-5`), so the range check can explain it.
 */
function attachNegativeNumbers(args: string[], options: OptionSpec): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const next = args[i + 1];
    const name = arg.startsWith('--') ? arg.slice(2) : undefined;
    if (name !== undefined && options[name]?.type === 'string' && next !== undefined && /^-\d|^-\.\d|^-inf/i.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else {
      out.push(arg);
    }
  }
  return out;
}

/** Reads a numeric option: integers where asked; a UsageError naming the option otherwise. */
export function numberOption(command: string, name: string, value: unknown, integer = true): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (typeof value !== 'string' || value.trim() === '' || !Number.isFinite(parsed) || (integer && !Number.isInteger(parsed))) {
    throw new UsageError(`palestra ${command}: --${name} expects ${integer ? 'an integer' : 'a number'}, got ${JSON.stringify(value)}`);
  }
  return parsed;
}

/**
 * The value of a `--set key=value`: JSON when it parses (numbers, true/false, null, arrays,
 * objects), otherwise the text itself (so `--set learningRate=lin_1e-3` is the string).
 *
 * @example parseSetting('netArch=[64,64]') // ['netArch', [64, 64]]
 */
export function parseSetting(text: string): [string, unknown] {
  const equals = text.indexOf('=');
  if (equals <= 0) throw new UsageError(`palestra train: --set expects key=value, got ${JSON.stringify(text)}`);
  const key = text.slice(0, equals).trim();
  const raw = text.slice(equals + 1).trim();
  try {
    return [key, JSON.parse(raw)];
  } catch {
    return [key, raw];
  }
}
