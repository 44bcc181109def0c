import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import '../../envs/index.js';
import type { SceneFrame, SceneSpec, Shape } from '../../src/core/scene.js';
import { BaseEnv } from '../../src/core/env.js';
import { Box } from '../../src/core/spaces/box.js';
import { Discrete } from '../../src/core/spaces/discrete.js';
import { make, register } from '../../src/registry.js';
import { displayPalette } from '../../envs/minatar/palette.js';
import PendulumEnv from '../../examples/pendulum.js';
import { startViewerServer, type ViewerServer } from '../../src/server/server.js';
import { canvasStats, chromiumMissingReason, launchChromium, probe, waitForProbe, watchErrors } from './chromium.js';
import { recordRun, scratchRunsDir } from './recorded-runs.js';
import { ensureViewerBuilt, VIEWER_DIST } from './viewer-build.js';

const ARTIFACTS = join(import.meta.dirname, '..', '..', 'test-artifacts');
const skipReason = chromiumMissingReason();
if (skipReason) console.log(`SKIPPED tests/browser/viewer-replay.test.ts: ${skipReason}`);

// A user's env with no viewer code of its own draws through the same renderer.
register({ id: 'Examples/Pendulum-v1', entryPoint: PendulumEnv, maxEpisodeSteps: 200 });

/**
 * A user's env that leaves the look to the viewer (no background, camera or ground given): a
 * box walks a six-cell corridor to a goal, as in the custom env a user tried.
 */
class CorridorEnv extends BaseEnv<Float32Array, number> {
  readonly observationSpace = new Box<Float32Array>([0], [5]);
  readonly actionSpace = new Discrete(2);
  override metadata = { renderModes: ['scene'], renderFps: 4 };
  private cell = 0;
  private readonly scene: SceneSpec = {
    objects: [
      { id: 'walker', shape: { type: 'box', size: [0.8, 0.8, 0.8] }, color: '#f39c12', position: [0, 0, 0.4] },
      { id: 'goal', shape: { type: 'sphere', radius: 0.35 }, color: '#27ae60', position: [5, 0, 0.35] },
    ],
  };
  reset() {
    this.cell = 0;
    return { observation: new Float32Array([0]), info: {} };
  }
  step(action: number) {
    this.cell = Math.max(0, Math.min(5, this.cell + (action === 1 ? 1 : -1)));
    return { observation: new Float32Array([this.cell]), reward: this.cell === 5 ? 1 : 0, terminated: this.cell === 5, truncated: false, info: {} };
  }
  override render(): SceneFrame {
    return { scene: this.scene, updates: [{ id: 'walker', position: [this.cell, 0, 0.4] }], hud: { cell: this.cell } };
  }
}
register({ id: 'Examples/Corridor-v0', entryPoint: CorridorEnv, maxEpisodeSteps: 100 });

/** One recorded episode per built-in env family (and the custom example), and colours its picture must contain. */
const FAMILIES: { run: string; envId: string; steps: number; background: string; colours: Record<string, string> }[] = [
  { run: 'cartpole', envId: 'CartPole-v1', steps: 300, background: '#f4f1ea', colours: { cart: '#2c3e50' } },
  { run: 'minatar-breakout', envId: 'MinAtar/Breakout-v1', steps: 200, background: '#000000', colours: { bricks: mostCommonGridColour('MinAtar/Breakout-v1'), paddle: displayPalette(4)[0]! } },
  { run: 'drone-hover', envId: 'Drone/Hover-v0', steps: 200, background: '#eef2f5', colours: {} },
  { run: 'driving-lane', envId: 'Driving/LaneKeepingDiscrete-v0', steps: 200, background: '#cddef0', colours: { grass: '#4c8038' } },
  { run: 'custom-pendulum', envId: 'Examples/Pendulum-v1', steps: 200, background: '#f7f3ec', colours: { rod: '#c0392b' } },
  { run: 'custom-corridor', envId: 'Examples/Corridor-v0', steps: 200, background: '#20232a', colours: { walker: '#f39c12' } },
];

