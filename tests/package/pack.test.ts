/**
 * The package as a user gets it: `npm pack`, install the tarball into a fresh project, then run
 * `palestra check`, `train` and `eval` on a custom env written against the package, and compile
 * code that imports the API under `tsc --strict`. Slow by nature (a build when dist/ is stale, an
 * npm install from the local cache, a short training): about a minute or two.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..');
const fixtures = join(import.meta.dirname, 'fixtures');
const exec = promisify(execFile);
let project: string;
let work: string;

/** Runs a command; resolves with its output whatever the exit code. */
async function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(command, args, { cwd, env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** Newest modification time of the TypeScript sources that dist/ is built from. */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

beforeAll(async () => {
  const built = join(root, 'dist', 'src', 'index.js');
  const stale = !existsSync(built) || ['src', 'envs', 'agents'].some((dir) => newestSource(join(root, dir)) > statSync(built).mtimeMs);
  if (stale) {
    const build = await run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], root);
    expect(build.stdout + build.stderr).toBe('');
  }
  work = await mkdtemp(join(tmpdir(), 'palestra-pack-'));
  const pack = await run('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', work], root);
  expect(pack.code, pack.stderr).toBe(0);
  const tarball = join(work, pack.stdout.trim().split('\n').at(-1)!);
  project = join(work, 'project');
  await run('mkdir', [project], work);
  await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'palestra-user', version: '1.0.0', private: true, type: 'module' }));
  // The npm cache makes this an offline install when it holds the dependencies already.
  const install = await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], project, { PALESTRA_SKIP_NATIVE: '1' });
  expect(install.code, install.stderr).toBe(0);
  for (const file of ['sign-env.ts', 'use-api.ts']) await copyFile(join(fixtures, file), join(project, file));
}, 600_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('the npm package', () => {
  it('ships what the README names: tuned configs, the example env, the license', () => {
    const installed = join(project, 'node_modules', 'palestra');
    for (const path of ['configs/ppo-CartPole-v1.yaml', 'configs/dqn-CartPole-v1.yaml', 'examples/pendulum.ts', 'LICENSE', 'README.md', 'dist/src/index.d.ts', 'bin/palestra.js']) {
      expect(existsSync(join(installed, path)), path).toBe(true);
    }
  });

  it('checks, trains and evaluates a custom env, and the shipped example', async () => {
    const palestra = join(project, 'node_modules', '.bin', 'palestra');
    const check = await run(palestra, ['check', 'sign-env.ts'], project);
    expect(check.stdout).toContain('SignEnv-v0: passed every check');

    const train = await run(palestra, ['train', 'sign-env.ts', '--agent', 'ppo', '--steps', '1024', '--envs', '4', '--set', 'nSteps=64', '--backend', 'cpu', '--out', 'run', '--quiet'], project);
    expect(train.stderr).toBe('');
    expect(train.code).toBe(0);
    const evaluation = await run(palestra, ['eval', 'run', '--episodes', '5', '--backend', 'cpu', '--json'], project);
    expect(evaluation.code, evaluation.stderr).toBe(0);
    const result = JSON.parse(evaluation.stdout) as { envId: string; returns: number[]; meanReturn: number };
    expect(result.envId).toBe('SignEnv-v0');
    expect(result.returns).toHaveLength(5);
    // A random policy scores 5 of 10; the sign is easy to learn in 1,024 steps.
    expect(result.meanReturn).toBeGreaterThan(7);

    const example = await run(palestra, ['check', 'node_modules/palestra/examples/pendulum.ts'], project);
    expect(example.stdout).toContain('PendulumEnv-v0: passed every check');

    // The tuned config the README points at is found inside the package.
    const tuned = await run(palestra, ['config', 'ppo', '--env', 'CartPole-v1'], project);
    expect(tuned.stdout).toMatch(/tuned for CartPole-v1: .*node_modules\/palestra\/configs\/ppo-CartPole-v1\.yaml/);
  }, 180_000);

  it('compiles code that imports the API under tsc --strict', async () => {
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const options = { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true };
    // Without skipLibCheck only TensorFlow.js's own declarations fail (README, "From code"): none
    // of Palestra's, none of the user's. (skipLibCheck hides exactly those, so with it, it passes.)
    await writeFile(join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions: { ...options, skipLibCheck: false }, files: ['use-api.ts', 'sign-env.ts'] }));
    const full = await run(process.execPath, [tsc, '-p', 'tsconfig.json'], project);
    const errorFiles = new Set(full.stdout.split('\n').filter((line) => /error TS\d+/.test(line)).map((line) => line.split('(')[0]!));
    expect(errorFiles.size).toBeGreaterThan(0);
    for (const file of errorFiles) expect(file).toMatch(/^node_modules\/@tensorflow\//);
  }, 300_000);

  it('runs the API from code', async () => {
    const script = await readFile(join(project, 'use-api.ts'), 'utf8');
    expect(script).toContain("from 'palestra'");
    const tsx = join(project, 'node_modules', '.bin', 'tsx');
    const result = await run(tsx, ['use-api.ts'], project);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim().split('\n').at(-1)).toBe('number');
  }, 120_000);
});
