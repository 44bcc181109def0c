import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { alignRuns, type MetricTable } from './metrics.js';
import { smoothEma } from './smoothing.js';

/** Line colours for overlaid runs, distinguishable on white. */
const RUN_COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2'];

/**
 * One chart per logged scalar (episode return, losses, ...) against training steps, every
 * compared run overlaid: a faint raw line and a TensorBoard-smoothed line per run.
 */
export class CurvesPanel {
  private readonly charts = new Map<string, uPlot>();
  private runs: { id: string; table: MetricTable }[] = [];
  private smoothing: number;

  constructor(
    private readonly container: HTMLElement,
    smoothingInput: HTMLInputElement,
    smoothingOutput: HTMLOutputElement,
  ) {
    this.smoothing = Number(smoothingInput.value);
    smoothingInput.addEventListener('input', () => {
      this.smoothing = Number(smoothingInput.value);
      smoothingOutput.value = this.smoothing.toFixed(2);
      this.redraw();
    });
    new ResizeObserver(() => this.resize()).observe(container);
  }

  show(runs: { id: string; table: MetricTable }[]): void {
    this.runs = runs;
    this.redraw();
  }

  /** How many charts hold at least one drawn point (for tests and the empty note). */
  get drawnChartCount(): number {
    return [...this.charts.values()].filter((chart) => chart.data[0]!.length > 0).length;
  }

  private redraw(): void {
    const names = [...new Set(this.runs.flatMap((run) => [...run.table.columns.keys()]))].sort(byImportance);
    for (const [name, chart] of this.charts) {
      if (!names.includes(name)) {
        chart.destroy();
        chart.root.parentElement?.remove();
        this.charts.delete(name);
      }
    }
    if (names.length === 0) {
      this.container.innerHTML = '<p class="note">Tick runs with metrics in the list to plot their curves.</p>';
      return;
    }
    this.container.querySelector('p.note')?.remove();
    for (const name of names) this.drawChart(name);
  }

  private drawChart(name: string): void {
    const withColumn = this.runs.filter((run) => run.table.columns.has(name));
    const series = withColumn.flatMap((run) => {
      const values = run.table.columns.get(name)!;
      return [
        { steps: run.table.steps, values },
        { steps: run.table.steps, values: smoothEma(values, this.smoothing) },
      ];
    });
    const { x, ys } = alignRuns(series);
    const data: uPlot.AlignedData = [x, ...ys];
    const signature = withColumn.map((run) => run.id).join('|');
    const existing = this.charts.get(name);
    if (existing && existing.root.dataset.signature === signature) {
      existing.setData(data);
      return;
    }
    if (existing) {
      existing.destroy();
      existing.root.parentElement?.remove();
    }
    const holder = document.createElement('div');
    holder.className = 'chart';
    this.container.appendChild(holder);
    const chartSeries: uPlot.Series[] = [{ label: 'step' }];
    withColumn.forEach((run, index) => {
      const colour = RUN_COLOURS[index % RUN_COLOURS.length]!;
      chartSeries.push({ label: `${run.id} (raw)`, stroke: colour + '40', width: 1, spanGaps: true, points: { show: false } });
      chartSeries.push({ label: run.id, stroke: colour, width: 2, spanGaps: true, points: { show: false } });
    });
    const chart = new uPlot({ title: name, width: this.chartWidth(), height: 200, series: chartSeries, legend: { show: true, live: false }, scales: { x: { time: false } } }, data, holder);
    chart.root.dataset.signature = signature;
    this.charts.set(name, chart);
  }

  private chartWidth(): number {
    const width = this.container.clientWidth;
    const columns = Math.max(1, Math.floor(width / 420));
    return Math.max(260, Math.floor(width / columns) - 16);
  }

  private resize(): void {
    const width = this.chartWidth();
    for (const chart of this.charts.values()) chart.setSize({ width, height: 200 });
  }
}

/** Returns first, losses next, the rest alphabetically. */
function byImportance(a: string, b: string): number {
  const rank = (name: string): number => (/return|reward/i.test(name) ? 0 : /loss/i.test(name) ? 1 : 2);
  return rank(a) - rank(b) || a.localeCompare(b);
}
