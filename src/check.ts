import { sceneFrameProblems } from './check-scene.js';
import type { Env, StepResult } from './core/env.js';
import { describeValue, EnvError } from './core/errors.js';
import { Box } from './core/spaces/box.js';
import { Dict } from './core/spaces/dict.js';
import { MultiBinary } from './core/spaces/multi-binary.js';
import { MultiDiscrete } from './core/spaces/multi-discrete.js';
import { Discrete } from './core/spaces/discrete.js';
import { formatPath, Space } from './core/spaces/space.js';
import { Tuple } from './core/spaces/tuple.js';

export interface CheckEnvOptions {
  /** Throw an EnvError that lists every problem instead of returning the report (default false). */
  throwOnProblem?: boolean;
  /** The seed of the determinism check (default 0). */
  seed?: number;
  /** Steps of random actions to try, resetting when episodes end (default 100). */
  steps?: number;
}

/** What `checkEnv` found: problems break the Env contract; warnings are likely mistakes. */
export interface CheckEnvReport {
  env: string;
  problems: string[];
  warnings: string[];
  /** True when there is no problem (warnings allowed). */
  passed: boolean;
}

/**
 * Checks an env against the Env contract and says exactly what is wrong: spaces, the shape
 * and types of `reset()` and `step()` results, observations inside the observation space
 * (typed arrays of the right dtype, no NaN or infinity), finite rewards, determinism under a
 * seed, actions sampled from the action space accepted, `render()` frames well formed, and
 * `close()` callable twice. It steps the env, so pass one you can spare.
 *
 * @example const report = checkEnv(new MyEnv()); console.log(report.problems.join('\n'));
 */
export function checkEnv(env: Env<any, any>, options: CheckEnvOptions = {}): CheckEnvReport {
  const name = envName(env);
  const report: CheckEnvReport = { env: name, problems: [], warnings: [], passed: true };
  const seed = options.seed ?? 0;
  const steps = options.steps ?? 100;
  if (checkSpaces(env, report)) {
    const run = attempt(report, `reset({seed: ${seed}})`, () => env.reset({ seed }));
    if (run !== undefined && checkResetResult(env, run, `reset({seed: ${seed}})`, report)) {
      checkRender(env, 'render() after reset()', report);
      if (checkRandomSteps(env, steps, report)) {
        checkDeterminism(env, seed, Math.min(steps, 50), report);
        checkInvalidActionRefused(env, seed, report);
      }
    }
  }
  for (const call of ['close()', 'close() a second time']) attempt(report, call, () => env.close());
  report.passed = report.problems.length === 0;
  if (options.throwOnProblem && !report.passed) {
    throw new EnvError(`checkEnv(${name}) found ${report.problems.length} problem(s):\n- ${report.problems.join('\n- ')}`);
  }
  return report;
}

function envName(env: Env<unknown, unknown>): string {
  return env?.spec?.id ?? env?.unwrapped?.constructor?.name ?? env?.constructor?.name ?? 'env';
}

/** Runs `call`, recording a problem that names it when it throws. */
function attempt<T>(report: CheckEnvReport, call: string, fn: () => T): T | undefined {
  try {
    return fn();
  } catch (error) {
    report.problems.push(`${call} threw ${error instanceof Error ? `${error.name}: ${error.message}` : describeValue(error)}`);
    return undefined;
  }
}

function checkSpaces(env: Env<unknown, unknown>, report: CheckEnvReport): boolean {
  let ok = true;
  for (const key of ['observationSpace', 'actionSpace'] as const) {
    const space = env[key];
    if (!(space instanceof Space)) {
      report.problems.push(`${key}: expected a Space (Box, Discrete, MultiDiscrete, MultiBinary, Dict or Tuple), got ${describeValue(space)}`);
      ok = false;
    }
  }
  const metadata = env.metadata;
  if (!metadata || !Array.isArray(metadata.renderModes) || !(typeof metadata.renderFps === 'number' && metadata.renderFps > 0)) {
    report.warnings.push(`metadata: expected {renderModes: string[], renderFps: a positive number}, got ${describeValue(metadata)}`);
  }
  return ok;
}

