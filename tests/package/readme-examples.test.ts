/**
 * The README's code must work as printed: its scene-protocol example is written to a file,
 * imported (as `palestra` resolves in a checkout), checked with checkEnv and rendered.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkEnv, sceneFrameProblems, type Env, type SceneFrame } from '../../src/index.js';

const root = resolve(import.meta.dirname, '..', '..');

/** The README's TypeScript block whose first line is `// <name>`. */
async function readmeBlock(name: string): Promise<string> {
  const readme = await readFile(join(root, 'README.md'), 'utf8');
  const block = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!).find((code) => code.startsWith(`// ${name}`));
  if (!block) throw new Error(`README.md has no ts block starting with // ${name}`);
  return block;
}

describe('README examples', () => {
  it('rail-env.ts passes checkEnv and renders a scene whose cart moves', async () => {
    const dir = join(root, 'test-artifacts', 'readme');
    await mkdir(dir, { recursive: true });
    const file = join(dir, 'rail-env.ts');
    await writeFile(file, await readmeBlock('rail-env.ts'));
    const RailEnv = (await import(file)).default as new () => Env<Float32Array, number>;

    const report = checkEnv(new RailEnv());
    expect(report.problems).toEqual([]);
    expect(report.warnings).toEqual([]);

    const env = new RailEnv();
    expect(env.metadata.renderFps).toBe(10);
    env.reset({ seed: 3 });
    const first = env.render() as SceneFrame;
    env.step(1);
    const second = env.render() as SceneFrame;
    for (const frame of [first, second]) expect(sceneFrameProblems(frame)).toEqual([]);
    // The static scene is the same object every step; only the updates and the HUD change.
    expect(second.scene).toBe(first.scene);
    expect(first.scene.objects.map((o) => o.id)).toEqual(['rail', 'flag', 'cart', 'wheel']);
    expect(second.updates[0]!.position![0] - first.updates[0]!.position![0]).toBeCloseTo(0.1);
    expect(second.hud['steps']).toBe(1);
  });
});