/** The palette colour of the most frequent non-empty cell of a grid env's first frame (unlit, so drawn exactly). */
function mostCommonGridColour(envId: string): string {
  const env = make(envId);
  env.reset({ seed: 0 });
  const frame = env.render()!;
  const grid = frame.scene.objects.find((object) => object.shape.type === 'grid')!.shape as Extract<Shape, { type: 'grid' }>;
  const cells = Array.from(frame.updates.find((update) => update.id === frame.scene.objects.find((object) => object.shape.type === 'grid')!.id)?.cells ?? grid.cells);
  const counts = new Map<number, number>();
  for (const cell of cells) if (cell !== 0) counts.set(cell, (counts.get(cell) ?? 0) + 1);
  const [index] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]!;
  return grid.palette[index]!;
}

/** Pauses the replay wherever it is, and again should playback restart on its own (a late autoplay). */
async function pauseWherever(page: Page): Promise<Awaited<ReturnType<typeof probe>>> {
  for (let attempt = 0; attempt < 5; attempt++) {
    if ((await probe(page)).playing) await page.click('#play');
    // A click that met a just-started autoplay may have toggled the wrong way: look again.
    await waitForProbe(page, (state) => !state.playing, 3_000).catch(() => undefined);
    await page.waitForTimeout(150);
    const state = await probe(page);
    if (!state.playing) return state;
  }
  throw new Error('the replay would not stay paused');
}

/**
 * Pauses the replay and seeks to `frame`, again if playback started late (autoplay begins once the
 * episode has loaded, which on a loaded machine can come after the first probe).
 */
async function pauseOnFrame(page: Page, frame: number): Promise<Awaited<ReturnType<typeof probe>>> {
  for (let attempt = 0; attempt < 5; attempt++) {
    if ((await probe(page)).playing) await page.click('#play');
    await waitForProbe(page, (state) => !state.playing, 3_000).catch(() => undefined);
    await page.$eval(
      '#scrub',
      (scrubber: HTMLInputElement, target: number) => {
        scrubber.value = String(target);
        scrubber.dispatchEvent(new Event('input'));
      },
      frame,
    );
    await page.waitForTimeout(300);
    const state = await probe(page);
    if (!state.playing && state.frame === frame) return state;
  }
  throw new Error(`the replay would not stay paused on frame ${frame}`);
}

let server: ViewerServer;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;
let errors: string[];
const fpsTable: string[] = [];