function checkResetResult(env: Env<unknown, unknown>, result: unknown, call: string, report: CheckEnvReport): boolean {
  if (!isRecord(result) || !('observation' in result)) {
    report.problems.push(`${call}: expected {observation, info}, got ${describeValue(result)}`);
    return false;
  }
  if (!isRecord(result['info'])) report.problems.push(`${call}.info: expected an object, got ${describeValue(result['info'])}`);
  return checkObservation(env.observationSpace, result['observation'], `${call}.observation`, report);
}

/** Records why `observation` is not a proper element of `space`; true when it is one. */
function checkObservation(space: Space<unknown>, observation: unknown, where: string, report: CheckEnvReport): boolean {
  const problem = space.whyNotContained(observation) ?? representationProblem(space, observation) ?? nonFiniteProblem(observation);
  if (problem === undefined) return true;
  report.problems.push(`${where}: not in the observation space ${space.toString()}: ${problem}`);
  return false;
}

const BOX_ARRAY_NAME: Record<Box['dtype'], string> = { float32: 'Float32Array', float64: 'Float64Array', uint8: 'Uint8Array', int32: 'Int32Array' };

/** The typed array class name that elements of `space` must have, or undefined for non-array spaces. */
function arrayTypeOf(space: Space<unknown>): string | undefined {
  if (space instanceof Box) return BOX_ARRAY_NAME[space.dtype];
  if (space instanceof MultiDiscrete) return 'Int32Array';
  if (space instanceof MultiBinary) return 'Uint8Array';
  return undefined;
}

/** `at goal[1]` for a path inside a composite value, nothing at the top. */
function atPath(path: (string | number)[]): string {
  return path.length === 0 ? '' : ` at ${formatPath(path)}`;
}

/** Whether the value uses the array type the space promises (Float32Array for a float32 Box...). */
function representationProblem(space: Space<unknown>, value: unknown, path: (string | number)[] = []): string | undefined {
  const expectedArray = arrayTypeOf(space);
  if (expectedArray !== undefined) {
    const received = (value as object).constructor?.name;
    return received === expectedArray ? undefined : `expected a ${expectedArray}${atPath(path)}, got ${received === 'Array' ? 'a plain Array' : `a ${received}`}`;
  }
  if (space instanceof Dict) {
    for (const key of space.keys) {
      const inner = representationProblem(space.spaces[key]!, (value as Record<string, unknown>)[key], [...path, key]);
      if (inner) return inner;
    }
  }
  if (space instanceof Tuple) {
    for (let i = 0; i < space.length; i++) {
      const inner = representationProblem(space.spaces[i]!, (value as unknown[])[i], [...path, i]);
      if (inner) return inner;
    }
  }
  return undefined;
}

/** Where a NaN or an infinity hides in a number, array or object, or undefined. */
function nonFiniteProblem(value: unknown, path: (string | number)[] = []): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : `${describeValue(value)}${atPath(path)}`;
  if (ArrayBuffer.isView(value) || Array.isArray(value)) {
    const items = value as ArrayLike<unknown>;
    for (let i = 0; i < items.length; i++) {
      const inner = nonFiniteProblem(items[i], [...path, i]);
      if (inner) return inner;
    }
    return undefined;
  }
  if (isRecord(value)) {
    for (const [key, item] of Object.entries(value)) {
      const inner = nonFiniteProblem(item, [...path, key]);
      if (inner) return inner;
    }
  }
  return undefined;
}

