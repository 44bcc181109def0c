import { BaseEnv, type Info, type ResetResult, type StepResult } from '../../src/core/env.js';
import type { Space } from '../../src/core/spaces/space.js';
import { Box } from '../../src/core/spaces/box.js';

/** One scripted step: what the env returns for it. */
export interface ScriptedStep<Obs> {
  observation: Obs;
  reward?: number;
  terminated?: boolean;
  truncated?: boolean;
}

/** An info object shared by every step, frozen so that a wrapper that mutates it throws. */
export const SHARED_INFO: Info = Object.freeze({});

/**
 * A test env that replays a script: reset returns `resetObservation`, step i returns
 * `steps[i]` (cycling), and every action received is recorded in `actions`.
 */
export class ScriptedEnv<Obs, Act = unknown> extends BaseEnv<Obs, Act> {
  readonly actions: Act[] = [];
  private index = 0;

  constructor(
    readonly observationSpace: Space<Obs>,
    readonly actionSpace: Space<Act>,
    private readonly resetObservation: Obs,
    private readonly steps: ScriptedStep<Obs>[],
  ) {
    super();
  }

  reset(): ResetResult<Obs> {
    return { observation: this.resetObservation, info: SHARED_INFO };
  }

  step(action: Act): StepResult<Obs> {
    this.actions.push(action);
    const step = this.steps[this.index++ % this.steps.length]!;
    return { observation: step.observation, reward: step.reward ?? 0, terminated: step.terminated ?? false, truncated: step.truncated ?? false, info: SHARED_INFO };
  }
}

/** A scripted env whose observations are the given vectors in a Box(-100, 100) of their length. */
export function vectorEnv(resetObservation: number[], steps: (Omit<ScriptedStep<Float32Array>, 'observation'> & { observation: number[] })[], actionSpace: Space<unknown> = new Box(-1, 1, [1])) {
  const size = resetObservation.length;
  return new ScriptedEnv<Float32Array, unknown>(
    new Box<Float32Array>(-100, 100, [size]),
    actionSpace,
    new Float32Array(resetObservation),
    steps.map((step) => ({ ...step, observation: new Float32Array(step.observation) })),
  );
}
