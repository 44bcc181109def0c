import type { StepResult } from '../core/env.js';
import { Wrapper } from '../core/wrapper.js';

/**
 * A wrapper that changes only actions: subclasses implement `action()`, which maps the
 * agent's action to the inner env's, and override `actionSpace` when the space changes.
 *
 * @example
 * class Reverse extends ActionWrapper<Float32Array, number, number> {
 *   action(action: number) { return 1 - action; }
 * }
 */
export abstract class ActionWrapper<Obs, Act, InnerAct> extends Wrapper<Obs, Act, Obs, InnerAct> {
  /** The inner env's action for the agent's `action`. */
  abstract action(action: Act): InnerAct;

  override step(action: Act): StepResult<Obs> {
    return this.env.step(this.action(action));
  }
}
