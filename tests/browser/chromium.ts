import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Why browser tests cannot run here, or undefined when they can. */
export function chromiumMissingReason(): string | undefined {
  return existsSync(CHROMIUM_PATH) ? undefined : `${CHROMIUM_PATH} is missing (apt-get install chromium); browser tests skipped`;
}

/**
 * Debian's Chromium, headless, WebGL through SwiftShader, a fresh profile. With `webgpu`, pages
 * on 127.0.0.1 also get WebGPU (a SwiftShader adapter on a machine without a GPU).
 */
export async function launchChromium(options: { webgpu?: boolean } = {}): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'palestra-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: [
      '--headless',
      '--no-sandbox',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...(options.webgpu ? ['--enable-unsafe-webgpu'] : []),
    ],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Collects console errors and uncaught exceptions of a page. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

/** What the viewer's `window.palestra()` probe reports. */
export interface Probe {
  mode: string;
  frame: number;
  frameCount: number;
  playing: boolean;
  fps: number;
  drawMs: number;
  loopFps: number;
  liveFrames: number;
  liveFinishedAt?: number | null;
  chartsDrawn: number;
  charts: { tag: string; points: Record<string, number> }[];
  frames?: number;
  error?: string;
}

export function probe(page: Page): Promise<Probe> {
  return page.evaluate(() => (window as unknown as { palestra?: () => Probe }).palestra?.() ?? ({ mode: 'loading', frame: -1, frameCount: 0, playing: false, fps: 0, drawMs: 0, loopFps: 0, liveFrames: 0, chartsDrawn: 0, charts: [] } as Probe));
}

/** Waits until `predicate` holds for the probe, failing with the last probe seen. */
export async function waitForProbe(page: Page, predicate: (probe: Probe) => boolean, timeoutMs = 20_000): Promise<Probe> {
  const deadline = Date.now() + timeoutMs;
  let last: Probe | undefined;
  while (Date.now() < deadline) {
    last = await probe(page);
    if (predicate(last)) return last;
    await page.waitForTimeout(100);
  }
  throw new Error(`viewer never reached the expected state; last probe: ${JSON.stringify(last)}`);
}

/**
 * Colour statistics of the scene canvas: how many pixels differ from `background` (by more
 * than a small tolerance), and how many are close to each colour in `lookFor`.
 */
export async function canvasStats(page: Page, background: string, lookFor: Record<string, string> = {}): Promise<{ total: number; differing: number; found: Record<string, number> }> {
  // A string, not a function: the TypeScript transform would add helpers the page does not have.
  return page.evaluate(`(${CANVAS_STATS_SOURCE})(${JSON.stringify(background)}, ${JSON.stringify(lookFor)})`);
}

const CANVAS_STATS_SOURCE = `function (background, lookFor) {
  var source = document.querySelector('#stage canvas');
  var copy = document.createElement('canvas');
  copy.width = source.width;
  copy.height = source.height;
  var context = copy.getContext('2d');
  context.drawImage(source, 0, 0);
  var data = context.getImageData(0, 0, copy.width, copy.height).data;
  function rgb(hex) { return [1, 3, 5].map(function (i) { return parseInt(hex.slice(i, i + 2), 16); }); }
  function distance(a, i) { return Math.abs(data[i] - a[0]) + Math.abs(data[i + 1] - a[1]) + Math.abs(data[i + 2] - a[2]); }
  var back = rgb(background);
  var names = Object.keys(lookFor);
  var targets = names.map(function (name) { return rgb(lookFor[name]); });
  var found = {};
  names.forEach(function (name) { found[name] = 0; });
  var differing = 0;
  for (var i = 0; i < data.length; i += 4) {
    if (distance(back, i) > 30) differing++;
    for (var t = 0; t < targets.length; t++) if (distance(targets[t], i) < 60) found[names[t]]++;
  }
  return { total: data.length / 4, differing: differing, found: found };
}`;