describe.skipIf(skipReason !== undefined)('viewer replaying recorded episodes in Chromium', () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    await ensureViewerBuilt();
    const runsDir = scratchRunsDir();
    for (const family of FAMILIES) await recordRun(runsDir, family.run, family.envId, { steps: family.steps });
    await recordRun(runsDir, 'cartpole-slower', 'CartPole-v1', { steps: 60, seed: 1, returnSlope: 0.5 });
    server = await startViewerServer({ runsDir, viewerDir: VIEWER_DIST });
    browser = await launchChromium();
    page = await browser.context.newPage();
    errors = watchErrors(page);
  });

  afterAll(async () => {
    if (fpsTable.length > 0) console.log(['viewer replay fps (headless Chromium, SwiftShader, 1280x800 window)', ...fpsTable].join('\n'));
    await browser?.close();
    await server?.close();
  });

  for (const family of FAMILIES) {
    it(`draws a recorded ${family.envId} episode and plays it`, async () => {
      await page.goto(`${server.url}?run=${encodeURIComponent(family.run)}`);
      const loaded = await waitForProbe(page, (state) => state.frameCount > 0 && state.frame >= 0);
      expect(loaded.mode).toBe('replay');
      // Pause on the first frame and check that objects, not just the background, are on the
      // canvas. The first frame, whichever frame playback had reached: how many pixels an object
      // covers depends on its pose, and the test must not depend on the machine's load.
      const paused = await pauseOnFrame(page, 0);
      expect(paused.playing).toBe(false);
      const stats = await canvasStats(page, family.background, family.colours);
      await page.screenshot({ path: join(ARTIFACTS, `viewer-${family.run}.png`) });
      expect(stats.differing / stats.total).toBeGreaterThan(0.01);
      for (const [name, count] of Object.entries(stats.found)) expect(count, `${name} pixels`).toBeGreaterThan(200);
      // Play advances the frame; the step button moves exactly one frame.
      // (A click that meets a late autoplay pauses it instead: press again, up to three times.)
      let playing = paused;
      for (let press = 0; press < 3 && !(playing.playing || playing.frame !== paused.frame); press++) {
        await page.click('#play');
        await page.waitForTimeout(800);
        playing = await probe(page);
      }
      expect(playing.playing || playing.frame !== paused.frame).toBe(true);
      // Under load a frame already scheduled may land after the click: read once paused and settled.
      const before = (await pauseWherever(page)).frame;
      await page.click('button[title^="Next frame"]');
      expect((await probe(page)).frame).toBe(Math.min(before + 1, loaded.frameCount - 1));
      expect(errors).toEqual([]);
    });
  }

  it('replays at a measured frame rate (target 30 fps on a quiet machine)', async () => {
    for (const family of FAMILIES) {
      await page.goto(`${server.url}?run=${encodeURIComponent(family.run)}`);
      await waitForProbe(page, (state) => state.playing && state.frameCount > 0);
      // Reference, measured just before: animation frames the browser gives the page while paused.
      await page.click('#play');
      await page.waitForTimeout(1200);
      const idle = await probe(page);
      await page.click('#play');
      await page.waitForTimeout(1500);
      const playing = await probe(page);
      fpsTable.push(
        `  ${family.envId.padEnd(32)} ${String(playing.fps).padStart(4)} fps playing   ${String(idle.loopFps).padStart(4)} fps idle page   ratio ${(playing.fps / Math.max(1, idle.loopFps)).toFixed(2)}   ${playing.drawMs.toFixed(1)} ms/draw`,
      );
      expect(playing.fps).toBeGreaterThan(0);
    }
    expect(errors).toEqual([]);
  });

  it('draws the training curves of two overlaid runs', async () => {
    await page.goto(`${server.url}?run=cartpole&compare=cartpole,cartpole-slower`);
    const state = await waitForProbe(page, (current) => current.chartsDrawn >= 2);
    expect(state.chartsDrawn).toBe(2);
    const titles = await page.locator('#charts .chart-title').allTextContents();
    expect(titles).toEqual(['episodeReturn', 'loss']);
    // One legend for the runs, above the charts; each chart has a raw and a smoothed line per run.
    expect(await page.locator('#run-legend .run-name').allTextContents()).toEqual(['cartpole', 'cartpole-slower']);
    expect(state.charts[0]!.points).toEqual({ cartpole: 40, 'cartpole-slower': 40 });
    const inked = await page.evaluate(`(() => {
      const canvas = document.querySelector('#charts canvas');
      const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      let coloured = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 0 && Math.abs(data[i] - data[i + 2]) > 60) coloured++;
      return coloured;
    })()`);
    expect(Number(inked)).toBeGreaterThan(300);
    await page.locator('#curves').screenshot({ path: join(ARTIFACTS, 'viewer-curves.png') });
    expect(errors).toEqual([]);
  });

  it('says in the HUD why an episode did not load', async () => {
    const before = errors.length;
    await page.goto(`${server.url}?run=cartpole&episode=no-such-episode.jsonl.gz`);
    const state = await waitForProbe(page, (current) => current.error !== undefined);
    expect(state.error).toMatch(/404/);
    expect(await page.locator('#hud').textContent()).toBe(`Could not load: ${state.error}`);
    expect(await page.locator('#hud').isVisible()).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'viewer-episode-missing.png') });
    // The browser reports the failed request itself; nothing else goes wrong.
    const logged = errors.splice(before);
    expect(logged.filter((error) => !/404/.test(error))).toEqual([]);
  });

  it('keeps drawing after the window is resized', async () => {
    await page.goto(`${server.url}?run=cartpole`);
    await waitForProbe(page, (state) => state.frameCount > 0);
    await page.setViewportSize({ width: 820, height: 600 });
    await page.waitForTimeout(400);
    const size = await page.evaluate(`(() => { const c = document.querySelector('#stage canvas'); return [c.width, c.height, c.parentElement.clientWidth, c.parentElement.clientHeight]; })()`);
    const [width, height, stageWidth, stageHeight] = size as number[];
    expect(width).toBe(stageWidth);
    expect(height).toBe(stageHeight);
    await page.screenshot({ path: join(ARTIFACTS, 'viewer-resized.png') });
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(errors).toEqual([]);
  });
});
