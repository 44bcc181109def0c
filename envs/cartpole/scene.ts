import { axisAngle, type SceneFrame, type SceneSpec } from '../../src/core/scene.js';
import { CARTPOLE } from './physics.js';

const CART_SIZE: [number, number, number] = [0.5, 0.3, 0.3];
const AXLE_HEIGHT = 0.3;
const POLE_LENGTH = 2 * CARTPOLE.halfPoleLength;

/** The static picture: a track between the two x limits, a cart and a pole. */
export const CARTPOLE_SCENE: SceneSpec = {
  background: '#f4f1ea',
  camera: { position: [0, -5.5, 1.2], target: [0, 0, 0.6] },
  objects: [
    { id: 'track', shape: { type: 'box', size: [2 * CARTPOLE.xThreshold + CART_SIZE[0], 0.05, 0.02] }, color: '#555555', position: [0, 0, AXLE_HEIGHT - CART_SIZE[2] / 2 - 0.01] },
    { id: 'limit-left', shape: { type: 'box', size: [0.02, 0.3, 0.3] }, color: '#c0392b', position: [-CARTPOLE.xThreshold - CART_SIZE[0] / 2, 0, 0.15] },
    { id: 'limit-right', shape: { type: 'box', size: [0.02, 0.3, 0.3] }, color: '#c0392b', position: [CARTPOLE.xThreshold + CART_SIZE[0] / 2, 0, 0.15] },
    { id: 'cart', shape: { type: 'box', size: CART_SIZE }, color: '#2c3e50', position: [0, 0, AXLE_HEIGHT] },
    { id: 'pole', shape: { type: 'cylinder', radius: 0.03, height: POLE_LENGTH }, color: '#d35400', position: [0, 0, AXLE_HEIGHT + CARTPOLE.halfPoleLength] },
    { id: 'axle', shape: { type: 'sphere', radius: 0.045 }, color: '#7f8c8d', position: [0, -0.02, AXLE_HEIGHT] },
  ],
};

/** Where the cart and pole are drawn for a state [x, xDot, theta, thetaDot]. */
export function cartPoleFrame(state: Float64Array, lastAction: number | undefined): SceneFrame {
  const x = state[0]!;
  const theta = state[2]!;
  return {
    scene: CARTPOLE_SCENE,
    updates: [
      { id: 'cart', position: [x, 0, AXLE_HEIGHT] },
      { id: 'axle', position: [x, -0.02, AXLE_HEIGHT] },
      {
        id: 'pole',
        // The pole pivots at the axle; its centre sits half a length along its axis.
        position: [x + CARTPOLE.halfPoleLength * Math.sin(theta), 0, AXLE_HEIGHT + CARTPOLE.halfPoleLength * Math.cos(theta)],
        quaternion: axisAngle([0, 1, 0], theta),
      },
    ],
    hud: {
      x: round(x, 3),
      'theta (deg)': round((theta * 180) / Math.PI, 2),
      action: lastAction === undefined ? '-' : lastAction === 1 ? 'push right' : 'push left',
    },
  };
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
