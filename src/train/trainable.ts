import type { EvaluationPolicy } from './evaluate.js';

/**
 * What the training callbacks need of an agent; every agent in `agents/` has it. Defined here
 * so `src/train` does not depend on `agents/` (dependencies point from agents to src).
 */
export interface TrainableAgent extends EvaluationPolicy {
  readonly name: string;
  readonly numTimesteps: number;
  save(dir: string): Promise<void>;
}
