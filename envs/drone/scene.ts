/**
 * How a drone episode looks in the viewer (scene protocol, Z up, metres): the cf2x at its real
 * size (body, two arms, four propellers and their discs), the task's markers and pillars, the
 * arena as a wireframe box and the recent trail.
 *
 * Propellers turn at their commanded speed slowed down by ROTOR_DRAW_SLOWDOWN: the real
 * 240 rev/s would alias into random jumps at 30 frames per second.
 */
import { axisAngle, type ObjectUpdate, type SceneObject, type SceneSpec, type Vec3 } from '../../src/core/scene.js';
import { CF2X, ROTOR_POSITIONS, ROTOR_SPIN } from './cf2x.js';
import type { FlightState } from './flight-state.js';
import type { Arena } from './task.js';

export const ROTOR_DRAW_SLOWDOWN = 100;
/** Control steps of trail kept (about 3 s at 30 Hz). */
export const TRAIL_LENGTH = 90;

/** The static scene of one episode: the drone's parts, the arena and the task's objects. */
export function droneSceneSpec(arena: Arena, taskObjects: SceneObject[], start: FlightState): SceneSpec {
  const centre: Vec3 = [0, 1, 2].map((i) => (arena.min[i]! + arena.max[i]!) / 2) as Vec3;
  const size: Vec3 = [0, 1, 2].map((i) => arena.max[i]! - arena.min[i]!) as Vec3;
  const p = start.position;
  const q = start.quaternion;
  const objects: SceneObject[] = [
    { id: 'arena', shape: { type: 'box', size }, position: centre, color: '#7f8c8d', wireframe: true, opacity: 0.3 },
    ...taskObjects,
    { id: 'drone', shape: { type: 'box', size: [0.03, 0.03, 0.012] }, color: '#2c3e50', position: [p[0]!, p[1]!, p[2]!], quaternion: [q[0]!, q[1]!, q[2]!, q[3]!] },
    { id: 'arm-a', parent: 'drone', shape: { type: 'box', size: [2 * CF2X.armLength, 0.006, 0.004] }, color: '#34495e', quaternion: axisAngle([0, 0, 1], Math.PI / 4) },
    { id: 'arm-b', parent: 'drone', shape: { type: 'box', size: [2 * CF2X.armLength, 0.006, 0.004] }, color: '#34495e', quaternion: axisAngle([0, 0, 1], -Math.PI / 4) },
    ...ROTOR_POSITIONS.flatMap(([x, y], k): SceneObject[] => {
      const hub: Vec3 = [x, y, 0.008];
      return [
        { id: `rotor-disc-${k}`, parent: 'drone', shape: { type: 'cylinder', radius: CF2X.propellerRadius, height: 0.001 }, color: '#bdc3c7', opacity: 0.25, position: hub },
        // Counter-clockwise rotors red, clockwise black, as on the real cf2x props.
        { id: `rotor-${k}`, parent: 'drone', shape: { type: 'box', size: [2 * CF2X.propellerRadius, 0.006, 0.002] }, color: ROTOR_SPIN[k]! > 0 ? '#c0392b' : '#111111', position: hub },
      ];
    }),
    { id: 'trail', shape: { type: 'line', points: [[p[0]!, p[1]!, p[2]!]] }, color: '#2980b9' },
  ];
  // About half a metre behind and above: the 13 cm drone fills a third of the view's height.
  return { objects, camera: { position: [p[0]! - 0.25, p[1]! - 0.33, p[2]! + 0.19], target: [p[0]!, p[1]!, p[2]!], follow: 'drone' }, background: '#eef2f5', ground: true };
}

/** This frame's moving parts: the drone's pose, the propellers' angles and the trail. */
export function droneUpdates(state: FlightState, rotorAngles: ArrayLike<number>, trail: readonly Vec3[]): ObjectUpdate[] {
  const p = state.position;
  const q = state.quaternion;
  const updates: ObjectUpdate[] = [{ id: 'drone', position: [p[0]!, p[1]!, p[2]!], quaternion: [q[0]!, q[1]!, q[2]!, q[3]!] }];
  for (let k = 0; k < 4; k++) updates.push({ id: `rotor-${k}`, quaternion: axisAngle([0, 0, 1], rotorAngles[k]! / ROTOR_DRAW_SLOWDOWN) });
  updates.push({ id: 'trail', points: trail.slice() });
  return updates;
}
