/**
 * The three ways an agent can fly the drone, all as Box[-1, 1]^4 actions held for one control
 * step and turned into rotor speeds at every physics step:
 *
 * - 'rotors': a_i scales rotor i around hover, rpm_i = HOVER_RPM (1 + rotorAuthority a_i)
 *   (gym-pybullet-drones' RPM action uses an authority of 0.05);
 * - 'thrust-rates': a_0 is the collective thrust (-1: none, 0: hover, 1: full), a_1..a_3 the
 *   body roll, pitch and yaw rates as fractions of maxBodyRate, tracked by the PID's rate loop;
 * - 'velocity': a_0..a_2 the world velocity as fractions of maxSpeed and a_3 the yaw rate as a
 *   fraction of maxYawRate, tracked by the PID's velocity, attitude and rate loops.
 */
import { ConfigError, describeValue } from '../../src/core/errors.js';
import { didYouMean } from '../../src/core/suggest.js';
import { HOVER_RPM, HOVER_THRUST, MAX_RPM, MAX_THRUST } from './cf2x.js';
import type { FlightState } from './flight-state.js';
import type { CascadedPid } from './pid.js';

export const ACTION_MODES = ['rotors', 'thrust-rates', 'velocity'] as const;
export type ActionMode = (typeof ACTION_MODES)[number];

/** How far each action mode reaches at |a| = 1. */
export interface ActionScales {
  /** 'rotors': fraction of HOVER_RPM added per unit of action. */
  rotorAuthority: number;
  /** 'thrust-rates': body rate at |a| = 1 (rad/s). */
  maxBodyRate: number;
  /** 'velocity': speed per axis at |a| = 1 (m/s). */
  maxSpeed: number;
  /** 'velocity': yaw rate at |a| = 1 (rad/s). */
  maxYawRate: number;
}

/** Checks an action mode name, with a did-you-mean hint. @example parseActionMode('velocity', 'Drone/Hover-v0') */
export function parseActionMode(value: unknown, owner: string): ActionMode {
  if (typeof value === 'string' && (ACTION_MODES as readonly string[]).includes(value)) return value as ActionMode;
  const hint = typeof value === 'string' ? didYouMean(value, ACTION_MODES) : '';
  throw new ConfigError(`${owner}: unknown actionMode ${describeValue(value)}.${hint} Expected one of: ${ACTION_MODES.join(', ')}`);
}

/** 'rotors' mode: the rotor speed (RPM) for a normalised command a in [-1, 1]. @example rotorCommandToRpm(0, 0.05) // HOVER_RPM */
export function rotorCommandToRpm(command: number, rotorAuthority: number): number {
  return Math.min(Math.max(HOVER_RPM * (1 + rotorAuthority * command), 0), MAX_RPM);
}

/**
 * 'thrust-rates' mode: the collective thrust (N) for a in [-1, 1], piecewise linear through
 * 0 -> none, hover at 0 and MAX_THRUST at 1, so that a policy's zero output hovers.
 *
 * @example collectiveToThrust(0) // HOVER_THRUST
 */
export function collectiveToThrust(command: number): number {
  return command >= 0 ? HOVER_THRUST + command * (MAX_THRUST - HOVER_THRUST) : HOVER_THRUST * (1 + command);
}

/**
 * Holds the latest action and turns it into rotor speeds at each physics step, running the
 * PID stages that the mode needs at the physics rate.
 *
 * @example const decoder = new ActionDecoder('velocity', scales, pid); decoder.setAction(a); decoder.rotorSpeeds(state, dt, rpms);
 */
export class ActionDecoder {
  private readonly action = new Float64Array(4);
  private readonly target = new Float64Array(3);

  constructor(
    readonly mode: ActionMode,
    readonly scales: ActionScales,
    private readonly pid: CascadedPid,
  ) {}

  /** Forgets the held action and the PID's integrators (episode start). */
  reset(): void {
    this.action.fill(0);
    this.pid.reset();
  }

  setAction(action: ArrayLike<number>): void {
    for (let i = 0; i < 4; i++) this.action[i] = action[i]!;
  }

  /** Rotor speeds (RPM) for the held action in `state`, one physics step of `dt` seconds. */
  rotorSpeeds(state: FlightState, dt: number, out: Float64Array): Float64Array {
    const a = this.action;
    switch (this.mode) {
      case 'rotors':
        for (let i = 0; i < 4; i++) out[i] = rotorCommandToRpm(a[i]!, this.scales.rotorAuthority);
        return out;
      case 'thrust-rates':
        for (let i = 0; i < 3; i++) this.target[i] = a[i + 1]! * this.scales.maxBodyRate;
        return this.pid.ratesToRotorSpeeds(state, collectiveToThrust(a[0]!), this.target, out);
      case 'velocity':
        for (let i = 0; i < 3; i++) this.target[i] = a[i]! * this.scales.maxSpeed;
        return this.pid.velocityToRotorSpeeds(state, this.target, a[3]! * this.scales.maxYawRate, dt, out);
    }
  }
}
