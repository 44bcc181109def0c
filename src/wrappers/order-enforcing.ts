import { calledBeforeReset, EnvError } from '../core/errors.js';
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
    if (!this.hasReset) throw calledBeforeReset(this.spec?.id ?? 'env');
    return this.env.step(action);
  }

  override render() {
    if (!this.hasReset) throw calledBeforeReset(this.spec?.id ?? 'env', 'render');
    return this.env.render();
  }
}
