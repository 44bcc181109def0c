import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startViewerServer, type ViewerServer } from '../../src/server/server.js';
import { makeRunsFixture } from './fixtures.js';

let server: ViewerServer;
let fixture: Awaited<ReturnType<typeof makeRunsFixture>>;

beforeAll(async () => {
  fixture = await makeRunsFixture();
  server = await startViewerServer({ runsDir: fixture.runsDir, viewerDir: fixture.viewerDir });
});
afterAll(() => server.close());

/** GET with the path sent exactly as written (fetch would normalise '..' away). */
function rawGet(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, headers: { host: `127.0.0.1:${server.port}`, ...headers } }, (response) => {
      let body = '';
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('viewer server HTTP API', () => {
  it('listens on 127.0.0.1 at a free port and serves the viewer app', async () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
    const page = await fetch(server.url);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toContain('Palestra viewer');
    expect(await (await fetch(server.url + 'assets/app.js')).text()).toBe('console.log("app")');
    // Paths the app routes itself get the page.
    expect(await (await fetch(server.url + 'play')).text()).toContain('Palestra viewer');
  });

  it('lists runs (nested ones too) with their env and agent', async () => {
    const { runs } = (await (await fetch(server.url + 'api/runs')).json()) as { runs: { id: string; envId?: string; agent?: string; episodeCount: number; hasMetrics: boolean }[] };
    const byId = Object.fromEntries(runs.map((run) => [run.id, run]));
    expect(Object.keys(byId).sort()).toEqual(['cartpole-ppo', 'sweep/dqn-1']);
    expect(byId['cartpole-ppo']).toMatchObject({ envId: 'CartPole-v1', agent: 'ppo', hasMetrics: true, hasConfig: true });
    expect(byId['cartpole-ppo']!.episodeCount).toBeGreaterThanOrEqual(3);
    expect(byId['sweep/dqn-1']).toMatchObject({ hasMetrics: true, hasConfig: false, episodeCount: 0 });
  });

  it("serves a run's config, metrics, episode list and episode lines", async () => {
    expect(await (await fetch(server.url + 'api/runs/cartpole-ppo/config')).json()).toEqual({ envId: 'CartPole-v1', agent: 'ppo', lr: 3e-4 });
    expect(await (await fetch(server.url + 'api/runs/cartpole-ppo/metrics')).text()).toBe('{"step":100,"episodeReturn":12}\n{"step":200,"episodeReturn":30}\n');
    expect(await (await fetch(server.url + `api/runs/${encodeURIComponent('sweep/dqn-1')}/metrics`)).text()).toBe('{"step":1,"loss":0.5}\n');
    // A run without metrics yet answers with none rather than an error.
    const noConfig = await fetch(server.url + `api/runs/${encodeURIComponent('sweep/dqn-1')}/config`);
    expect(noConfig.status).toBe(404);
    const { episodes } = (await (await fetch(server.url + 'api/runs/cartpole-ppo/episodes')).json()) as { episodes: { file: string; episode: number; length: number }[] };
    expect(episodes[0]).toMatchObject({ file: 'episode-000000-step-0.jsonl.gz', episode: 0 });
    const response = await fetch(server.url + `api/runs/cartpole-ppo/episodes/${episodes[0]!.file}`);
    expect(response.headers.get('content-encoding')).toBe('gzip');
    const lines = (await response.text()).trim().split('\n').map((line) => JSON.parse(line) as { kind: string });
    expect(lines[0]).toMatchObject({ kind: 'header', envId: 'CartPole-v1', episode: 0 });
    expect(lines.filter((line) => line.kind === 'frame')).toHaveLength(episodes[0]!.length + 1);
  });

  it('refuses paths that leave the runs or viewer directory', async () => {
    const attempts = [
      '/api/runs/..%2F..%2Fsecret.txt/config',
      '/api/runs/..%2F/config',
      '/api/runs/%2E%2E/metrics',
      '/api/runs/cartpole-ppo/episodes/..%2F..%2F..%2Fsecret.txt',
      '/api/runs/cartpole-ppo/episodes/..%2Fconfig.json',
      '/api/runs/escape/config',
      '/api/runs/escape%2F..%2Fsecret.txt/config',
      '/../secret.txt',
      '/..%2Fsecret.txt',
      '/assets/..%2F..%2Fsecret.txt',
      '/%2e%2e/%2e%2e/secret.txt',
      '/api/runs/cartpole-ppo%00/config',
    ];
    for (const path of attempts) {
      const { status, body } = await rawGet(path);
      expect(body, path).not.toContain('TOP SECRET');
      expect([400, 404], `${path} -> ${status}`).toContain(status);
    }
  });

  it('answers only GET, and only to Host headers naming this machine', async () => {
    expect((await fetch(server.url + 'api/runs', { method: 'POST' })).status).toBe(405);
    expect((await rawGet('/api/runs', { host: 'evil.example:80' })).status).toBe(403);
    expect((await rawGet('/api/runs', { host: `localhost:${server.port}` })).status).toBe(200);
  });

  it('serves a runs directory that is itself one run under its own name', async () => {
    const single = await startViewerServer({ runsDir: fixture.runDir, viewerDir: fixture.viewerDir });
    try {
      const { runs } = (await (await fetch(single.url + 'api/runs')).json()) as { runs: { id: string }[] };
      expect(runs.map((run) => run.id)).toEqual(['cartpole-ppo']);
      expect(await (await fetch(single.url + 'api/runs/cartpole-ppo/config')).json()).toMatchObject({ envId: 'CartPole-v1' });
    } finally {
      await single.close();
    }
  });

  it('names what is missing when the viewer app is not built', async () => {
    const bare = await startViewerServer({ runsDir: fixture.runsDir, viewerDir: fixture.root + '/nowhere' });
    try {
      const response = await fetch(bare.url);
      expect(response.status).toBe(503);
      expect(await response.text()).toContain("run 'npm run build:viewer'");
    } finally {
      await bare.close();
    }
  });
});
