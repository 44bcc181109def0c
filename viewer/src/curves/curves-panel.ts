import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { alignRuns, type MetricSeries, type MetricTable } from './metrics.js';
import { RunColours } from './run-colours.js';
import { smoothEma } from './smoothing.js';
import { groupTags, type TagGroup } from './tag-groups.js';
import { formatSeconds, formatTicks } from './tick-labels.js';

/** What the x axis counts: training steps, or wall-clock seconds since each run started. */
export type CurvesXAxis = 'step' | 'time';

/** A run the panel plots. */
export interface CurvesRun {
  id: string;
  table: MetricTable;
}

/** Charts this wide or wider share a row; the grid fits as many as the panel holds. */
const MIN_CHART_WIDTH = 320;
/** A chart's frame (border and padding) around its plot, and the gap between charts, in CSS pixels. */
const CHART_FRAME = 8;
const CHART_GAP = 10;
const AXIS_FONT = '11px system-ui, sans-serif';
/** A smoothed line with this few points also shows its points, so a short run is never blank. */
const FEW_POINTS = 30;

/**
 * The training curves, arranged as TensorBoard's scalars dashboard: one chart per logged
 * scalar, grouped (returns and evaluation, losses, the rest) in a stable order; a tag filter;
 * a step or wall-clock x axis; TensorBoard's smoothing; one legend for the runs, each drawn in
 * a colour it keeps; charts sized to the panel, each of which can be enlarged (button or
 * double-click), and the whole panel can take the page.
 *
 * @example const panel = new CurvesPanel(document.getElementById('curves')!); panel.show([{ id: 'ppo-1', table }]);
 */
export class CurvesPanel {
  private readonly charts = new Map<string, uPlot>();
  private readonly colours = new RunColours();
  private readonly enlarged = new Set<string>();
  private readonly legend: HTMLElement;
  private readonly body: HTMLElement;
  private runs: CurvesRun[] = [];
  private smoothing: number;
  private filter = '';
  private xAxis: CurvesXAxis = 'step';
  private layoutKey = '';

  constructor(private readonly section: HTMLElement) {
    const smoothingInput = section.querySelector<HTMLInputElement>('#smoothing')!;
    const smoothingOutput = section.querySelector<HTMLOutputElement>('#smoothing-value')!;
    const filterInput = section.querySelector<HTMLInputElement>('#tag-filter')!;
    const xAxisSelect = section.querySelector<HTMLSelectElement>('#x-axis')!;
    const expand = section.querySelector<HTMLButtonElement>('#curves-expand')!;
    this.legend = section.querySelector<HTMLElement>('#run-legend')!;
    this.body = section.querySelector<HTMLElement>('#charts')!;
    this.smoothing = Number(smoothingInput.value);
    smoothingInput.addEventListener('input', () => {
      this.smoothing = Number(smoothingInput.value);
      smoothingOutput.value = this.smoothing.toFixed(2);
      this.render();
    });
    filterInput.addEventListener('input', () => {
      this.filter = filterInput.value;
      this.render();
    });
    xAxisSelect.addEventListener('change', () => {
      this.xAxis = xAxisSelect.value === 'time' ? 'time' : 'step';
      this.render();
    });
    expand.addEventListener('click', () => {
      const expanded = document.body.classList.toggle('curves-expanded');
      expand.textContent = expanded ? 'Show the scene' : 'Enlarge the curves';
    });
    new ResizeObserver(() => this.render()).observe(this.body);
  }

  show(runs: CurvesRun[]): void {
    this.runs = runs;
    this.render();
  }

  /** How many charts hold at least one drawn point (for tests and the empty note). */
  get drawnChartCount(): number {
    return [...this.charts.values()].filter((chart) => chart.data.slice(1).some((ys) => Array.from(ys as ArrayLike<number | null | undefined>).some((y) => y !== null && y !== undefined))).length;
  }

