/**
 * Drone/IndoorNavigation-v0 in the viewer: an episode flown by the A* route pilot is recorded and
 * replayed in Chromium; the picture shows the plan (walls, furniture), the goal, the path flown
 * and the depth image panel. Screenshot: test-artifacts/viewer-indoor-navigation.png.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { RoutePilot } from '../../envs/drone/indoor/baselines.js';
import { IndoorNavigationEnv } from '../../envs/drone/indoor/indoor-env.js';
import { recordEpisodes } from '../../src/record/record-callback.js';
import { startViewerServer, type ViewerServer } from '../../src/server/server.js';
import { driveTraining } from '../record/training-driver.js';
import { chromiumMissingReason, launchChromium, probe, waitForProbe, watchErrors } from './chromium.js';
import { ensureViewerBuilt, VIEWER_DIST } from './viewer-build.js';

const ARTIFACTS = join(import.meta.dirname, '..', '..', 'test-artifacts');
const skipReason = chromiumMissingReason();
if (skipReason) console.log(`SKIPPED tests/browser/indoor-navigation.test.ts: ${skipReason}`);

let server: ViewerServer;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;
let errors: string[];
let steps = 0;

describe.skipIf(skipReason !== undefined)('Drone/IndoorNavigation-v0 in the viewer', () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    await ensureViewerBuilt();
    const runsDir = mkdtempSync(join(tmpdir(), 'palestra-indoor-runs-'));
    const runDir = join(runsDir, 'indoor');
    mkdirSync(runDir, { recursive: true });
    writeFileSync(join(runDir, 'config.json'), JSON.stringify({ envId: 'Drone/IndoorNavigation-v0', agent: 'route-pilot' }));
    // Exactly one whole episode of the route pilot, on the first furnished test plan with a route of 6 m or more.
    const env = new IndoorNavigationEnv({ plans: 'test' });
    let seed = 0;
    let length = 0;
    for (; ; seed++) {
      env.reset({ seed });
      const plan = env.plan!;
      if (plan.boxes.length === plan.wallCount || Math.hypot(plan.goal[0] - plan.start[0], plan.goal[1] - plan.start[1]) < 6) continue;
      const trial = RoutePilot.plan(env)!;
      length = 0;
      let result;
      do {
        result = env.step(trial.act(env));
        length++;
      } while (!result.terminated && !result.truncated);
      break;
    }
    let pilot: RoutePilot | undefined;
    let plannedFor = -1;
    env.reset({ seed });
    await driveTraining(env, [recordEpisodes({ every: 1 })], {
      totalSteps: length,
      runDir,
      seed,
      envId: 'Drone/IndoorNavigation-v0',
      policy: () => {
        if (env.planSeed !== plannedFor) {
          pilot = RoutePilot.plan(env);
          plannedFor = env.planSeed;
        }
        steps++;
        return pilot!.act(env);
      },
    });
    server = await startViewerServer({ runsDir, viewerDir: VIEWER_DIST });
    browser = await launchChromium();
    page = await browser.context.newPage();
    errors = watchErrors(page);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('draws the plan, the goal, the path and the depth image of a recorded episode', async () => {
    await page.goto(`${server.url}?run=indoor`);
    const loaded = await waitForProbe(page, (state) => state.frameCount > 0 && state.frame >= 0);
    expect(loaded.mode).toBe('replay');
    // Pause (the replay loops); on a loaded machine a click may land before the player listens, so retry.
    for (let tries = 0; tries < 20 && (await probe(page)).playing; tries++) {
      await page.click('#play');
      await page.waitForTimeout(300);
    }
    await waitForProbe(page, (state) => !state.playing);
    // The last frame: the whole path is drawn.
    for (let k = 0; k < loaded.frameCount; k++) {
      if ((await probe(page)).frame >= loaded.frameCount - 1) break;
      await page.click('button[title^="Next frame"]');
    }
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(ARTIFACTS, 'viewer-indoor-navigation.png') });
    const [scene, depth] = await stageCanvases(page);
    // The 3D view: the plan covers a good part of it, the path line keeps its colour (unlit).
    expect(scene!.differing / scene!.total).toBeGreaterThan(0.05);
    expect(scene!.path).toBeGreaterThan(30);
    // The depth panel: a 64 x 64 grey image, not one flat colour (near walls bright, far ones dark).
    expect(depth!.total).toBe(64 * 64);
    expect(depth!.distinctGreys).toBeGreaterThan(5);
    expect(steps).toBeGreaterThan(20);
    expect(loaded.frameCount).toBe(steps + 1);
    expect(errors).toEqual([]);
  }, 120_000);
});

/**
 * The stage's canvases, largest first: pixels differing from the background, pixels of the path's
 * colour, and how many distinct greys there are (for the depth panel).
 */
function stageCanvases(page: Page): Promise<{ total: number; differing: number; path: number; distinctGreys: number }[]> {
  // A string, not a function: the TypeScript transform would add helpers the page does not have.
  return page.evaluate(`(function () {
    var canvases = Array.prototype.slice.call(document.querySelectorAll('#stage canvas'));
    return canvases.map(function (source) {
      var copy = document.createElement('canvas');
      copy.width = source.width;
      copy.height = source.height;
      var context = copy.getContext('2d');
      context.drawImage(source, 0, 0);
      var data = context.getImageData(0, 0, copy.width, copy.height).data;
      var differing = 0, path = 0, greys = {};
      for (var i = 0; i < data.length; i += 4) {
        if (Math.abs(data[i] - 0xee) + Math.abs(data[i + 1] - 0xf2) + Math.abs(data[i + 2] - 0xf5) > 30) differing++;
        if (Math.abs(data[i] - 0x29) + Math.abs(data[i + 1] - 0x80) + Math.abs(data[i + 2] - 0xb9) < 60) path++;
        if (data[i] === data[i + 1] && data[i + 1] === data[i + 2]) greys[data[i]] = true;
      }
      return { total: data.length / 4, differing: differing, path: path, distinctGreys: Object.keys(greys).length };
    }).sort(function (a, b) { return b.total - a.total; });
  })()`);
}
