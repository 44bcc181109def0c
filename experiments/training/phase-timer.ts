/**
 * Exclusive wall-clock time per phase: wrapped methods push their phase on a stack, and every
 * interval is charged to the innermost phase, so nested work (an env step inside a rollout) is
 * never counted twice. Also counts tfjs kernels per phase by wrapping the engine's
 * runKernelFunc, through which every kernel (forward and gradient) passes.
 */
import * as tf from '@tensorflow/tfjs';

export class PhaseTimer {
  readonly seconds = new Map<string, number>();
  /** CPU seconds (user + system, all threads of the process) per phase: robust to a busy machine. */
  readonly cpuSeconds = new Map<string, number>();
  private cpuSince = cpuNow();
  readonly calls = new Map<string, number>();
  readonly kernels = new Map<string, number>();
  private readonly stack: string[] = ['other'];
  private since = performance.now();

  /** The phase time is charged to now. */
  get current(): string {
    return this.stack[this.stack.length - 1]!;
  }

  enter(phase: string): void {
    this.charge();
    this.stack.push(phase);
    this.calls.set(phase, (this.calls.get(phase) ?? 0) + 1);
  }

  leave(): void {
    this.charge();
    this.stack.pop();
  }

  /** Charges the time since the last switch to the current phase. */
  charge(): void {
    const now = performance.now();
    const cpu = cpuNow();
    const phase = this.current;
    this.seconds.set(phase, (this.seconds.get(phase) ?? 0) + (now - this.since) / 1000);
    this.cpuSeconds.set(phase, (this.cpuSeconds.get(phase) ?? 0) + (cpu - this.cpuSince));
    this.since = now;
    this.cpuSince = cpu;
  }

  /**
   * Replaces `owner[method]` with a version that runs in `phase` (sync or async methods); a
   * function phase may return undefined to leave the current phase as it is. Returns false (and
   * wraps nothing) when there is no such method, so the profiler survives agents being reorganised.
   */
  wrap(owner: object, method: string, phase: string | ((timer: PhaseTimer) => string | undefined)): boolean {
    const target = owner as Record<string, unknown>;
    const original = target[method];
    if (typeof original !== 'function') {
      console.warn(`profile: ${owner.constructor?.name ?? 'object'}.${method} not found; its time stays in the enclosing phase`);
      return false;
    }
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const timer = this;
    target[method] = function (this: unknown, ...args: unknown[]) {
      const name = typeof phase === 'string' ? phase : phase(timer);
      if (name === undefined) return (original as (...a: unknown[]) => unknown).apply(this, args);
      timer.enter(name);
      let result: unknown;
      try {
        result = (original as (...a: unknown[]) => unknown).apply(this, args);
      } catch (error) {
        timer.leave();
        throw error;
      }
      if (result instanceof Promise) {
        return result.finally(() => timer.leave());
      }
      timer.leave();
      return result;
    };
    return true;
  }

  /** Seconds spent inside kernel implementations per phase (the rest of a phase is tfjs and JS overhead). */
  readonly kernelSeconds = new Map<string, number>();

  /**
   * Times the kernel implementations of `backendName` (the registry's configs, wrapped in place);
   * nested kernel calls are counted once.
   */
  timeKernelBodies(backendName: string): void {
    let depth = 0;
    for (const config of tf.getKernelsForBackend(backendName)) {
      const original = config.kernelFunc;
      (config as { kernelFunc: tf.KernelFunc }).kernelFunc = (params) => {
        if (depth > 0) return original(params);
        depth++;
        const started = performance.now();
        try {
          return original(params);
        } finally {
          depth--;
          const phase = this.current;
          this.kernelSeconds.set(phase, (this.kernelSeconds.get(phase) ?? 0) + (performance.now() - started) / 1000);
        }
      };
    }
  }

  /** Counts every tfjs kernel against the phase it runs in. */
  countKernels(): void {
    const engine = tf.engine() as unknown as { runKernelFunc: (...args: unknown[]) => unknown };
    const original = engine.runKernelFunc.bind(engine);
    engine.runKernelFunc = (...args: unknown[]) => {
      this.kernels.set(this.current, (this.kernels.get(this.current) ?? 0) + 1);
      return original(...args);
    };
  }
}

/** CPU seconds this process has used so far. */
export function cpuNow(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}