function checkStepResult(env: Env<unknown, unknown>, result: unknown, call: string, report: CheckEnvReport): result is StepResult<unknown> {
  if (!isRecord(result)) {
    report.problems.push(`${call}: expected {observation, reward, terminated, truncated, info}, got ${describeValue(result)}`);
    return false;
  }
  const missing = ['observation', 'reward', 'terminated', 'truncated', 'info'].filter((key) => !(key in result));
  if (missing.length > 0) {
    report.problems.push(`${call}: expected {observation, reward, terminated, truncated, info}, got one without ${missing.join(', ')}: ${describeValue(result)}`);
    return false;
  }
  let ok = checkObservation(env.observationSpace, result['observation'], `${call}.observation`, report);
  const reward = result['reward'];
  if (typeof reward !== 'number' || !Number.isFinite(reward)) {
    report.problems.push(`${call}.reward: expected a finite number, got ${typeof reward === 'number' ? describeValue(reward) : `${typeof reward} ${describeValue(reward)}`}`);
    ok = false;
  }
  for (const flag of ['terminated', 'truncated']) {
    if (typeof result[flag] !== 'boolean') {
      report.problems.push(`${call}.${flag}: expected true or false, got ${typeof result[flag]} ${describeValue(result[flag])}`);
      ok = false;
    }
  }
  if (!isRecord(result['info'])) {
    report.problems.push(`${call}.info: expected an object, got ${describeValue(result['info'])}`);
    ok = false;
  }
  return ok;
}

/** Steps with actions sampled from the action space; true when every step was well formed. */
function checkRandomSteps(env: Env<unknown, unknown>, steps: number, report: CheckEnvReport): boolean {
  env.actionSpace.seed(1);
  let previous: { observation: unknown; copy: string } | undefined;
  let reuseReported = false;
  let afterEndChecked = false;
  let stepsSinceReset = 0;
  for (let t = 0; t < steps; t++) {
    const action = env.actionSpace.sample();
    stepsSinceReset++;
    const call = `step(${describeValue(action)}) (step ${stepsSinceReset} after reset, action sampled from ${env.actionSpace.toString()})`;
    const result = attempt(report, call, () => env.step(action));
    if (result === undefined || !checkStepResult(env, result, call, report)) return false;
    if (previous && !reuseReported && snapshot(previous.observation) !== previous.copy) {
      report.warnings.push(`step(): the observation returned by the previous call changed afterwards; return a fresh array each step (agents keep observations in buffers)`);
      reuseReported = true;
    }
    previous = { observation: result.observation, copy: snapshot(result.observation) };
    if (t === 0) checkRender(env, 'render() after step()', report);
    if (result.terminated || result.truncated) {
      if (!afterEndChecked) {
        afterEndChecked = true;
        checkStepAfterEndRefused(env, result.terminated ? 'terminated' : 'truncated', report);
      }
      const reset = attempt(report, 'reset() after an episode ended', () => env.reset());
      if (reset === undefined || !checkResetResult(env, reset, 'reset() after an episode ended', report)) return false;
      previous = undefined;
      stepsSinceReset = 0;
    }
  }
  return true;
}

/** One run from a seeded reset: each observation as an exact snapshot and as readable text. */
interface Trajectory {
  observations: { exact: string; text: string }[];
  rewards: number[];
  ends: string[];
}

/** Same seed and same actions must give the same trajectory, bit for bit. */
function checkDeterminism(env: Env<unknown, unknown>, seed: number, steps: number, report: CheckEnvReport): void {
  if (env.spec?.nondeterministic) {
    report.warnings.push(`determinism not checked: the env's spec says nondeterministic`);
    return;
  }
  const first = attempt(report, `the determinism run from reset({seed: ${seed}})`, () => trajectory(env, seed, steps));
  const second = attempt(report, `the second determinism run from reset({seed: ${seed}})`, () => trajectory(env, seed, steps));
  if (!first || !second) return;
  const mismatch = firstDifference(first, second);
  if (mismatch) {
    report.problems.push(
      `not deterministic: two runs from reset({seed: ${seed}}) with the same actions differ at ${mismatch}; draw every random number from the generator that reset({seed}) seeds (this.rng in BaseEnv)`,
    );
    return;
  }
  const other = attempt(report, `the determinism run from reset({seed: ${seed + 1}})`, () => trajectory(env, seed + 1, steps));
  if (other && firstDifference(first, other) === undefined) {
    report.warnings.push(`reset({seed: ${seed}}) and reset({seed: ${seed + 1}}) gave the same trajectory: does reset() use its seed?`);
  }
}

