/**
 * The "Policy" box of a replay opened with `?agent=<checkpoint>`: which backend ran the
 * checkpoint in the page, how often its greedy action agrees with the recorded one, how far its
 * outputs are from eval's, and, frame by frame, what the page's policy does there.
 */
import type { PolicyHeader, PolicyStep } from '../../../src/core/policy-trace.js';
import { checkPolicy, type PolicyCheck } from './policy-check.js';

/** What the browser tests read from `window.palestraPolicy`. */
export interface PolicyProbe {
  status: 'none' | 'running' | 'done' | 'error';
  check?: PolicyCheck;
  error?: string;
}

export class PolicyPanel {
  private readonly element: HTMLElement;
  private readonly summary: HTMLElement;
  private readonly current: HTMLElement;
  private state: PolicyProbe = { status: 'none' };
  private stepOfFrame = new Map<number, number>();
  private header: PolicyHeader | undefined;
  private steps: PolicyStep[] = [];
  /** Counts runs, so that a slow check of an earlier episode never overwrites a later one. */
  private generation = 0;

  constructor(
    parent: HTMLElement,
    private readonly options: { checkpoint: string; backend: string | null },
  ) {
    this.element = document.createElement('div');
    this.element.id = 'policy';
    this.element.innerHTML = '<div class="policy-title">Policy</div>';
    this.summary = document.createElement('div');
    this.current = document.createElement('div');
    this.current.className = 'policy-frame';
    this.element.append(this.summary, this.current);
    parent.appendChild(this.element);
    (window as unknown as { palestraPolicy: () => PolicyProbe }).palestraPolicy = () => this.state;
  }

  /** Runs the checkpoint on a newly opened episode's recorded observations. */
  async run(runId: string, header: PolicyHeader | undefined, steps: PolicyStep[]): Promise<void> {
    const generation = ++this.generation;
    this.header = header;
    this.steps = steps;
    this.stepOfFrame = new Map();
    this.current.textContent = '';
    if (!header || steps.length === 0) {
      this.state = { status: 'error', error: 'this episode was not recorded with its observations: record one with palestra eval <run> --record' };
      this.show([this.state.error!]);
      return;
    }
    this.state = { status: 'running' };
    this.show([`loading ${this.options.checkpoint} (${header.agent}, ${header.network.name} network)…`]);
    try {
      const check = await checkPolicy({ runId, checkpoint: this.options.checkpoint, header, steps, backend: this.options.backend });
      if (generation !== this.generation) return;
      check.frames.forEach((frame, i) => this.stepOfFrame.set(frame, i));
      this.state = { status: 'done', check };
      this.show(describe(check, header));
    } catch (error) {
      if (generation !== this.generation) return;
      this.state = { status: 'error', error: error instanceof Error ? error.message : String(error) };
      this.show([`could not run the policy: ${this.state.error}`]);
    }
  }

  /** The page's action at the frame on screen, next to the recorded one. */
  showFrame(frame: number): void {
    const check = this.state.check;
    const step = this.stepOfFrame.get(frame);
    if (!check || step === undefined) {
      this.current.textContent = check ? 'final frame: no action' : '';
      return;
    }
    const text = (action: number | ArrayLike<number>) => (typeof action === 'number' ? String(action) : Array.from(action, (v) => v.toPrecision(3)).join(', '));
    this.current.textContent = `action from this frame: page ${text(check.greedy[step]!)}, recorded ${text(this.steps[step]!.action)}`;
  }

  private show(lines: string[]): void {
    this.summary.replaceChildren(...lines.map((line) => Object.assign(document.createElement('div'), { textContent: line })));
  }
}

function describe(check: PolicyCheck, header: PolicyHeader): string[] {
  const lines = [`${check.backend.name} on ${check.backend.device}`, `checkpoint ${check.checkpoint}: ${header.agent} ${header.network.name} (${header.network.outputs})`];
  if (check.agree !== undefined) lines.push(`greedy = recorded action: ${check.agree} / ${check.steps} steps`);
  if (check.maxAbsDiff !== undefined) lines.push(`max |Δ ${header.network.outputs}| vs eval (${header.backend}): ${check.maxAbsDiff.toExponential(2)}`);
  if (check.checkpoint !== header.checkpoint) lines.push(`recorded with checkpoint ${header.checkpoint}`);
  lines.push(`forward pass of ${check.steps} observations: ${check.forwardMs.toFixed(1)} ms`);
  return lines;
}
