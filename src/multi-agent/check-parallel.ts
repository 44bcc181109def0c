import { sceneFrameProblems } from '../check-scene.js';
import { describeValue, EnvError } from '../core/errors.js';
import { Space } from '../core/spaces/space.js';
import type { CheckEnvReport } from '../check.js';
import type { ParallelEnv, PerAgent } from './parallel-env.js';

export interface CheckParallelEnvOptions {
  /** Throw an EnvError that lists every problem instead of returning the report (default false). */
  throwOnProblem?: boolean;
  /** The seed of the determinism check (default 0). */
  seed?: number;
  /** Steps of random actions to try, resetting when the world ends (default 100). */
  steps?: number;
}

/**
 * Checks a ParallelEnv against its contract and says exactly what is wrong, in the style of
 * `checkEnv`: spaces for every possible agent, `agents` a subset of `possibleAgents`, reset and
 * step results keyed by exactly the right agents, observations inside their spaces and finite,
 * rewards finite, boolean flags, a done agent leaving `agents`, determinism under a seed,
 * refusal of an action for an agent that is not alive, `render()` frames, and `close()` twice.
 *
 * @example const report = checkParallelEnv(new MyWorld()); console.log(report.problems.join('\n'));
 */
export function checkParallelEnv(env: ParallelEnv<any, any>, options: CheckParallelEnvOptions = {}): CheckEnvReport {
  const name = env?.spec?.id ?? env?.unwrapped?.constructor?.name ?? 'env';
  const report: CheckEnvReport = { env: name, problems: [], warnings: [], passed: true };
  const seed = options.seed ?? 0;
  const steps = options.steps ?? 100;
  if (checkSpaces(env, report)) {
    const first = attempt(report, `reset({seed: ${seed}})`, () => env.reset({ seed }));
    if (first !== undefined && checkKeyed(env, first, ['observations', 'infos'], env.agents, `reset({seed: ${seed}})`, report)) {
      checkRender(env, 'render() after reset()', report);
      const trace = randomSteps(env, seed, steps, report);
      if (trace !== undefined) {
        const again = randomSteps(env, seed, Math.min(steps, 50), { ...report, problems: [] });
        if (again !== undefined && trace.slice(0, again.length).join('|') !== again.join('|')) {
          report.problems.push(`determinism: two runs from reset({seed: ${seed}}) with the same actions gave different results; draw every random number from the env's seeded generator`);
        }
        checkDeadAgentRefused(env, seed, report);
      }
    }
  }
  for (const call of ['close()', 'close() a second time']) attempt(report, call, () => env.close());
  report.passed = report.problems.length === 0;
  if (options.throwOnProblem && !report.passed) throw new EnvError(`checkParallelEnv(${name}) found ${report.problems.length} problem(s):\n- ${report.problems.join('\n- ')}`);
  return report;
}

function attempt<T>(report: CheckEnvReport, call: string, fn: () => T): T | undefined {
  try {
    return fn();
  } catch (error) {
    report.problems.push(`${call} threw ${error instanceof Error ? `${error.name}: ${error.message}` : describeValue(error)}`);
    return undefined;
  }
}

function checkSpaces(env: ParallelEnv, report: CheckEnvReport): boolean {
  const possible = env.possibleAgents;
  if (!Array.isArray(possible) || possible.length === 0 || possible.some((a) => typeof a !== 'string')) {
    report.problems.push(`possibleAgents: expected a non-empty array of string ids, got ${describeValue(possible)}`);
    return false;
  }
  if (new Set(possible).size !== possible.length) report.problems.push(`possibleAgents: ids must be unique, got ${describeValue(possible)}`);
  let ok = true;
  for (const agent of possible) {
    for (const key of ['observationSpace', 'actionSpace'] as const) {
      const space = attempt(report, `${key}('${agent}')`, () => env[key](agent));
      if (!(space instanceof Space)) {
        if (space !== undefined) report.problems.push(`${key}('${agent}'): expected a Space, got ${describeValue(space)}`);
        ok = false;
      }
    }
  }
  return ok;
}

