/** A small SVG line chart for training curves: no dependencies, readable in any browser. */

export interface Series {
  name: string;
  colour: string;
  points: [number, number][];
}

const WIDTH = 720;
const HEIGHT = 360;
const MARGIN = { left: 60, right: 200, top: 30, bottom: 45 };

/**
 * Draws the series on shared axes (y from 0), with a legend and horizontal reference lines.
 *
 * @example writeFileSync('curve.svg', lineChartSvg('PilotNet', 'epoch', 'MAE (deg)', [{ name: 'val', colour: '#c0392b', points: [[1, 2.1], [2, 1.4]] }]));
 */
export function lineChartSvg(title: string, xLabel: string, yLabel: string, series: Series[], references: { name: string; value: number; colour: string }[] = []): string {
  const all = series.flatMap((s) => s.points);
  const xMax = Math.max(1, ...all.map((p) => p[0]));
  const xMin = Math.min(xMax - 1, ...all.map((p) => p[0]));
  const yMax = niceCeiling(Math.max(1e-9, ...all.map((p) => p[1]), ...references.map((r) => r.value)));
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const px = (x: number): number => MARGIN.left + ((x - xMin) / (xMax - xMin)) * plotWidth;
  const py = (y: number): number => MARGIN.top + plotHeight - (y / yMax) * plotHeight;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
    `<text x="${WIDTH / 2}" y="18" text-anchor="middle" font-size="14">${escapeXml(title)}</text>`,
  ];
  for (let i = 0; i <= 4; i++) {
    const y = (yMax * i) / 4;
    parts.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left + plotWidth}" y1="${py(y)}" y2="${py(y)}" stroke="#ddd"/>`);
    parts.push(`<text x="${MARGIN.left - 6}" y="${py(y) + 4}" text-anchor="end">${formatTick(y)}</text>`);
  }
  for (const x of ticks(xMin, xMax)) parts.push(`<text x="${px(x)}" y="${MARGIN.top + plotHeight + 16}" text-anchor="middle">${x}</text>`);
  parts.push(`<text x="${MARGIN.left + plotWidth / 2}" y="${HEIGHT - 8}" text-anchor="middle">${escapeXml(xLabel)}</text>`);
  parts.push(`<text transform="translate(16 ${MARGIN.top + plotHeight / 2}) rotate(-90)" text-anchor="middle">${escapeXml(yLabel)}</text>`);
  let legendY = MARGIN.top + 10;
  const legend = (name: string, colour: string, dashed: boolean): void => {
    const lx = MARGIN.left + plotWidth + 12;
    parts.push(`<line x1="${lx}" x2="${lx + 20}" y1="${legendY}" y2="${legendY}" stroke="${colour}" stroke-width="2"${dashed ? ' stroke-dasharray="5 3"' : ''}/>`);
    parts.push(`<text x="${lx + 26}" y="${legendY + 4}">${escapeXml(name)}</text>`);
    legendY += 18;
  };
  for (const reference of references) {
    parts.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left + plotWidth}" y1="${py(reference.value)}" y2="${py(reference.value)}" stroke="${reference.colour}" stroke-dasharray="5 3"/>`);
    legend(reference.name, reference.colour, true);
  }
  for (const s of series) {
    const path = s.points.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${px(x).toFixed(1)},${py(y).toFixed(1)}`).join(' ');
    parts.push(`<path d="${path}" fill="none" stroke="${s.colour}" stroke-width="2"/>`);
    for (const [x, y] of s.points) parts.push(`<circle cx="${px(x).toFixed(1)}" cy="${py(y).toFixed(1)}" r="2.5" fill="${s.colour}"/>`);
    legend(s.name, s.colour, false);
  }
  parts.push(`<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotWidth}" height="${plotHeight}" fill="none" stroke="#888"/>`, '</svg>');
  return parts.join('\n') + '\n';
}

function niceCeiling(value: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * magnitude >= value) return step * magnitude;
  return 10 * magnitude;
}

function ticks(min: number, max: number): number[] {
  const step = Math.max(1, Math.ceil((max - min) / 10));
  const out: number[] = [];
  for (let x = Math.ceil(min); x <= max; x += step) out.push(x);
  return out;
}

function formatTick(value: number): string {
  return Number(value.toPrecision(3)).toString();
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);
}
