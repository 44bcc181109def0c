import type { Env, EnvMetadata, EnvSpec, ResetOptions, ResetResult, StepResult } from './env.js';
import type { Space } from './spaces/space.js';
import type { SceneFrame } from './scene.js';

/**
 * Wraps an env to change one aspect of it; everything it does not override passes through.
 * Subclasses override `reset`/`step` (and the spaces when they change them).
 *
 * @example
 * class Doubled extends Wrapper<Float32Array, number> {
 *   override step(action: number) { const r = this.env.step(action); r.reward *= 2; return r; }
 * }
 */
export class Wrapper<Obs, Act, InnerObs = Obs, InnerAct = Act> implements Env<Obs, Act> {
  constructor(readonly env: Env<InnerObs, InnerAct>) {}

  get observationSpace(): Space<Obs> {
    return this.env.observationSpace as unknown as Space<Obs>;
  }

  get actionSpace(): Space<Act> {
    return this.env.actionSpace as unknown as Space<Act>;
  }

  get metadata(): EnvMetadata {
    return this.env.metadata;
  }

  get spec(): EnvSpec | undefined {
    return this.env.spec;
  }

  set spec(spec: EnvSpec | undefined) {
    this.env.spec = spec;
  }

  reset(options?: ResetOptions): ResetResult<Obs> {
    return this.env.reset(options) as unknown as ResetResult<Obs>;
  }

  step(action: Act): StepResult<Obs> {
    return this.env.step(action as unknown as InnerAct) as unknown as StepResult<Obs>;
  }

  render(): SceneFrame | undefined {
    return this.env.render();
  }

  close(): void {
    this.env.close();
  }

  get unwrapped(): Env<Obs, Act> {
    return this.env.unwrapped as unknown as Env<Obs, Act>;
  }

  toString(): string {
    return `${this.constructor.name}<${String(this.env)}>`;
  }
}