function trajectory(env: Env<unknown, unknown>, seed: number, steps: number): Trajectory {
  const record = (observation: unknown) => ({ exact: snapshot(observation), text: describeValue(observation) });
  const { observation } = env.reset({ seed });
  env.actionSpace.seed(seed);
  const run: Trajectory = { observations: [record(observation)], rewards: [], ends: [] };
  for (let t = 0; t < steps; t++) {
    const result = env.step(env.actionSpace.sample());
    run.observations.push(record(result.observation));
    run.rewards.push(result.reward);
    run.ends.push(`terminated=${result.terminated}, truncated=${result.truncated}`);
    if (result.terminated || result.truncated) break;
  }
  return run;
}

function firstDifference(a: Trajectory, b: Trajectory): string | undefined {
  const [resetA, resetB] = [a.observations[0]!, b.observations[0]!];
  if (resetA.exact !== resetB.exact) return `the reset observation: ${resetA.text} vs ${resetB.text}`;
  for (let t = 0; t < Math.min(a.rewards.length, b.rewards.length); t++) {
    const [obsA, obsB] = [a.observations[t + 1]!, b.observations[t + 1]!];
    if (obsA.exact !== obsB.exact) return `step ${t + 1}: observation ${obsA.text} vs ${obsB.text}`;
    if (!Object.is(a.rewards[t], b.rewards[t])) return `step ${t + 1}: reward ${a.rewards[t]} vs ${b.rewards[t]}`;
    if (a.ends[t] !== b.ends[t]) return `step ${t + 1}: ${a.ends[t]} vs ${b.ends[t]}`;
  }
  if (a.rewards.length !== b.rewards.length) return `the episode length: ${a.rewards.length} vs ${b.rewards.length} steps`;
  return undefined;
}

/** A text form that tells two values apart bit for bit (typed arrays by their bytes, NaN and -0 included). */
function snapshot(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (ArrayBuffer.isView(item)) {
      const bytes = new Uint8Array(item.buffer, item.byteOffset, item.byteLength);
      return `${item.constructor.name}:${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
    }
    if (typeof item === 'number' && (!Number.isFinite(item) || Object.is(item, -0))) return Object.is(item, -0) ? '-0' : String(item);
    return item;
  });
}

function checkRender(env: Env<unknown, unknown>, call: string, report: CheckEnvReport): void {
  const frame = attempt(report, call, () => env.render());
  if (frame === undefined) return;
  for (const problem of sceneFrameProblems(frame)) report.problems.push(`${call} returned a malformed SceneFrame: ${problem}`);
}

/** The Env contract (`Env.step` in src/core/env.ts): an action outside the space is answered with an error, never silently used. */
function checkInvalidActionRefused(env: Env<unknown, unknown>, seed: number, report: CheckEnvReport): void {
  const space = env.actionSpace;
  // One past the largest Discrete value, or an array one element too long for array spaces.
  const arraySize = space instanceof Box || space instanceof MultiDiscrete || space instanceof MultiBinary ? space.size : undefined;
  const invalid = space instanceof Discrete ? space.start + space.n : arraySize !== undefined ? new Array<number>(arraySize + 1).fill(0) : undefined;
  if (invalid === undefined) return;
  try {
    env.reset({ seed });
    env.step(invalid);
  } catch {
    return;
  }
  report.warnings.push(`step(${describeValue(invalid)}) was accepted although the action is outside ${space.toString()}; throw an error that names the action (BaseEnv.checkAction does)`);
}

/** The Env contract (`Env.step`): a step after the episode ended is refused until reset(). */
function checkStepAfterEndRefused(env: Env<unknown, unknown>, how: string, report: CheckEnvReport): void {
  try {
    env.step(env.actionSpace.sample());
  } catch {
    return;
  }
  report.warnings.push(
    `step() was accepted after the episode ended (${how}); throw an error until reset() ("step() called after the episode ended (${how}); call reset() first"), as BaseEnv's startEpisode/guardStep/endStep do`,
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value);
}
