import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKEND_NAMES, describeBackends, loadNativeAddon, selectBackend, webGpuPaysOff } from '../../src/backend/index.js';
import { backendsCommand, formatBackendTable } from '../../src/cli/commands/backends.js';
import { ConfigError } from '../../src/core/errors.js';

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'palestra-backend-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('describeBackends', () => {
  it('lists every backend in auto order, with cpu always available', async () => {
    const backends = (await describeBackends());
    expect(backends.map((b) => b.name)).toEqual([...BACKEND_NAMES]);
    expect(backends.find((b) => b.name === 'cpu')).toMatchObject({ available: true });
    for (const b of backends) expect(b.reason.length).toBeGreaterThan(10);
  });

  it('reports the compiled native kernels with their SIMD level', async () => {
    const native = (await describeBackends()).find((b) => b.name === 'native')!;
    expect(native.available).toBe(true);
    expect(native.reason).toMatch(/C\+\+ kernels \((avx512|avx2\+fma|avx|sse2|neon|scalar), \d+ threads/);
  });
});

describe('selectBackend', () => {
  it("'auto' activates the first available backend and says what it skipped", async () => {
    // Without a workload, auto never takes webgpu (a small network is faster on the CPU).
    const expected = (await describeBackends()).find((b) => b.available && b.name !== 'webgpu')!.name;
    const selection = await selectBackend('auto');
    expect(selection.name).toBe(expected);
    expect(tf.getBackend()).toBe(selection.tfjsName);
    expect(selection.reason).toMatch(new RegExp(`^auto chose ${expected}: `));
    if (expected === 'native') expect(selection.reason).toContain('skipped tensorflow-gpu (@tensorflow/tfjs-node-gpu is not installed)');
  });

  it('activates an explicit choice', async () => {
    expect(await selectBackend('cpu')).toMatchObject({ name: 'cpu', tfjsName: 'cpu' });
    expect(tf.getBackend()).toBe('cpu');
    expect((await selectBackend('native')).tfjsName).toBe('native');
    expect(tf.getBackend()).toBe('native');
  });

  it('refuses an unknown name with a suggestion, and an unavailable one with the reason', async () => {
    await expect(selectBackend('natve')).rejects.toThrow(/unknown backend "natve". Did you mean 'native'\?/);
    const missing = (await describeBackends()).find((b) => !b.available);
    if (missing) {
      await expect(selectBackend(missing.name)).rejects.toThrow(`--backend ${missing.name}: unavailable: ${missing.reason}`);
      await expect(selectBackend(missing.name)).rejects.toBeInstanceOf(ConfigError);
    }
  });
});

describe('loadNativeAddon', () => {
  it('explains a failed build from the status file', async () => {
    const statusPath = join(scratch, 'native-build.json');
    await writeFile(statusPath, JSON.stringify({ ok: false, error: "g++: error: unrecognized command-line option '-march=bogus'" }));
    const status = loadNativeAddon({ addonPath: join(scratch, 'palestra_native.node'), statusPath });
    expect(status.available).toBe(false);
    if (status.available) return;
    expect(status.reason).toBe(
      `${join(scratch, 'palestra_native.node')} does not exist: the build failed (${statusPath}): ` +
        "g++: error: unrecognized command-line option '-march=bogus'",
    );
  });

  it('says how to build when there is no status file', () => {
    const status = loadNativeAddon({ addonPath: join(scratch, 'none.node'), statusPath: join(scratch, 'none.json') });
    expect(status.available ? '' : status.reason).toContain('never built; run `npm run build:native`');
  });

  it('reports a file that is not a loadable addon', async () => {
    const addonPath = join(scratch, 'broken.node');
    await writeFile(addonPath, 'not a shared object');
    const status = loadNativeAddon({ addonPath, statusPath: join(scratch, 'none.json') });
    expect(status.available ? '' : status.reason).toMatch(/broken\.node exists but does not load .*npm run build:native/);
  });
});

