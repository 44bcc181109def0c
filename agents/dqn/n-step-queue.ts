/**
 * N-step returns for DQN (`nStep` > 1): each sub-env's steps wait in a queue until n later
 * rewards are known, then leave as one transition with the reward sum and the discount of the
 * bootstrap value.
 */

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

export interface NStepResult {
  /** `r_0 + gamma r_1 + ... + gamma^(k-1) r_(k-1)`, k <= n steps. */
  reward: number;
  /** `gamma^k`: multiplies `max_a Q(s_k, a)` in the target. */
  discount: number;
  /** Whether step k-1 reached a terminal state (the target then has no bootstrap term). */
  terminated: boolean;
  /** How many steps were summed (k). */
  steps: number;
}

/**
 * Folds the first steps of a queue into one n-step transition. The sum stops early at the
 * first step that ended the episode (terminated or truncated).
 *
 * @example nStepReturn([1, 1, 1], [false, false, false], [false, false, false], 0.5, 3) // { reward: 1.75, discount: 0.125, terminated: false, steps: 3 }
 */
export function nStepReturn(
  rewards: ArrayLike<number>,
  terminated: ArrayLike<boolean>,
  truncated: ArrayLike<boolean>,
  gamma: number,
  n: number,
): NStepResult {
  let reward = 0;
  let discount = 1;
  const limit = Math.min(n, rewards.length);
  for (let k = 0; k < limit; k++) {
    reward += discount * rewards[k]!;
    discount *= gamma;
    if (terminated[k]) return { reward, discount, terminated: true, steps: k + 1 };
    if (truncated[k]) return { reward, discount, terminated: false, steps: k + 1 };
  }
  return { reward, discount, terminated: false, steps: limit };
}
