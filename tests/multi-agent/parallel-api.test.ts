import { afterEach, describe, expect, it } from 'vitest';
import { EnvError, RegistryError } from '../../src/core/errors.js';
import { register, unregister } from '../../src/registry.js';
import { checkParallelEnv } from '../../src/multi-agent/check-parallel.js';
import { findParallelRegistration, isParallelEnvId, makeParallel, registerParallel, unregisterParallel } from '../../src/multi-agent/parallel-registry.js';
import { ParallelTimeLimit } from '../../src/multi-agent/parallel-wrappers.js';
import { ScriptedWorld } from './scripted-world.js';

const f = (x: number) => new Float32Array([x]);

afterEach(() => {
  for (const id of ['Test/World-v0', 'Test/World-v1', 'Test/Plain-v0', 'Test/Leaky-v0']) unregisterParallel(id);
  unregister('Test/Plain-v0');
});

describe('registerParallel / makeParallel', () => {
  it('builds with merged kwargs, records the spec, and resolves the latest version', () => {
    registerParallel({ id: 'Test/World-v0', entryPoint: (kwargs) => new ScriptedWorld({ a: {}, b: { endsAt: kwargs['bEnds'] as number } }), kwargs: { bEnds: 2 }, maxEpisodeSteps: 5 });
    registerParallel({ id: 'Test/World-v1', entryPoint: () => new ScriptedWorld({ a: {} }) });
    const env = makeParallel('Test/World-v0', { bEnds: 3 });
    expect(env.spec).toMatchObject({ id: 'Test/World-v0', maxEpisodeSteps: 5, kwargs: { bEnds: 3 } });
    expect(findParallelRegistration('Test/World').id).toBe('Test/World-v1');
    expect(isParallelEnvId('Test/World-v0')).toBe(true);
    expect(isParallelEnvId('CartPole-v1')).toBe(false);
  });

  it('refuses malformed ids, bad time limits, ids of single-agent envs, and names what exists', () => {
    expect(() => registerParallel({ id: 'bad id!', entryPoint: () => new ScriptedWorld({ a: {} }) })).toThrow(RegistryError);
    expect(() => registerParallel({ id: 'Test/World-v0', entryPoint: () => new ScriptedWorld({ a: {} }), maxEpisodeSteps: 0 })).toThrow(/maxEpisodeSteps must be a positive integer, got 0/);
    register({ id: 'Test/Plain-v0', entryPoint: () => ({}) as never });
    expect(() => registerParallel({ id: 'Test/Plain-v0', entryPoint: () => new ScriptedWorld({ a: {} }) })).toThrow(/single-agent env is already registered/);
    expect(() => makeParallel('Test/Plain-v0')).toThrow(/'Test\/Plain-v0' is a single-agent env: use make/);
    registerParallel({ id: 'Test/World-v0', entryPoint: () => new ScriptedWorld({ a: {} }) });
    expect(() => makeParallel('Test/World-v3')).toThrow(/version v3 does not exist. Registered versions: Test\/World-v0/);
  });

  it('refuses step() before reset(), and after the world ended', () => {
    registerParallel({ id: 'Test/World-v0', entryPoint: () => new ScriptedWorld({ a: { endsAt: 1 } }) });
    const env = makeParallel('Test/World-v0');
    expect(() => env.step({ a: f(0) })).toThrow('Test/World-v0: step() called before reset(); call reset() first');
    env.reset();
    env.step({ a: f(0) });
    expect(env.agents).toEqual([]);
    expect(() => env.step({})).toThrow('Test/World-v0: step() called after every agent is done; call reset() first');
  });

  it('names the env, the agent and the value for a dead agent, a missing action and an action outside its space', () => {
    registerParallel({ id: 'Test/World-v0', entryPoint: () => new ScriptedWorld({ a: {}, b: { endsAt: 1 } }) });
    const env = makeParallel('Test/World-v0');
    env.reset();
    expect(() => env.step({ a: f(0) })).toThrow("Test/World-v0.step(): missing action for agent 'b'; every alive agent must act (alive: 'a', 'b')");
    expect(() => env.step({ a: f(0), b: f(2) })).toThrow(/Test\/World-v0.step\(\): invalid action for agent 'b': .*2/);
    expect(() => env.step({ a: f(0), b: f(0), z: f(0) })).toThrow("got an action for agent 'z', which is not an agent of this env (possible agents: 'a', 'b'); value Float32Array[0]");
    env.step({ a: f(0), b: f(0) });
    expect(env.agents).toEqual(['a']);
    expect(() => env.step({ a: f(0), b: f(0.5) })).toThrow("Test/World-v0.step(): got an action for agent 'b', which is not alive (it terminated or was truncated earlier in this episode); value Float32Array[0.5]");
    expect(() => env.step([f(0)] as never)).toThrow(/actions must be an object keyed by agent id \('a'\), got \[Float32Array/);
  });

  it('the time limit truncates every alive agent at once, keeps a termination in that step, and empties agents', () => {
    const env = new ParallelTimeLimit(new ScriptedWorld({ a: {}, b: { endsAt: 2 }, c: { endsAt: 1 } }), 2);
    env.reset();
    const first = env.step({ a: f(0), b: f(0), c: f(0) });
    expect([first.terminations, first.truncations]).toEqual([{ a: false, b: false, c: true }, { a: false, b: false, c: false }]);
    const second = env.step({ a: f(0), b: f(0) });
    expect(second.terminations).toEqual({ a: false, b: true });
    expect(second.truncations).toEqual({ a: true, b: false });
    expect(env.agents).toEqual([]);
    expect(() => env.step({})).toThrow(EnvError);
  });
});

describe('checkParallelEnv', () => {
  it('passes a well-behaved world', () => {
    const report = checkParallelEnv(new ScriptedWorld({ a: { endsAt: 3 }, b: { endsAt: 5, end: 'truncated' } }), { steps: 20 });
    expect(report.problems).toEqual([]);
    expect(report.passed).toBe(true);
  });

  it('explains a world whose done agent stays in agents and whose results miss an agent', () => {
    class Leaky extends ScriptedWorld {
      override step(actions: Parameters<ScriptedWorld['step']>[0]) {
        const result = super.step(actions);
        delete result.rewards['b'];
        result.terminations['a'] = true;
        return result;
      }
    }
    const report = checkParallelEnv(new Leaky({ a: {}, b: {} }), { steps: 3 });
    expect(report.passed).toBe(false);
    expect(report.problems).toContain('step() number 1.rewards: expected keys [a,b] (the agents that acted), got [a]');
  });

  it('explains a world that accepts actions for agents that are not alive', () => {
    class Lax extends ScriptedWorld {
      protected override checkActions(): void {}
    }
    const report = checkParallelEnv(new Lax({ a: {}, b: { endsAt: 1 } }), { steps: 3 });
    expect(report.problems.join('\n')).toMatch(/step\(\) accepted an action for '__not_an_agent__', which is not alive/);
  });
});
