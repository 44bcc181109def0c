import { existsSync, realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';

/**
 * Resolves `parts` under `root`, or returns undefined when the result would leave `root`
 * ('..' segments, absolute parts, NUL bytes, or a symbolic link that points outside).
 *
 * @example resolveInside('/srv/runs', ['ppo-1', 'metrics.jsonl']) // '/srv/runs/ppo-1/metrics.jsonl'
 */
export function resolveInside(root: string, parts: readonly string[]): string | undefined {
  if (parts.some((part) => part.includes('\0') || isAbsolute(part))) return undefined;
  const base = resolve(root);
  const target = resolve(base, ...parts);
  if (!isWithin(base, target)) return undefined;
  // Links are followed only when both ends stay inside the root's real location.
  if (existsSync(target) && existsSync(base) && !isWithin(realpathSync(base), realpathSync(target))) return undefined;
  return target;
}

function isWithin(base: string, target: string): boolean {
  const path = relative(base, target);
  return path === '' || (!path.startsWith('..' + sep) && path !== '..' && !isAbsolute(path));
}
