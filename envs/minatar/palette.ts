import type { Color } from '../../src/core/scene.js';

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

/**
 * The colours the viewer draws the channels with: the same cubehelix colormap, dark to light in
 * channel order like MinAtar's, but sampled at lightness 0.45 to 0.9 instead of MinAtar's
 * 1/(C+1) to C/(C+1). MinAtar's first colour is nearly black (Breakout's paddle was a dark blue
 * that hardly showed on the black board); here every channel reads on black at a glance.
 *
 * @example displayPalette(4)[0] // Breakout's paddle, in olive: plain on black
 */
export function displayPalette(count: number): Color[] {
  const colors: Color[] = [];
  for (let k = 0; k < count; k++) colors.push(rgbHex(cubehelix(count === 1 ? 0.6 : 0.45 + (0.45 * k) / (count - 1))));
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
