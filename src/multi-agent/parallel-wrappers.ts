import type { EnvMetadata, EnvSpec, ResetOptions } from '../core/env.js';
import { calledBeforeReset, EnvError } from '../core/errors.js';
import type { SceneFrame } from '../core/scene.js';
import type { Space } from '../core/spaces/space.js';
import { AliveSlots, checkFlatActions, supportsFlatStepping, type FlatBuffers, type FlatStepping } from './flat-stepping.js';
import { checkParallelActions, type ParallelEnv, type ParallelResetResult, type ParallelStepResult, type PerAgent } from './parallel-env.js';

/**
 * Forwards everything to the wrapped ParallelEnv; subclasses override what they change. The flat
 * path (`stepFlat`, `resetFlat`, see `FlatStepping`) is forwarded too, and offered only while
 * the wrapped env offers it and the subclass does not override `step` or `reset` alone.
 */
export class ParallelWrapper<Obs = unknown, Act = unknown> implements ParallelEnv<Obs, Act>, FlatStepping {
  constructor(protected readonly env: ParallelEnv<Obs, Act>) {}

  get canStepFlat(): boolean {
    const base = ParallelWrapper.prototype;
    const dictChanged = this.step !== base.step || this.reset !== base.reset;
    const flatChanged = this.stepFlat !== base.stepFlat && this.resetFlat !== base.resetFlat;
    return supportsFlatStepping(this.env) && (!dictChanged || flatChanged);
  }
  resetFlat(options: ResetOptions | undefined, out: FlatBuffers): void {
    this.flatInner().resetFlat(options, out);
  }
  stepFlat(actions: ArrayLike<number>, out: FlatBuffers): void {
    this.flatInner().stepFlat(actions, out);
  }
  /** The wrapped env as a FlatStepping; throws when it has no flat path. */
  protected flatInner(): FlatStepping {
    if (!supportsFlatStepping(this.env)) throw new EnvError(`${this.spec?.id ?? 'env'}: the wrapped env has no flat path (stepFlat/resetFlat); use step()/reset()`);
    return this.env;
  }

  get possibleAgents(): readonly string[] {
    return this.env.possibleAgents;
  }
  get agents(): readonly string[] {
    return this.env.agents;
  }
  observationSpace(agent: string): Space<Obs> {
    return this.env.observationSpace(agent);
  }
  actionSpace(agent: string): Space<Act> {
    return this.env.actionSpace(agent);
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
  reset(options?: ResetOptions): ParallelResetResult<Obs> {
    return this.env.reset(options);
  }
  step(actions: PerAgent<Act>): ParallelStepResult<Obs> {
    return this.env.step(actions);
  }
  render(): SceneFrame | undefined {
    return this.env.render();
  }
  close(): void {
    this.env.close();
  }
  get unwrapped(): ParallelEnv<Obs, Act> {
    return this.env.unwrapped;
  }
}

/**
 * Refuses `step()` and `render()` before the first `reset()`, and checks every `step()`'s
 * actions against `agents` and the action spaces (missing action, action for an agent that is
 * not alive, action outside its space), so a ParallelEnv made by `makeParallel` always answers
 * bad input with an error naming the env, the agent and the value.
 */
export class ParallelOrderEnforcing<Obs, Act> extends ParallelWrapper<Obs, Act> {
  private hasReset = false;
  private slots: AliveSlots | undefined;

  override resetFlat(options: ResetOptions | undefined, out: FlatBuffers): void {
    this.flatInner().resetFlat(options, out);
    this.hasReset = true;
  }

  override stepFlat(actions: ArrayLike<number>, out: FlatBuffers): void {
    const name = this.spec?.id ?? 'env';
    if (!this.hasReset) throw new EnvError(`${name}: step() called before reset(); call reset() first`);
    if (this.env.agents.length === 0) throw new EnvError(`${name}: step() called after every agent is done; call reset() first`);
    const possible = this.env.possibleAgents;
    const agents = this.env.agents;
    checkFlatActions(name, this.env.actionSpace(possible[0]!) as never, agents, (this.slots ??= new AliveSlots(possible)).of(agents), actions, possible.length);
    this.flatInner().stepFlat(actions, out);
  }

  override reset(options?: ResetOptions): ParallelResetResult<Obs> {
    const result = this.env.reset(options);
    this.hasReset = true;
    return result;
  }

  override step(actions: PerAgent<Act>): ParallelStepResult<Obs> {
    const name = this.spec?.id ?? 'env';
    if (!this.hasReset) throw calledBeforeReset(name);
    if (this.env.agents.length === 0) throw new EnvError(`${name}: step() called after every agent is done; call reset() first`);
    checkParallelActions(this.env, actions, name);
    return this.env.step(actions);
  }

  override render(): SceneFrame | undefined {
    if (!this.hasReset) throw calledBeforeReset(this.spec?.id ?? 'env', 'render');
    return this.env.render();
  }
}

/**
 * Ends the world after `maxEpisodeSteps` steps: every agent still alive then is truncated (its
 * state is not terminal, so learners bootstrap from its final observation) and `agents` becomes
 * empty. An agent that terminates in that very step keeps terminated = true, truncated = false.
 */
export class ParallelTimeLimit<Obs, Act> extends ParallelWrapper<Obs, Act> {
  private elapsed = 0;
  private cut = false;

  constructor(
    env: ParallelEnv<Obs, Act>,
    readonly maxEpisodeSteps: number,
  ) {
    super(env);
    if (!Number.isInteger(maxEpisodeSteps) || maxEpisodeSteps < 1) throw new EnvError(`ParallelTimeLimit: maxEpisodeSteps must be a positive integer, got ${maxEpisodeSteps}`);
  }

  override get agents(): readonly string[] {
    return this.cut ? [] : this.env.agents;
  }

  override reset(options?: ResetOptions): ParallelResetResult<Obs> {
    this.elapsed = 0;
    this.cut = false;
    return this.env.reset(options);
  }

  override resetFlat(options: ResetOptions | undefined, out: FlatBuffers): void {
    this.elapsed = 0;
    this.cut = false;
    this.flatInner().resetFlat(options, out);
  }

  override stepFlat(actions: ArrayLike<number>, out: FlatBuffers): void {
    if (this.cut) throw new EnvError(`${this.spec?.id ?? 'env'}: step() called after the time limit of ${this.maxEpisodeSteps} steps ended the world; call reset() first`);
    this.flatInner().stepFlat(actions, out);
    this.elapsed++;
    if (this.elapsed >= this.maxEpisodeSteps) {
      this.cut = true;
      for (let slot = 0; slot < out.present.length; slot++) {
        out.alive[slot] = 0;
        if (!out.present[slot]) continue;
        if (!out.terminations[slot]) out.truncations[slot] = 1;
        out.infos[slot] = { ...out.infos[slot], timeLimit: true };
      }
    }
  }

  override step(actions: PerAgent<Act>): ParallelStepResult<Obs> {
    if (this.cut) throw new EnvError(`${this.spec?.id ?? 'env'}: step() called after the time limit of ${this.maxEpisodeSteps} steps ended the world; call reset() first`);
    const result = this.env.step(actions);
    this.elapsed++;
    if (this.elapsed >= this.maxEpisodeSteps) {
      this.cut = true;
      for (const agent of Object.keys(result.observations)) {
        if (!result.terminations[agent]) result.truncations[agent] = true;
        result.infos[agent] = { ...result.infos[agent], timeLimit: true };
      }
    }
    return result;
  }
}
