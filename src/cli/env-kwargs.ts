import { UsageError } from './args.js';

/**
 * The env keyword arguments of repeated `--env-kwarg KEY=VALUE` flags. A value reads as a number
 * when it is one (`robots=50`, `dt=0.05`, `1e-3`), as a boolean for `true`/`false`, else as the
 * text itself (`scenario=circle`). A flag without `=`, an empty key or value, or a key given
 * twice is a UsageError that shows the flag.
 *
 * @example parseEnvKwargs('train', ['robots=50', 'scenario=circle', 'renderScans=true'])
 * // { robots: 50, scenario: 'circle', renderScans: true }
 */
export function parseEnvKwargs(command: string, flags: readonly string[]): Record<string, unknown> {
  const kwargs: Record<string, unknown> = {};
  for (const flag of flags) {
    const equals = flag.indexOf('=');
    const key = equals < 0 ? '' : flag.slice(0, equals).trim();
    const text = equals < 0 ? '' : flag.slice(equals + 1).trim();
    if (equals < 0 || key === '' || text === '') {
      throw new UsageError(`palestra ${command}: --env-kwarg expects KEY=VALUE (e.g. --env-kwarg robots=50), got ${JSON.stringify(flag)}`);
    }
    if (!/^[A-Za-z_$][\w$]*$/.test(key)) throw new UsageError(`palestra ${command}: --env-kwarg key must be a name (letters, digits, _), got ${JSON.stringify(key)} in ${JSON.stringify(flag)}`);
    if (key in kwargs) throw new UsageError(`palestra ${command}: --env-kwarg ${key} is given twice (${JSON.stringify(kwargs[key])} and ${JSON.stringify(text)}); give it once`);
    kwargs[key] = parseValue(text);
  }
  return kwargs;
}

/** A number when the whole text is one, a boolean for true/false, else the text. */
function parseValue(text: string): number | boolean | string {
  if (text === 'true') return true;
  if (text === 'false') return false;
  const number = Number(text);
  return Number.isFinite(number) && /^[-+]?(\d|\.\d)/.test(text) ? number : text;
}
