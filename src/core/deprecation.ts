/**
 * Deprecation notices: an old spelling keeps working and says once per process what replaces it,
 * so that a long training run or a loop over many config files does not repeat the notice.
 */

const warned = new Set<string>();

/**
 * Writes `message` to stderr (as `palestra: deprecated: <message>`) the first time `key` is
 * seen in this process, and does nothing after that. Returns whether it wrote.
 *
 * @example warnDeprecated('config-file:numEnvs', `${path}: 'numEnvs' is deprecated; write 'envs'`);
 */
export function warnDeprecated(key: string, message: string): boolean {
  if (warned.has(key)) return false;
  warned.add(key);
  const line = `palestra: deprecated: ${message}\n`;
  // stderr in Node; the console where there is none (a browser bundle).
  if (typeof process !== 'undefined' && process.stderr) process.stderr.write(line);
  else console.warn(line.trimEnd());
  return true;
}
