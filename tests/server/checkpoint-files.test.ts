import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startViewerServer, type ViewerServer } from '../../src/server/server.js';
import { makeRunsFixture } from './fixtures.js';

let server: ViewerServer;
let fixture: Awaited<ReturnType<typeof makeRunsFixture>>;

beforeAll(async () => {
  fixture = await makeRunsFixture();
  // A checkpoint as agents write them: agent.json and one network's model files, in best/ and checkpoints/<step>/.
  for (const directory of [join(fixture.runDir, 'best'), join(fixture.runDir, 'checkpoints', '500')]) {
    mkdirSync(directory, { recursive: true });
    writeFileSync(join(directory, 'agent.json'), JSON.stringify({ format: 'palestra-agent', agent: 'ppo', dir: directory.endsWith('best') ? 'best' : '500' }));
    writeFileSync(join(directory, 'actor.json'), '{"modelTopology":{}}');
    writeFileSync(join(directory, 'actor.weights.bin'), Buffer.from([1, 2, 3, 4]));
    writeFileSync(join(directory, 'notes.txt'), 'TOP SECRET');
  }
  // A link that looks like a model file but leads out of the runs directory.
  symlinkSync(fixture.secret, join(fixture.runDir, 'best', 'leak.json'));
  server = await startViewerServer({ runsDir: fixture.runsDir, viewerDir: fixture.viewerDir });
});
afterAll(() => server.close());

/** GET with the path sent exactly as written (fetch would normalise '..' away). */
function rawGet(path: string): Promise<{ status: number; body: string; type: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, headers: { host: `127.0.0.1:${server.port}` } }, (response) => {
      let body = '';
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body, type: response.headers['content-type'] }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('checkpoint files for the viewer: /api/runs/<run>/agent/<checkpoint>/<file>', () => {
  it("serves best/'s and a step's agent.json and model files", async () => {
    const agent = await rawGet('/api/runs/cartpole-ppo/agent/best/agent.json');
    expect(agent.status).toBe(200);
    expect(agent.type).toBe('application/json; charset=utf-8');
    expect(JSON.parse(agent.body)).toMatchObject({ agent: 'ppo', dir: 'best' });
    expect(JSON.parse((await rawGet('/api/runs/cartpole-ppo/agent/500/agent.json')).body)).toMatchObject({ dir: '500' });
    const weights = await fetch(server.url + 'api/runs/cartpole-ppo/agent/best/actor.weights.bin');
    expect(weights.headers.get('content-type')).toBe('application/octet-stream');
    expect([...new Uint8Array(await weights.arrayBuffer())]).toEqual([1, 2, 3, 4]);
  });

  it('answers 400 for names that are not checkpoint files and 404 for unknown checkpoints, runs and files', async () => {
    const cases: [string, number, string][] = [
      ['/api/runs/cartpole-ppo/agent/best/..%2F..%2Fconfig.json', 400, 'not a checkpoint file name'],
      ['/api/runs/cartpole-ppo/agent/best/..', 400, 'not a checkpoint file name'],
      ['/api/runs/cartpole-ppo/agent/best/%2Fetc%2Fpasswd.json', 400, 'not a checkpoint file name'],
      ['/api/runs/cartpole-ppo/agent/best/notes.txt', 400, 'not a checkpoint file name'],
      ['/api/runs/cartpole-ppo/agent/best/.hidden.json', 400, 'not a checkpoint file name'],
      ['/api/runs/cartpole-ppo/agent/..%2F..%2F/agent.json', 404, "expected 'best' or the step"],
      ['/api/runs/cartpole-ppo/agent/latest/agent.json', 404, "expected 'best' or the step"],
      ['/api/runs/cartpole-ppo/agent/999/agent.json', 404, 'not found'],
      ['/api/runs/cartpole-ppo/agent/best/critic.json', 404, 'not found'],
      ['/api/runs/cartpole-ppo/agent/best/leak.json', 404, 'no file'],
      ['/api/runs/cartpole-ppo/agent/best', 404, 'expected /api/runs/<run>/agent/<checkpoint>/<file>'],
      ['/api/runs/cartpole-ppo/agent/best/actor.json/extra', 404, 'expected /api/runs/<run>/agent/<checkpoint>/<file>'],
      ['/api/runs/no-such-run/agent/best/agent.json', 404, 'no run'],
      ['/api/runs/escape/agent/best/agent.json', 404, 'no run'],
    ];
    for (const [path, status, message] of cases) {
      const answer = await rawGet(path);
      expect(answer.body, path).not.toContain('TOP SECRET');
      expect(answer.status, path).toBe(status);
      expect((JSON.parse(answer.body) as { error: string }).error, path).toContain(message);
    }
  });
});
