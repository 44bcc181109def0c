/** Checks for the sizes and names that network builders take. */
import { ConfigError, describeValue } from '../core/errors.js';
import { didYouMean } from '../core/suggest.js';

/** Activations a builder accepts (tfjs names). */
export const ACTIVATIONS = ['linear', 'relu', 'elu', 'tanh', 'sigmoid', 'softmax', 'softplus', 'selu', 'swish', 'gelu'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

export function checkPositiveInteger(owner: string, key: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new ConfigError(`${owner}: '${key}' must be a positive integer, got ${describeValue(value)}`);
  }
  return value;
}

export function checkShape(owner: string, key: string, value: unknown, rank: number): number[] {
  if (!Array.isArray(value) || value.length !== rank) {
    throw new ConfigError(`${owner}: '${key}' must be an array of ${rank} positive integers, got ${describeValue(value)}`);
  }
  value.forEach((dim, i) => checkPositiveInteger(owner, `${key}[${i}]`, dim));
  return value as number[];
}

export function checkActivation(owner: string, key: string, value: unknown): Activation {
  if (typeof value !== 'string' || !(ACTIVATIONS as readonly string[]).includes(value)) {
    throw new ConfigError(
      `${owner}: unknown ${key} ${describeValue(value)}.${didYouMean(String(value), ACTIVATIONS)} Expected one of ${ACTIVATIONS.join(', ')}`,
    );
  }
  return value as Activation;
}