  /** Each chart in the order shown, with the raw points each run has on it (for tests). */
  get chartSummary(): { tag: string; points: Record<string, number> }[] {
    return [...this.charts.entries()].map(([tag, chart]) => {
      const points: Record<string, number> = {};
      // Series 1, 3, 5, ... are the runs' raw lines (2, 4, 6, ... their smoothed ones).
      for (let index = 1; index < chart.series.length; index += 2) {
        points[chart.series[index + 1]!.label as string] = Array.from(chart.data[index] ?? [] as (number | null | undefined)[]).filter((y) => y !== null && y !== undefined).length;
      }
      return { tag, points };
    });
  }

  private render(): void {
    const runs = this.runs.filter((run) => run.table.series.size > 0);
    const groups = groupTags(
      runs.flatMap((run) => [...run.table.series.keys()]),
      this.filter,
    );
    this.showLegend(runs);
    const width = this.body.clientWidth;
    const key = JSON.stringify([groups, runs.map((run) => run.id), this.xAxis, [...this.enlarged], width]);
    if (key !== this.layoutKey) {
      this.layoutKey = key;
      this.layout(groups, runs, width);
    } else {
      for (const [tag, chart] of this.charts) chart.setData(this.chartData(tag, runs));
    }
  }

  private showLegend(runs: CurvesRun[]): void {
    this.legend.innerHTML = '';
    for (const run of runs) {
      const item = document.createElement('span');
      item.className = 'run-key';
      item.title = run.id;
      const swatch = document.createElement('span');
      swatch.className = 'swatch';
      swatch.style.background = this.colours.of(run.id);
      const name = document.createElement('span');
      name.className = 'run-name';
      name.textContent = run.id;
      item.append(swatch, name);
      this.legend.appendChild(item);
    }
  }

  private layout(groups: TagGroup[], runs: CurvesRun[], width: number): void {
    for (const chart of this.charts.values()) chart.destroy();
    this.charts.clear();
    this.body.innerHTML = '';
    if (groups.length === 0) {
      const note = document.createElement('p');
      note.className = 'note';
      note.textContent = this.runs.length === 0 ? 'Tick runs in the list to plot their curves.' : this.filter ? `No logged scalar matches "${this.filter}".` : 'The ticked runs have not logged any scalars yet.';
      this.body.appendChild(note);
      return;
    }
    if (width <= 0) return; // hidden: laid out when it shows (the resize observer calls back)
    const columns = Math.max(1, Math.floor((width + CHART_GAP) / (MIN_CHART_WIDTH + CHART_GAP)));
    const chartWidth = Math.floor((width - (columns - 1) * CHART_GAP) / columns) - CHART_FRAME;
    const chartHeight = Math.round(Math.min(Math.max(chartWidth * 0.5, 150), 220));
    for (const group of groups) {
      const section = document.createElement('section');
      section.className = 'tag-group';
      const title = document.createElement('h3');
      title.textContent = `${group.title} (${group.tags.length})`;
      const grid = document.createElement('div');
      grid.className = 'chart-grid';
      section.append(title, grid);
      this.body.appendChild(section);
      for (const tag of group.tags) {
        const big = this.enlarged.has(tag);
        this.charts.set(tag, this.makeChart(grid, tag, runs, big ? width - CHART_FRAME : chartWidth, big ? Math.round(Math.min(width * 0.45, 480)) : chartHeight));
      }
    }
  }

