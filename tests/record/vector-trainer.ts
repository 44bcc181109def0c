import { VectorStepper } from '../../agents/common/vector-stepper.js';
import type { Env } from '../../src/core/env.js';
import type { SceneFrame } from '../../src/core/scene.js';
import { decodeWire, encodeWire } from '../../src/core/wire.js';
import type { Space } from '../../src/core/spaces/space.js';
import type { Callback } from '../../src/train/callback.js';
import { CallbackRunner } from '../../src/train/callback-runner.js';
import type { VectorEnv } from '../../src/vector/types.js';

/** What env 0 did during a run: enough to replay it on a fresh env. */
export interface FirstEnvLog {
  seed: number;
  /** The actions env 0 really took (not the ignored ones of next-step reset steps), in order. */
  actions: unknown[];
}

/**
 * A trainer with a random policy that drives env and callbacks exactly as the agents do: the
 * agents' own VectorStepper and CallbackRunner (episodes, then onStep, once per vector step),
 * so the callbacks see the hook order and autoreset behaviour of real training. Closes the env.
 *
 * @example const log = await trainRandomly(makeVec('CartPole-v1', 3), [recordEpisodes()], { vectorSteps: 200, seed: 3, runDir });
 */
export async function trainRandomly(env: Env | VectorEnv, callbacks: Callback[], options: { vectorSteps: number; seed: number; runDir?: string }): Promise<FirstEnvLog> {
  const stepper = new VectorStepper(env, 'random');
  const space = stepper.env.singleActionSpace as Space<unknown>;
  space.seed?.(options.seed);
  const runner = CallbackRunner.create('random', undefined, stepper.env, 0, options.vectorSteps, { callbacks, runDir: options.runDir });
  stepper.reset(options.seed);
  await runner.start();
  const log: FirstEnvLog = { seed: options.seed, actions: [] };
  for (let t = 0; t < options.vectorSteps; t++) {
    const perEnv = Array.from({ length: stepper.numEnvs }, () => space.sample());
    const actions = flattenActions(perEnv);
    const outcome = stepper.step(actions);
    if (outcome.valid[0]) log.actions.push(perEnv[0]);
    runner.episodes(outcome.episodes);
    runner.step(stepper.stepCount);
  }
  await runner.end();
  stepper.env.close();
  return log;
}

function flattenActions(perEnv: unknown[]): number[] {
  return perEnv.flatMap((action) => (typeof action === 'number' ? [action] : Array.from(action as ArrayLike<number>)));
}

/**
 * Replays env 0's log on a fresh env: the frames of each episode that ended, from the state
 * after reset to the final state (episodes after the first are reset without a seed, as
 * autoreset does).
 */
export function replayEpisodes(env: Env, log: FirstEnvLog): SceneFrame[][] {
  const episodes: SceneFrame[][] = [];
  env.reset({ seed: log.seed });
  let frames = [wireCopy(env.render()!)];
  for (const action of log.actions) {
    const { terminated, truncated } = env.step(action);
    frames.push(wireCopy(env.render()!));
    if (terminated || truncated) {
      episodes.push(frames);
      env.reset();
      frames = [wireCopy(env.render()!)];
    }
  }
  return episodes;
}

/** A frame as it reads after the wire format (what a recording or the stream holds). */
export function wireCopy(frame: SceneFrame): SceneFrame {
  return decodeWire(encodeWire(frame)) as SceneFrame;
}
