import { nStepReturn } from '../common/n-step.js';

/** A transition ready for the replay buffer. */
export interface Transition {
  observation: ArrayLike<number>;
  action: number;
  reward: number;
  nextObservation: ArrayLike<number>;
  terminated: boolean;
  discount: number;
}

interface PendingStep {
  observation: Float32Array | Uint8Array;
  action: number;
  reward: number;
  terminated: boolean;
  truncated: boolean;
  nextObservation: Float32Array | Uint8Array;
}

/**
 * Turns one sub-env's 1-step transitions into n-step ones: each step waits until n later
 * rewards are known (or its episode ended), then leaves with their discounted sum.
 *
 * @example
 * const queue = new NStepQueue(3, 0.99);
 * for (const t of queue.push(obs, action, reward, nextObs, terminated, truncated)) buffer.add(...);
 */
export class NStepQueue {
  private pending: PendingStep[] = [];

  constructor(
    readonly n: number,
    readonly gamma: number,
  ) {}

  /** Adds a step and returns the transitions that became complete. */
  push(observation: Float32Array | Uint8Array, action: number, reward: number, nextObservation: Float32Array | Uint8Array, terminated: boolean, truncated: boolean): Transition[] {
    this.pending.push({ observation, action, reward, terminated, truncated, nextObservation });
    const ready: Transition[] = [];
    if (terminated || truncated) {
      // The episode is over: every waiting step is complete with what it has.
      while (this.pending.length > 0) ready.push(this.emit());
    } else if (this.pending.length >= this.n) {
      ready.push(this.emit());
    }
    return ready;
  }

  /** Folds the oldest waiting step with the rewards after it. */
  private emit(): Transition {
    const steps = this.pending.slice(0, this.n);
    const folded = nStepReturn(
      steps.map((s) => s.reward),
      steps.map((s) => s.terminated),
      steps.map((s) => s.truncated),
      this.gamma,
      this.n,
    );
    const first = this.pending.shift()!;
    const last = steps[folded.steps - 1]!;
    return { observation: first.observation, action: first.action, reward: folded.reward, nextObservation: last.nextObservation, terminated: folded.terminated, discount: folded.discount };
  }
}
