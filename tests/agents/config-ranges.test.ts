import { describe, expect, it } from 'vitest';
import { AGENTS } from '../../agents/index.js';
import { describeValue } from '../../src/core/errors.js';

// Every key of every agent has a declared range; out-of-range and wrong-typed values are refused
// before training with a message that names the key, the range and the value.
describe.each(Object.values(AGENTS))('$name hyperparameter ranges', (entry) => {
  it('declares a range for every key, and the defaults lie in it', () => {
    expect(Object.keys(entry.ranges).sort()).toEqual(Object.keys(entry.defaults).sort());
    expect(() => entry.resolveConfig({})).not.toThrow();
  });

  for (const [key, range] of Object.entries(entry.ranges)) {
    it(`refuses out-of-range and wrong-typed ${key}`, () => {
      const bad = [...range.outside, range.wrongType];
      expect(bad.length).toBeGreaterThan(0);
      for (const value of bad) {
        let message = '';
        try {
          entry.resolveConfig({ [key]: value });
        } catch (error) {
          message = (error as Error).message;
        }
        expect(message, `${key}=${describeValue(value)} was accepted`).toContain(`option '${key}' must be ${range.text}`);
        expect(message).toContain(`got ${describeValue(value)}`);
      }
    });
  }
});

describe('the cases that got through before', () => {
  it.each([
    ['ppo', 'learningRate', 0, 'a number > 0'],
    ['ppo', 'learningRate', -3e-4, 'a number > 0'],
    ['ppo', 'learningRate', 'lin_-1e-3', '"lin_<start>"'],
    ['ppo', 'maxGradNorm', -1, 'a number >= 0'],
    ['ppo', 'clipRange', -0.2, 'a number > 0'],
    ['a2c', 'learningRate', { start: 1e-3, end: -1e-3 }, '{start, end, fraction}'],
    ['dqn', 'gradientSteps', 0, '-1 (as many as env steps collected) or an integer >= 1'],
  ])('%s %s=%j', (agent, key, value, range) => {
    expect(() => AGENTS[agent]!.resolveConfig({ [key]: value })).toThrow(new RegExp(`option '${key}' must be .*${range.replace(/[()[\]{}+*.^$|\\"]/g, '\\$&')}`));
  });

  it('accepts a linear schedule that decays to 0', () => {
    expect(AGENTS['ppo']!.resolveConfig({ learningRate: 'lin_1e-3', clipRange: { start: 0.2, end: 0 } })['learningRate']).toBe('lin_1e-3');
  });
});
