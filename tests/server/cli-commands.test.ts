import { createServer } from 'node:net';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliIO } from '../../src/cli/command.js';
import { runPlay } from '../../src/cli/commands/play.js';
import { runView } from '../../src/cli/commands/view.js';
import { keyMapFor } from '../../src/server/play-keys.js';
import { runCli } from '../cli/run-cli.js';

function captureIO(): CliIO & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (text) => void out.push(text), stderr: (text) => void err.push(text), isTTY: false };
}

/** Runs a server command until `whileRunning` is done, returning its exit code and output. */
async function runUntil(command: typeof runView, args: string[], whileRunning: (url: string) => Promise<void>): Promise<{ code: number; out: string; err: string }> {
  const io = captureIO();
  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  const running = command(args, io, stopped);
  for (let i = 0; i < 100 && io.out.length === 0 && io.err.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
  const url = /http:\/\/127\.0\.0\.1:\d+\//.exec(io.out.join(''))?.[0];
  if (url) await whileRunning(url);
  stop();
  return { code: await running, out: io.out.join(''), err: io.err.join('') };
}

describe('palestra view', () => {
  it('serves a runs directory on 127.0.0.1 and prints the URL', async () => {
    const runsDir = mkdtempSync(join(tmpdir(), 'palestra-view-'));
    let runs: unknown;
    const result = await runUntil(runView, [runsDir], async (url) => {
      runs = await (await fetch(url + 'api/runs')).json();
    });
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^Palestra viewer for .*\n {2}http:\/\/127\.0\.0\.1:\d+\/\n/);
    expect(runs).toEqual({ runs: [] });
  });

  it('explains bad arguments: unknown option, bad port, missing directory, busy port', async () => {
    const runsDir = mkdtempSync(join(tmpdir(), 'palestra-view-'));
    expect((await runUntil(runView, [runsDir, '--prot', '80'], async () => {})).err).toBe("palestra view: unknown option '--prot'. Did you mean '--port'?\n");
    expect((await runUntil(runView, [runsDir, '--port', 'abc'], async () => {})).err).toBe('palestra view: --port must be an integer from 0 to 65535, got "abc"\n');
    const missing = await runUntil(runView, [join(runsDir, 'nope')], async () => {});
    expect(missing.code).toBe(2);
    expect(missing.err).toContain(`palestra view: no directory ${join(runsDir, 'nope')}; train a run first`);
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const busy = await runUntil(runView, [runsDir, '--port', String(port)], async () => {});
      expect(busy.err).toBe(`palestra view: port ${port} is already in use; choose another with --port, or leave --port out for a free one\n`);
    } finally {
      blocker.close();
    }
  });
});

describe('palestra train --view', () => {
  it('says clearly that the port is taken, before training starts or a run directory is written', async () => {
    const runsDir = mkdtempSync(join(tmpdir(), 'palestra-view-'));
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      process.env['PALESTRA_TSX_LOADED'] = '1';
      const out = join(runsDir, 'ppo');
      const result = await runCli(['train', 'CartPole-v1', '--agent', 'ppo', '--steps', '1000', '--backend', 'cpu', '--view', '--port', String(port), '--out', out]);
      expect(result.code).not.toBe(0);
      expect(result.stderr).toBe(`palestra train: --view: the viewer could not start: port ${port} is already in use; choose another with --port, or leave --port out for a free one\n`);
      expect(result.stdout).not.toMatch(/viewer:|done:/);
      expect(existsSync(out)).toBe(false);
    } finally {
      blocker.close();
    }
  });
});

describe('palestra play', () => {
  it('serves play mode for a discrete env', async () => {
    let info: unknown;
    const result = await runUntil(runPlay, ['CartPole-v1', '--fps', '20'], async (url) => {
      info = await (await fetch(url + 'api/info')).json();
    });
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^Playing CartPole-v1: open http:\/\/127\.0\.0\.1:\d+\//);
    expect(info).toEqual({ version: 1, mode: 'play', live: false, playEnvId: 'CartPole-v1' });
  });

  it('refuses continuous-action envs and unknown ids with a reason', async () => {
    expect((await runUntil(runPlay, ['Drone/Hover-v0'], async () => {})).err).toBe('palestra play: Drone/Hover-v0 has action space Box(-1, 1, [4], float32); play mode drives discrete action spaces only\n');
    expect((await runUntil(runPlay, ['CartPol-v1'], async () => {})).err).toContain("Env 'CartPol-v1' is not registered. Did you mean");
    expect((await runUntil(runPlay, [], async () => {})).err).toBe('palestra play: expected one env id, e.g. palestra play CartPole-v1; got none\n');
  });
});

describe('keyMapFor', () => {
  it('maps action names to arrows and space, with the no-op as default', () => {
    const { keys, defaultAction } = keyMapFor(4, ['no-op', 'left', 'right', 'fire']);
    expect(defaultAction).toBe(0);
    expect(keys.slice(0, 3)).toEqual([
      { key: 'ArrowLeft', action: 1, label: '← left' },
      { key: 'ArrowRight', action: 2, label: '→ right' },
      { key: ' ', action: 3, label: 'space fire' },
    ]);
    expect(keys.slice(3).map((key) => key.key)).toEqual(['0', '1', '2', '3']);
  });

  it('gives unnamed two-action envs the arrows and no default', () => {
    expect(keyMapFor(2, undefined)).toEqual({
      keys: [
        { key: 'ArrowLeft', action: 0, label: '← action 0' },
        { key: 'ArrowRight', action: 1, label: '→ action 1' },
        { key: '0', action: 0, label: '0 action 0' },
        { key: '1', action: 1, label: '1 action 1' },
      ],
      defaultAction: null,
    });
  });
});
