/**
 * Palestra's layers and what each may import (docs/ARCHITECTURE.md). Paths are relative to the
 * repository root, with forward slashes.
 */

export type Layer = 'spine' | 'composition' | 'envs' | 'agents' | 'viewer' | 'outside';

/** One import: the importing file and the path it names, resolved against the repo root. */
export interface ImportEdge {
  from: string;
  to: string;
}

/** The composition layer: the only code in src/ that may put env families and agents together. */
const COMPOSITION = [/^src\/cli\//, /^src\/server\//, /^src\/index\.ts$/];

export function layerOf(path: string): Layer {
  if (path.startsWith('src/')) return COMPOSITION.some((pattern) => pattern.test(path)) ? 'composition' : 'spine';
  if (path.startsWith('envs/')) return 'envs';
  if (path.startsWith('agents/')) return 'agents';
  if (path.startsWith('viewer/')) return 'viewer';
  return 'outside';
}

/** Which layers each layer must never import, with the rule in words. */
const FORBIDDEN: Record<Layer, { layers: Layer[]; rule: string }> = {
  spine: { layers: ['envs', 'agents', 'composition', 'viewer'], rule: 'the spine (src/ outside the CLI, server and package entry) never imports' },
  envs: { layers: ['agents', 'composition', 'viewer'], rule: 'an env family never imports' },
  agents: { layers: ['envs', 'composition', 'viewer'], rule: 'an agent never imports' },
  viewer: { layers: ['envs', 'agents', 'composition'], rule: 'the browser viewer shares only wire formats from src/core and never imports' },
  composition: { layers: ['viewer'], rule: 'the CLI and server serve the built viewer and never import' },
  outside: { layers: [], rule: '' },
};

const LAYER_NAMES: Record<Layer, string> = {
  spine: 'the spine',
  composition: 'the composition layer',
  envs: 'an env family',
  agents: 'an agent',
  viewer: 'the viewer',
  outside: 'outside code',
};

/** One sentence per import that breaks the rule; empty when the tree is clean. */
export function importViolations(edges: readonly ImportEdge[]): string[] {
  const found: string[] = [];
  for (const { from, to } of edges) {
    const source = layerOf(from);
    const target = layerOf(to);
    if (source === target) continue;
    const { layers, rule } = FORBIDDEN[source];
    if (layers.includes(target)) found.push(`${from} imports ${to}: ${rule} ${LAYER_NAMES[target]}`);
  }
  return found;
}