/** Checks that every field of `result` is an object keyed by exactly `expected` (and observations in their spaces). */
function checkKeyed(env: ParallelEnv, result: unknown, fields: string[], expected: readonly string[], call: string, report: CheckEnvReport): boolean {
  if (typeof result !== 'object' || result === null) {
    report.problems.push(`${call}: expected {${fields.join(', ')}}, got ${describeValue(result)}`);
    return false;
  }
  const before = report.problems.length;
  const wanted = [...expected].sort().join(',');
  for (const field of fields) {
    const value = (result as Record<string, unknown>)[field];
    if (typeof value !== 'object' || value === null) {
      report.problems.push(`${call}.${field}: expected an object keyed by agent id, got ${describeValue(value)}`);
      continue;
    }
    const keys = Object.keys(value).sort().join(',');
    if (keys !== wanted) report.problems.push(`${call}.${field}: expected keys [${wanted}] (the agents that acted), got [${keys}]`);
  }
  const observations = (result as Record<string, PerAgent<unknown>>)['observations'] ?? {};
  for (const [agent, observation] of Object.entries(observations)) {
    if (!env.possibleAgents.includes(agent)) continue;
    const why = env.observationSpace(agent).whyNotContained(observation);
    if (why !== undefined) report.problems.push(`${call}.observations['${agent}']: not in its observation space ${env.observationSpace(agent)}: ${why}`);
    else if (ArrayBuffer.isView(observation) && Array.from(observation as unknown as ArrayLike<number>).some((x) => !Number.isFinite(x))) report.problems.push(`${call}.observations['${agent}']: contains NaN or infinity`);
  }
  const agents = env.agents;
  if (!Array.isArray(agents) || agents.some((a) => !env.possibleAgents.includes(a))) report.problems.push(`agents after ${call}: expected a subset of possibleAgents, got ${describeValue(agents)}`);
  return report.problems.length === before;
}

function sampleActions(env: ParallelEnv): PerAgent<unknown> {
  return Object.fromEntries(env.agents.map((agent) => [agent, env.actionSpace(agent).sample()]));
}

/** Steps with sampled actions, resetting when the world ends; returns a trace for the determinism check, undefined on a problem. */
function randomSteps(env: ParallelEnv, seed: number, steps: number, report: CheckEnvReport): string[] | undefined {
  const reset = attempt(report, `reset({seed: ${seed}})`, () => env.reset({ seed }));
  if (reset === undefined) return undefined;
  env.possibleAgents.forEach((agent, i) => env.actionSpace(agent).seed(seed + i));
  const trace: string[] = [];
  for (let t = 0; t < steps; t++) {
    if (env.agents.length === 0) {
      if (attempt(report, 'reset() after every agent was done', () => env.reset()) === undefined) return undefined;
      continue;
    }
    const acting = [...env.agents];
    const actions = sampleActions(env);
    const call = `step() number ${t + 1}`;
    const result = attempt(report, call, () => env.step(actions));
    if (result === undefined || !checkKeyed(env, result, ['observations', 'rewards', 'terminations', 'truncations', 'infos'], acting, call, report)) return undefined;
    for (const agent of acting) {
      const reward = result.rewards[agent];
      if (typeof reward !== 'number' || !Number.isFinite(reward)) report.problems.push(`${call}.rewards['${agent}']: expected a finite number, got ${describeValue(reward)}`);
      for (const flag of ['terminations', 'truncations'] as const) {
        if (typeof result[flag][agent] !== 'boolean') report.problems.push(`${call}.${flag}['${agent}']: expected a boolean, got ${describeValue(result[flag][agent])}`);
      }
      if ((result.terminations[agent] || result.truncations[agent]) && env.agents.includes(agent)) report.problems.push(`${call}: agent '${agent}' is done but still in agents; a done agent must leave agents`);
      trace.push(`${agent}:${describeValue(result.observations[agent], 1e6)}:${reward}`);
    }
    if (report.problems.length > 0) return undefined;
  }
  checkRender(env, `render() after ${steps} steps`, report);
  return trace;
}

function checkRender(env: ParallelEnv, call: string, report: CheckEnvReport): void {
  const frame = attempt(report, call, () => env.render());
  if (frame === undefined) return;
  for (const problem of sceneFrameProblems(frame)) report.problems.push(`${call}: ${problem}`);
}

/** An action for an agent that is not alive must be refused (BaseParallelEnv.checkActions does it). */
function checkDeadAgentRefused(env: ParallelEnv, seed: number, report: CheckEnvReport): void {
  env.reset({ seed });
  const absent = env.possibleAgents.find((agent) => !env.agents.includes(agent));
  const stranger = absent ?? '__not_an_agent__';
  const actions = { ...sampleActions(env), [stranger]: env.actionSpace(env.possibleAgents[0]!).sample() };
  try {
    env.step(actions);
    report.problems.push(`step() accepted an action for '${stranger}', which is not alive; refuse it with an error naming the agent (BaseParallelEnv.checkActions does)`);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.includes(stranger)) report.problems.push(`step() with an action for '${stranger}' threw, but its message does not name the agent: ${describeValue((error as Error)?.message)}`);
  }
}
