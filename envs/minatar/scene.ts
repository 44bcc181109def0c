import type { SceneFrame, SceneSpec } from '../../src/core/scene.js';
import { GRID_SIZE } from './game.js';
import { CELL_COUNT } from './grid.js';
import { displayPalette } from './palette.js';

const GRID_ID = 'board';
/** Height of the board's centre above the ground, so the viewer's ground grid stays out of it. */
const BOARD_CENTRE_Z = GRID_SIZE / 2;

const scenes = new Map<string, SceneSpec>();

/**
 * The static picture of a MinAtar game: one 10x10 'grid' shape with a colour per channel
 * (index c + 1 draws channel c; 0 is empty; see `displayPalette`), on MinAtar's black background.
 * One object per game, so senders see the same scene for every frame.
 *
 * @example const scene = minatarScene('Breakout', 4);
 */
export function minatarScene(game: string, channelCount: number): SceneSpec {
  const key = `${game}/${channelCount}`;
  let scene = scenes.get(key);
  if (!scene) {
    scene = {
      background: '#000000',
      ground: false,
      camera: { position: [0, -17, BOARD_CENTRE_Z], target: [0, 0, BOARD_CENTRE_Z] },
      objects: [
        {
          id: GRID_ID,
          position: [0, 0, BOARD_CENTRE_Z],
          shape: { type: 'grid', rows: GRID_SIZE, cols: GRID_SIZE, cellSize: 1, palette: ['#000000', ...displayPalette(channelCount)], cells: new Uint8Array(CELL_COUNT) },
        },
      ],
    };
    scenes.set(key, scene);
  }
  return scene;
}

/**
 * Which palette entry each cell shows: the highest channel that is on, plus one (0 when none
 * is), as MinAtar's `display_state` picks it.
 *
 * @example paletteCells(observation, 4)[9 * 10 + 4] // 1: Breakout's paddle at the start
 */
export function paletteCells(observation: Uint8Array, channelCount: number, offset = 0): Uint8Array {
  const cells = new Uint8Array(CELL_COUNT);
  for (let cell = 0; cell < CELL_COUNT; cell++) {
    const base = offset + cell * channelCount;
    for (let channel = channelCount - 1; channel >= 0; channel--) {
      if (observation[base + channel] === 1) {
        cells[cell] = channel + 1;
        break;
      }
    }
  }
  return cells;
}

/**
 * A frame of the board for an observation, with a HUD of named values.
 *
 * @example const frame = minatarFrame('Breakout', observation, 4, { return: 3 });
 */
export function minatarFrame(game: string, observation: Uint8Array, channelCount: number, hud: Record<string, number | string>): SceneFrame {
  return {
    scene: minatarScene(game, channelCount),
    updates: [{ id: GRID_ID, cells: paletteCells(observation, channelCount) }],
    hud,
  };
}
