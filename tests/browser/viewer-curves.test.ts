import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startViewerServer, type ViewerServer } from '../../src/server/server.js';
import { groupTags } from '../../viewer/src/curves/tag-groups.js';
import { loggedScalars, trainAgentRuns } from './agent-runs.js';
import { chromiumMissingReason, launchChromium, waitForProbe, watchErrors, type Probe } from './chromium.js';
import { scratchRunsDir } from './recorded-runs.js';
import { ensureViewerBuilt, VIEWER_DIST } from './viewer-build.js';

const ARTIFACTS = join(import.meta.dirname, '..', '..', 'test-artifacts');
const skipReason = chromiumMissingReason();
if (skipReason) console.log(`SKIPPED tests/browser/viewer-curves.test.ts: ${skipReason}`);

/** Run names as long as the CLI's default ones, to see that the legend copes. */
const PREFIX = 'CartPole-v1-seed1-20261204-161500-';

let server: ViewerServer;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;
let errors: string[];
let runsDir: string;
let ids: string[];

/** The charts each run's metrics.jsonl calls for: tag -> points per run. */
function expectedCharts(runIds: string[]): { tag: string; points: Record<string, number> }[] {
  const perRun = runIds.map((id) => [id, loggedScalars(readFileSync(join(runsDir, id, 'metrics.jsonl'), 'utf8'))] as const);
  const tags = groupTags(perRun.flatMap(([, scalars]) => [...scalars.keys()])).flatMap((group) => group.tags);
  return tags.map((tag) => ({ tag, points: Object.fromEntries(perRun.filter(([, scalars]) => scalars.has(tag)).map(([id, scalars]) => [id, new Set(scalars.get(tag)).size])) }));
}

async function open(runIds: string[]): Promise<Probe> {
  await page.goto(`${server.url}?run=${encodeURIComponent(runIds[0]!)}&compare=${runIds.map(encodeURIComponent).join(',')}`);
  const expected = expectedCharts(runIds);
  return waitForProbe(page, (state) => state.chartsDrawn === expected.length && state.charts.every((chart) => Object.keys(chart.points).length > 0));
}

describe.skipIf(skipReason !== undefined)('the training curves panel in Chromium', () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    await ensureViewerBuilt();
    runsDir = scratchRunsDir();
    ids = await trainAgentRuns(runsDir, ['ppo', 'dqn', 'a2c', 'reinforce'], PREFIX);
    server = await startViewerServer({ runsDir, viewerDir: VIEWER_DIST });
    browser = await launchChromium();
    page = await browser.context.newPage();
    errors = watchErrors(page);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const count of [1, 2, 4]) {
    it(`charts every scalar of ${count} real run(s), grouped, with every logged point`, async () => {
      const shown = ids.slice(0, count);
      const state = await open(shown);
      // Every logged scalar is a chart, in group order, with one point per logged value of each run.
      expect(state.charts).toEqual(expectedCharts(shown));
      expect(state.charts[0]!.tag).toMatch(/return|eval/i);
      expect(await page.locator('#run-legend .run-name').allTextContents()).toEqual(shown);
      expect(await page.locator('.tag-group h3').allTextContents()).toEqual(groupTags(state.charts.map((chart) => chart.tag)).map((group) => `${group.title} (${group.tags.length})`));
      await page.screenshot({ path: join(ARTIFACTS, `viewer-curves-${count}-runs.png`) });
      await page.locator('#curves-expand').click();
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(ARTIFACTS, `viewer-curves-${count}-runs-expanded.png`) });
      await page.locator('#curves-expand').click();
      expect(errors).toEqual([]);
    });
  }

  it('keeps the chart order and the run colours when runs are unticked and ticked again', async () => {
    const before = await open(ids);
    const colours = await page.locator('#run-legend .swatch').evaluateAll((swatches) => swatches.map((swatch) => (swatch as HTMLElement).style.background));
    await page.locator(`li[data-run="${ids[0]}"] input`).click();
    await waitForProbe(page, (state) => state.charts.every((chart) => !(ids[0]! in chart.points)));
    await page.locator(`li[data-run="${ids[0]}"] input`).click();
    const after = await waitForProbe(page, (state) => state.charts.some((chart) => ids[0]! in chart.points) && state.charts.length === before.charts.length);
    expect(after.charts.map((chart) => chart.tag)).toEqual(before.charts.map((chart) => chart.tag));
    const legend = await page.locator('#run-legend .run-name').allTextContents();
    const coloursAfter = await page.locator('#run-legend .swatch').evaluateAll((swatches) => swatches.map((swatch) => (swatch as HTMLElement).style.background));
    expect(Object.fromEntries(legend.map((id, i) => [id, coloursAfter[i]]))).toEqual(Object.fromEntries(ids.map((id, i) => [id, colours[i]])));
    expect(errors).toEqual([]);
  });

  it('filters tags, switches to a wall-clock axis, and enlarges a chart to the panel width', async () => {
    const all = await open(ids.slice(0, 2));
    await page.locator('#tag-filter').fill('loss');
    const filtered = await waitForProbe(page, (state) => state.charts.length < all.charts.length);
    expect(filtered.charts.map((chart) => chart.tag)).toEqual(all.charts.map((chart) => chart.tag).filter((tag) => /loss/i.test(tag)));
    await page.locator('#tag-filter').fill('');
    await page.locator('#x-axis').selectOption('time');
    const timed = await waitForProbe(page, (state) => state.charts.length === all.charts.length);
    // Every point of a training scalar has a wall-clock time; evaluation rows take the time of the row before them.
    expect(timed.charts).toEqual(all.charts);
    await page.screenshot({ path: join(ARTIFACTS, 'viewer-curves-wall-time.png') });
    await page.locator('#x-axis').selectOption('step');
    await page.locator('.chart-enlarge').first().click();
    await page.waitForTimeout(300);
    const [chartWidth, panelWidth] = (await page.evaluate(`[document.querySelector('.chart.enlarged').getBoundingClientRect().width, document.getElementById('charts').clientWidth]`)) as number[];
    expect(chartWidth).toBeGreaterThanOrEqual(panelWidth! - 2);
    await page.screenshot({ path: join(ARTIFACTS, 'viewer-curves-enlarged.png') });
    expect(errors).toEqual([]);
  });
});
