/**
 * `palestra eval <multi-agent run> --view`: the viewer gets whole world episodes live, every
 * robot in every frame, and the summary after it is the batched evaluation's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../../envs/index.js';
import { main } from '../../src/cli/main.js';
import { TestClient } from '../server/ws-client.js';
import { runCli } from './run-cli.js';

const ENV = 'MultiRobot/CollisionAvoidance-v0';
let dir: string;
let run: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'palestra-eval-view-'));
  run = join(dir, 'robots');
  const trained = await runCli(['train', ENV, '--agent', 'ppo', '--steps', '192', '--set', 'nSteps=16', '--set', 'batchSize=48', '--env-kwarg', 'robots=3', '--env-kwarg', 'beams=16', '--backend', 'cpu', '--out', run]);
  expect(trained.stderr).toBe('');
  expect(trained.code).toBe(0);
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('palestra eval --view on a multi-agent run', () => {
  it('streams whole world episodes with every robot, then prints the batched summary', async () => {
    let stdout = '';
    let stderr = '';
    let client: TestClient | undefined;
    let connected: Promise<void> | undefined;
    const finished = main(['eval', run, '--view', '--episodes', '1', '--fps', '120', '--backend', 'cpu'], {
      stdout: (text) => {
        stdout += text;
        const url = /viewer: (http:\S+)/.exec(text)?.[1];
        if (url && !connected) {
          connected = (async () => {
            client = await TestClient.open(url.endsWith('/') ? url : `${url}/`);
            client.send({ type: 'subscribe-live' });
          })();
        }
      },
      stderr: (text) => void (stderr += text),
      isTTY: false,
    });
    const code = await finished;
    await connected;
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const frames = client!.messages.filter((message) => message.type === 'live-frame');
    const ends = client!.messages.filter((message) => message.type === 'live-episode');
    expect(frames.length).toBeGreaterThan(5);
    // Every frame moves all three robots (the world is env 0, not one robot's slot).
    for (const message of frames) {
      const robots = message.frame.updates.filter((update) => /^robot_\d+$/.test(update.id));
      expect(robots.map((update) => update.id).sort()).toEqual(['robot_0', 'robot_1', 'robot_2']);
    }
    expect(ends).toHaveLength(1);
    expect(ends[0]!.envId).toBe(ENV);
    // The summary: one world episode of three agent-episodes, and how they ended.
    expect(stdout).toMatch(/1 world episodes, 3 agent-episodes: mean return -?\d+\.\d+/);
    expect(stdout).toMatch(/agents: (arrived|collided|truncated) \d+\.\d%/);
    const meanReturn = Number(/mean return (-?\d+\.\d+)/.exec(stdout)![1]);
    expect(ends[0]!.episodeReturn).toBeCloseTo(meanReturn, 2);
    client!.socket.close();
  }, 120_000);
});
