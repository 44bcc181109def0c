import { afterEach, describe, expect, it } from 'vitest';
import { BaseEnv, type ResetResult, type StepResult } from '../../src/core/env.js';
import { ConfigError, EnvError, RegistryError } from '../../src/core/errors.js';
import { resolveOptions } from '../../src/core/options.js';
import { Box } from '../../src/core/spaces/box.js';
import { Discrete } from '../../src/core/spaces/discrete.js';
import { findRegistration, make, parseEnvId, register, registry, unregister } from '../../src/index.js';
import { OrderEnforcing } from '../../src/wrappers/order-enforcing.js';
import { TimeLimit } from '../../src/wrappers/time-limit.js';

/** A counter env whose kwargs say where it starts and how far each step moves it. */
class CounterEnv extends BaseEnv<Float32Array, number> {
  readonly observationSpace = new Box<Float32Array>(-100, 100, [1]);
  readonly actionSpace = new Discrete(2);
  readonly options: { start: number; stride: number };
  private position = 0;

  constructor(kwargs?: Record<string, unknown>) {
    super();
    this.options = resolveOptions('Counter', { start: 0, stride: 1 }, kwargs);
  }

  reset(): ResetResult<Float32Array> {
    this.position = this.options.start;
    return { observation: new Float32Array([this.position]), info: {} };
  }

  step(action: number): StepResult<Float32Array> {
    this.position += action === 1 ? this.options.stride : -this.options.stride;
    return { observation: new Float32Array([this.position]), reward: 1, terminated: false, truncated: false, info: {} };
  }
}

const testIds: string[] = [];
function registerTest(id: string, extra: Partial<Parameters<typeof register>[0]> = {}): void {
  register({ id, entryPoint: CounterEnv, ...extra });
  testIds.push(id);
}

afterEach(() => {
  for (const id of testIds.splice(0)) unregister(id);
});

describe('parseEnvId', () => {
  it('splits namespace, name and version', () => {
    expect(parseEnvId('MinAtar/Breakout-v1')).toEqual({ namespace: 'MinAtar', name: 'Breakout', version: 1 });
    expect(parseEnvId('CartPole-v0')).toEqual({ namespace: undefined, name: 'CartPole', version: 0 });
    expect(parseEnvId('Pendulum')).toEqual({ namespace: undefined, name: 'Pendulum', version: undefined });
    expect(() => parseEnvId('a/b/c-v1')).toThrow("Malformed env id \"a/b/c-v1\": expected '[namespace/]Name[-vN]'");
  });
});

describe('make', () => {
  it('suggests near names for an unknown id', () => {
    expect(() => make('CartPol-v1')).toThrow("Env 'CartPol-v1' is not registered. Did you mean 'CartPole-v1'");
    expect(() => make('Nothing-v3')).toThrow(RegistryError);
  });

  it('resolves an id without version to the latest version', () => {
    registerTest('Test/Counter-v0');
    registerTest('Test/Counter-v2');
    registerTest('Test/Counter-v1');
    expect(findRegistration('Test/Counter').id).toBe('Test/Counter-v2');
    expect(make('Test/Counter').spec?.id).toBe('Test/Counter-v2');
  });

  it('lists the registered versions when the asked one does not exist', () => {
    registerTest('Test/Counter-v0');
    registerTest('Test/Counter-v2');
    expect(() => make('Test/Counter-v5')).toThrow("Env 'Test/Counter-v5' is not registered: version v5 does not exist. Registered versions: Test/Counter-v0, Test/Counter-v2");
  });

  it('keeps namespaces apart', () => {
    registerTest('Alpha/Counter-v0', { kwargs: { start: 1 } });
    registerTest('Beta/Counter-v0', { kwargs: { start: 2 } });
    expect(make('Alpha/Counter-v0').reset().observation[0]).toBe(1);
    expect(make('Beta/Counter-v0').reset().observation[0]).toBe(2);
    expect(() => make('Gamma/Counter-v0')).toThrow("Env 'Gamma/Counter-v0' is not registered.");
  });

  it('wraps in OrderEnforcing then TimeLimit and records the spec on every layer', () => {
    registerTest('Test/Counter-v0', { maxEpisodeSteps: 3, rewardThreshold: 2.5 });
    const env = make('Test/Counter-v0');
    expect(env).toBeInstanceOf(TimeLimit);
    expect((env as TimeLimit<Float32Array, number>).env).toBeInstanceOf(OrderEnforcing);
    expect(env.unwrapped).toBeInstanceOf(CounterEnv);
    expect(env.spec).toEqual({ id: 'Test/Counter-v0', maxEpisodeSteps: 3, rewardThreshold: 2.5, nondeterministic: false, kwargs: {} });
    expect(env.unwrapped.spec).toBe(env.spec);
    expect(() => env.step(1)).toThrow(new EnvError('Test/Counter-v0: step() called before reset(); call reset() first'));
    env.reset();
    expect([env.step(1).truncated, env.step(1).truncated, env.step(1).truncated]).toEqual([false, false, true]);
    env.reset();
    expect(env.step(0).truncated).toBe(false);
  });

  it('lets make() override or disable the time limit', () => {
    registerTest('Test/Counter-v0', { maxEpisodeSteps: 3 });
    expect(make('Test/Counter-v0', {}, { maxEpisodeSteps: 10 }).spec?.maxEpisodeSteps).toBe(10);
    const unlimited = make('Test/Counter-v0', {}, { maxEpisodeSteps: 0 });
    expect(unlimited).toBeInstanceOf(OrderEnforcing);
    expect(unlimited.spec?.maxEpisodeSteps).toBeUndefined();
  });

  it('merges make() kwargs over the registered ones', () => {
    registerTest('Test/Counter-v0', { kwargs: { start: 5, stride: 2 } });
    const env = make('Test/Counter-v0', { stride: 3 });
    expect(env.spec?.kwargs).toEqual({ start: 5, stride: 3 });
    env.reset();
    expect(env.step(1).observation[0]).toBe(8);
  });

  it('refuses an unknown kwarg with a suggestion', () => {
    expect(() => make('CartPole-v1', { suttonBartoRewards: true })).toThrow(ConfigError);
    expect(() => make('CartPole-v1', { suttonBartoRewards: true })).toThrow("CartPole: unknown option 'suttonBartoRewards'. Did you mean 'suttonBartoReward'?");
  });

  it('accepts a factory function as entry point and lists registrations', () => {
    register({ id: 'Test/Factory-v0', entryPoint: (kwargs) => new CounterEnv({ ...kwargs, start: 7 }) });
    testIds.push('Test/Factory-v0');
    expect(make('Test/Factory-v0').reset().observation[0]).toBe(7);
    expect(registry.has('Test/Factory-v0')).toBe(true);
    expect(registry.has('CartPole-v1')).toBe(true);
  });

  it('refuses malformed registrations', () => {
    expect(() => register({ id: 'Bad-v0', entryPoint: 3 as never })).toThrow("register('Bad-v0'): entryPoint must be an Env class or a function returning an Env, got 3");
    expect(() => register({ id: 'Bad-v0', entryPoint: CounterEnv, maxEpisodeSteps: 2.5 })).toThrow("register('Bad-v0'): maxEpisodeSteps must be a positive integer, got 2.5");
  });
});
