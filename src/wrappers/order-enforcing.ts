import { EnvError } from '../core/errors.js';
import type { ResetOptions, ResetResult, StepResult } from '../core/env.js';
import { Wrapper } from '../core/wrapper.js';

/** Refuses `step()` and `render()` before the first `reset()`, with an error that names the env. */
export class OrderEnforcing<Obs, Act> extends Wrapper<Obs, Act> {
  private hasReset = false;

  override reset(options?: ResetOptions): ResetResult<Obs> {
    const result = this.env.reset(options);
    this.hasReset = true;
    return result;
  }

  override step(action: Act): StepResult<Obs> {
    if (!this.hasReset) throw new EnvError(`${this.spec?.id ?? 'env'}: step() called before reset(); call reset() first`);
    return this.env.step(action);
  }

  override render() {
    if (!this.hasReset) throw new EnvError(`${this.spec?.id ?? 'env'}: render() called before reset(); call reset() first`);
    return this.env.render();
  }
}
