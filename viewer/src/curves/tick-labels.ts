/**
 * Tick labels with the precision their spacing needs: ticks 0.5 apart read 0.5, 1.0, 1.5;
 * ticks 0.0001 apart read 2.2443, 2.2444; large values are shortened (20k, 1.5M) so a narrow
 * axis never clips them; tiny ones use an exponent (3e-4).
 *
 * @example formatTicks([0, 5000, 10000, 15000, 20000], 5000) // ['0', '5k', '10k', '15k', '20k']
 */
export function formatTicks(ticks: readonly number[], spacing: number): string[] {
  const largest = Math.max(0, ...ticks.map((tick) => Math.abs(tick)));
  if (largest > 0 && largest < 1e-3) {
    // An exponent, with as many digits as the spacing needs relative to the largest tick.
    const exponent = Math.floor(Math.log10(largest));
    const digits = decimalsFor(spacing / 10 ** exponent);
    return ticks.map((tick) => (tick === 0 ? '0' : tick.toExponential(digits).replace(/\.?0+e/, 'e').replace('e+', 'e')));
  }
  const [unit, suffix] = largest >= 1e9 ? [1e9, 'G'] : largest >= 1e6 ? [1e6, 'M'] : largest >= 1e4 ? [1e3, 'k'] : [1, ''];
  const decimals = decimalsFor(spacing / unit);
  return ticks.map((tick) => {
    const text = (tick / unit).toFixed(decimals);
    return Number(text) === 0 ? '0' : `${text}${suffix}`;
  });
}

/**
 * Wall-clock ticks in seconds since the run started: 45s, 2:30 (minutes), 1:05:00 (hours).
 *
 * @example formatSeconds([0, 60, 120], 60) // ['0:00', '1:00', '2:00']
 */
export function formatSeconds(ticks: readonly number[], spacing: number): string[] {
  const largest = Math.max(0, ...ticks.map((tick) => Math.abs(tick)));
  if (largest < 60) return formatTicks(ticks, spacing).map((text) => `${text}s`);
  const pad = (value: number): string => String(value).padStart(2, '0');
  return ticks.map((tick) => {
    const total = Math.round(Math.abs(tick));
    const sign = tick < 0 ? '-' : '';
    const hours = Math.floor(total / 3600);
    const minutes = Math.floor((total % 3600) / 60);
    const seconds = total % 60;
    return largest >= 3600 ? `${sign}${hours}:${pad(minutes)}:${pad(seconds)}` : `${sign}${minutes}:${pad(seconds)}`;
  });
}

/** The fewest decimals that write multiples of `spacing` exactly (0.25 -> 2, 5 -> 0). */
function decimalsFor(spacing: number): number {
  if (!(spacing > 0) || !Number.isFinite(spacing)) return 0;
  for (let decimals = 0; decimals < 12; decimals++) {
    const scaled = spacing * 10 ** decimals;
    if (Math.abs(scaled - Math.round(scaled)) < 1e-6 * Math.max(1, scaled)) return decimals;
  }
  return 12;
}