describe('palestra backends', () => {
  it('prints one line per backend and marks the one auto uses', async () => {
    let out = '';
    const code = await backendsCommand.run([], { stdout: (t) => (out += t), stderr: () => {}, isTTY: false });
    expect(code).toBe(0);
    const lines = out.split('\n');
    expect(lines.slice(0, BACKEND_NAMES.length).map((l) => l.slice(2).split(/\s+/)[0])).toEqual([...BACKEND_NAMES]);
    expect(lines.filter((l) => l.startsWith('*'))).toHaveLength(2); // the chosen line and the legend
  });

  it('names the WebGPU adapter and marks webgpu for CNNs only on a hardware GPU', () => {
    const gpu = { vendor: 'nvidia', architecture: 'hopper', device: 'NVIDIA H200', description: 'NVIDIA: 580.159.04', software: false };
    const rows = (software: boolean) => [
      { name: 'webgpu' as const, available: true, reason: 'WebGPU on nvidia hopper (NVIDIA H200, NVIDIA: 580.159.04)', adapter: { ...gpu, software } },
      { name: 'native' as const, available: true, reason: 'C++ kernels' },
    ];
    expect(formatBackendTable(rows(false))).toBe(
      '+ webgpu  available    WebGPU on nvidia hopper (NVIDIA H200, NVIDIA: 580.159.04)\n* native  available    C++ kernels\n\n' +
        '* = what --backend auto uses for fully connected networks; + = for CNNs on 84x84+ images at batch 32+\n',
    );
    expect(formatBackendTable(rows(true))).toMatch(/^  webgpu .*\n\* native .*\n\n\* = what --backend auto uses\n$/);
  });

  it('auto takes webgpu only on hardware, for CNNs on 84x84+ frames at batch 32+', () => {
    const hardware = { vendor: 'nvidia', architecture: '', device: 'H200', description: '', software: false };
    expect(webGpuPaysOff(hardware, { convolutional: true, batchSize: 256, imagePixels: 84 * 84 }).yes).toBe(true);
    expect(webGpuPaysOff(hardware, { convolutional: true, batchSize: 16, imagePixels: 84 * 84 }).why).toMatch(/batch 16 is too small/);
    expect(webGpuPaysOff(hardware, { convolutional: true, batchSize: 32, imagePixels: 100 }).why).toMatch(/100-pixel images is too small/);
    expect(webGpuPaysOff(hardware, { convolutional: false, batchSize: 256 }).why).toMatch(/fully connected/);
    expect(webGpuPaysOff(hardware, { convolutional: true, batchSize: 32, imagePixels: 84 * 84, notOnWebGpu: 'DQN reads back synchronously' })).toEqual({ yes: false, why: 'DQN reads back synchronously' });
    expect(webGpuPaysOff({ ...hardware, software: true, description: 'SwiftShader driver 5.0.0' }, { convolutional: true, batchSize: 256, imagePixels: 84 * 84 }).why).toMatch(/software emulation \(SwiftShader/);
  });

  it('formats a table from given availabilities', () => {
    const table = formatBackendTable([
      { name: 'native', available: false, reason: 'not built' },
      { name: 'cpu', available: true, reason: 'always' },
    ]);
    expect(table).toBe('  native  unavailable  not built\n* cpu     available    always\n\n* = what --backend auto uses\n');
  });

  it('prints JSON with --json and refuses unknown arguments', async () => {
    let out = '';
    let err = '';
    const io = { stdout: (t: string) => (out += t), stderr: (t: string) => (err += t), isTTY: false };
    expect(await backendsCommand.run(['--json'], io)).toBe(0);
    expect(JSON.parse(out).map((b: { name: string }) => b.name)).toEqual([...BACKEND_NAMES]);
    expect(await backendsCommand.run(['--jsn'], io)).toBe(2);
    expect(err).toContain('palestra backends: unknown argument "--jsn"');
  });
});
