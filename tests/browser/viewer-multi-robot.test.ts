import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import '../../envs/index.js';
import { orcaActions, type CollisionAvoidanceEnv } from '../../envs/multi-robot/index.js';
import { robotColor } from '../../envs/multi-robot/scene.js';
import type { SceneFrame } from '../../src/core/scene.js';
import { makeParallel } from '../../src/multi-agent/parallel-registry.js';
import { writeEpisodeFile } from '../../src/record/episode-file.js';
import { startViewerServer, type ViewerServer } from '../../src/server/server.js';
import { canvasStats, chromiumMissingReason, launchChromium, probe, waitForProbe, watchErrors } from './chromium.js';
import { scratchRunsDir } from './recorded-runs.js';
import { ensureViewerBuilt, VIEWER_DIST } from './viewer-build.js';

const ARTIFACTS = join(import.meta.dirname, '..', '..', 'test-artifacts');
const skipReason = chromiumMissingReason();
if (skipReason) console.log(`SKIPPED tests/browser/viewer-multi-robot.test.ts: ${skipReason}`);

const BACKGROUND = '#dfe6ee';

/** Records one whole world episode: 12 robots on a circle driven by ORCA, scan rays drawn. */
function recordCircle(runsDir: string): number {
  const runDir = join(runsDir, 'multi-robot');
  mkdirSync(join(runDir, 'episodes'), { recursive: true });
  writeFileSync(join(runDir, 'config.json'), JSON.stringify({ envId: 'MultiRobot/CollisionAvoidance-v0', agent: 'orca' }));
  const env = makeParallel('MultiRobot/CollisionAvoidance-v0', { robots: 12, beams: 64, renderScans: true });
  const world = env.unwrapped as CollisionAvoidanceEnv;
  env.reset({ seed: 0 });
  const frames: SceneFrame[] = [env.render()!];
  let episodeReturn = 0;
  while (env.agents.length > 0) {
    const { rewards } = env.step(orcaActions(world.world, env.agents, world.options));
    episodeReturn += Object.values(rewards).reduce((a, b) => a + b, 0);
    // Each frame keeps its own copy of the updates, as the recorder does.
    frames.push(structuredClone(env.render()!));
    frames.at(-1)!.scene = frames[0]!.scene;
  }
  writeEpisodeFile(join(runDir, 'episodes', 'episode-000000-step-0.jsonl.gz'), {
    header: { kind: 'header', format: 'palestra-episode', version: 1, envId: 'MultiRobot/CollisionAvoidance-v0', episode: 0, step: 0, renderFps: 10, createdAt: new Date().toISOString() },
    frames,
    end: { kind: 'end', episodeReturn, length: frames.length - 1 },
  });
  return frames.length;
}

let server: ViewerServer;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;
let errors: string[];

describe.skipIf(skipReason !== undefined)('viewer replaying a multi-robot episode in Chromium', () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    await ensureViewerBuilt();
    const runsDir = scratchRunsDir();
    recordCircle(runsDir);
    server = await startViewerServer({ runsDir, viewerDir: VIEWER_DIST });
    browser = await launchChromium();
    page = await browser.context.newPage();
    errors = watchErrors(page);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('draws every robot in its colour, moving from frame to frame', async () => {
    await page.goto(`${server.url}?run=multi-robot`);
    const loaded = await waitForProbe(page, (state) => state.frameCount > 0 && state.frame >= 0);
    expect(loaded.mode).toBe('replay');
    if ((await probe(page)).playing) await page.click('#play');
    await waitForProbe(page, (state) => !state.playing);
    // Step to the crossing in the middle of the circle: every robot is away from its start.
    const target = Math.floor(loaded.frameCount * 0.4);
    for (let frame = (await probe(page)).frame; frame < target; frame++) await page.click('button[title^="Next frame"]');
    await page.waitForTimeout(300);
    const colours = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`robot_${i}`, robotColor(i)]));
    const middle = await canvasStats(page, BACKGROUND, colours);
    await page.screenshot({ path: join(ARTIFACTS, 'viewer-multi-robot.png') });
    expect(middle.differing / middle.total).toBeGreaterThan(0.05);
    // Each robot (with its trail and goal, in the same colour) shows.
    for (const [name, count] of Object.entries(middle.found)) expect(count, `${name} pixels`).toBeGreaterThan(30);
    // Ten frames later the picture has changed: the robots move.
    const before = await page.locator('#stage canvas').screenshot();
    for (let k = 0; k < 10; k++) await page.click('button[title^="Next frame"]');
    await page.waitForTimeout(300);
    const after = await page.locator('#stage canvas').screenshot();
    expect(Buffer.compare(before, after)).not.toBe(0);
    expect(errors).toEqual([]);
  });
});