  private makeChart(grid: HTMLElement, tag: string, runs: CurvesRun[], width: number, height: number): uPlot {
    const holder = document.createElement('div');
    holder.className = `chart${this.enlarged.has(tag) ? ' enlarged' : ''}`;
    holder.dataset.tag = tag;
    const header = document.createElement('div');
    header.className = 'chart-header';
    const title = document.createElement('span');
    title.className = 'chart-title';
    title.textContent = tag;
    title.title = tag;
    const readout = document.createElement('span');
    readout.className = 'chart-readout';
    const enlarge = document.createElement('button');
    enlarge.className = 'chart-enlarge';
    enlarge.textContent = this.enlarged.has(tag) ? '⤡' : '⤢';
    enlarge.title = this.enlarged.has(tag) ? 'Back to the grid' : 'Enlarge this chart';
    const toggle = (): void => {
      if (this.enlarged.has(tag)) this.enlarged.delete(tag);
      else this.enlarged.add(tag);
      this.render();
    };
    enlarge.addEventListener('click', toggle);
    holder.addEventListener('dblclick', toggle);
    header.append(title, readout, enlarge);
    holder.appendChild(header);
    grid.appendChild(holder);

    const withTag = runs.filter((run) => run.table.series.has(tag));
    const series: uPlot.Series[] = [{ label: this.xAxis }];
    for (const run of withTag) {
      const colour = this.colours.of(run.id);
      const points = run.table.series.get(tag)!.values.length;
      series.push({ label: `${run.id} (raw)`, stroke: colour + '40', width: 1, spanGaps: true, points: { show: false } });
      series.push({ label: run.id, stroke: colour, width: 2, spanGaps: true, points: { show: points <= FEW_POINTS, size: 5, fill: colour } });
    }
    const formatX = this.xAxis === 'time' ? formatSeconds : formatTicks;
    const options: uPlot.Options = {
      width,
      height,
      series,
      legend: { show: false },
      cursor: { drag: { x: true, y: false } },
      scales: { x: { time: false } },
      axes: [
        { font: AXIS_FONT, values: (_u, ticks, _axis, _space, spacing) => formatX(ticks, spacing), size: 30, space: 60 },
        { font: AXIS_FONT, values: (_u, ticks, _axis, _space, spacing) => formatTicks(ticks, spacing), size: (_u, values) => axisWidth(values), space: 30 },
      ],
      hooks: {
        setCursor: [(u) => (readout.textContent = describeCursor(u, withTag, this.xAxis))],
      },
    };
    return new uPlot(options, this.chartData(tag, runs), holder);
  }

  private chartData(tag: string, runs: CurvesRun[]): uPlot.AlignedData {
    const lines = runs
      .filter((run) => run.table.series.has(tag))
      .flatMap((run) => {
        const points = this.pointsOf(run.table.series.get(tag)!);
        return [points, { steps: points.steps, values: smoothEma(points.values, this.smoothing) }];
      });
    const { x, ys } = alignRuns(lines);
    return [x, ...ys];
  }

  /** A series against the chosen x axis (points logged before any wall-clock time are left out of a time axis). */
  private pointsOf(series: MetricSeries): { steps: number[]; values: number[] } {
    if (this.xAxis === 'step') return { steps: series.steps, values: series.values };
    const steps: number[] = [];
    const values: number[] = [];
    series.times.forEach((time, i) => {
      if (time === null) return;
      steps.push(time);
      values.push(series.values[i]!);
    });
    return { steps, values };
  }
}

let measuringContext: CanvasRenderingContext2D | null | undefined;

/** The y axis's width: its longest label plus the tick and gap, so no label is ever clipped. */
function axisWidth(values: string[] | null): number {
  if (!values || values.length === 0) return 40;
  measuringContext ??= document.createElement('canvas').getContext('2d');
  if (!measuringContext) return 60;
  measuringContext.font = AXIS_FONT;
  const widest = Math.max(...values.map((value) => measuringContext!.measureText(value ?? '').width));
  return Math.ceil(widest) + 18;
}

/** "step 15.7k · ppo-1 240 · dqn-1 23.7": the smoothed values under the cursor. */
function describeCursor(u: uPlot, runs: CurvesRun[], xAxis: CurvesXAxis): string {
  const index = u.cursor.idx;
  if (index === null || index === undefined) return '';
  const x = u.data[0]![index]!;
  const parts = [xAxis === 'time' ? formatSeconds([x], 1)[0]! : `step ${x.toLocaleString('en-US')}`];
  runs.forEach((run, k) => {
    const value = u.data[2 + 2 * k]?.[index];
    if (value !== null && value !== undefined) parts.push(`${run.id} ${Number(value.toPrecision(4))}`);
  });
  return parts.join(' · ');
}
