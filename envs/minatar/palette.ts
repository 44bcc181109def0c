import type { Color } from '../../src/core/protocol.js';

/**
 * The colours MinAtar draws its channels with: seaborn's `color_palette('cubehelix', C)`, that
 * is matplotlib's 'cubehelix' colormap (Green, 2011: start 0.5, rotations -1.5, hue 1, gamma 1)
 * sampled at C evenly spaced interior points of its 256-entry lookup table.
 *
 * @example cubehelixPalette(4) // one '#rrggbb' per Breakout channel, dark to light
 */
export function cubehelixPalette(count: number): Color[] {
  const colors: Color[] = [];
  for (let k = 1; k <= count; k++) {
    // matplotlib picks lookup entry floor(x * 256) of a table sampled at i / 255.
    const entry = Math.min(255, Math.floor((k / (count + 1)) * 256));
    colors.push(rgbHex(cubehelix(entry / 255)));
  }
  return colors;
}

/** Dave Green's cubehelix scheme at lightness x in [0, 1], as [r, g, b] in [0, 1]. */
export function cubehelix(x: number): [number, number, number] {
  const amplitude = (x * (1 - x)) / 2;
  const angle = 2 * Math.PI * (0.5 / 3 - 1.5 * x);
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const clamp = (v: number): number => Math.min(1, Math.max(0, v));
  return [
    clamp(x + amplitude * (-0.14861 * cos + 1.78277 * sin)),
    clamp(x + amplitude * (-0.29227 * cos - 0.90649 * sin)),
    clamp(x + amplitude * (1.97294 * cos)),
  ];
}

function rgbHex([r, g, b]: [number, number, number]): Color {
  const byte = (v: number): string => Math.round(v * 255).toString(16).padStart(2, '0');
  return `#${byte(r)}${byte(g)}${byte(b)}`;
}
