/**
 * The "Policy" box of a replay: on an episode recorded by `palestra eval --record` it offers to
 * run the checkpoint in the page (or runs it at once when the URL names one with
 * `?agent=<checkpoint>`), then says which backend ran it, how often its greedy action agrees with
 * the recorded one, how far its outputs are from eval's, and, frame by frame, what the page's
 * policy does there. Hidden on other episodes unless the URL asked for a policy.
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
  private steps: PolicyStep[] = [];
  /** The checkpoint to run: the URL's `agent`, or the recorded one once the user asks for it. */
  private checkpoint: string | undefined;
  /** Counts runs, so that a slow check of an earlier episode never overwrites a later one. */
  private generation = 0;

  constructor(
    parent: HTMLElement,
    private readonly options: {
      /** The URL's `agent`: run this checkpoint on every episode opened. */
      checkpoint: string | undefined;
      /** The URL's `policyBackend` (null: WebGPU, else WebGL, else cpu). */
      backend: string | null;
      /** Called when the user asks to run the recorded checkpoint, so the URL can say so. */
      onChoose: (checkpoint: string) => void;
    },
  ) {
    this.checkpoint = options.checkpoint;
    this.element = document.createElement('div');
    this.element.id = 'policy';
    this.element.hidden = true;
    this.element.innerHTML = '<div class="policy-title">Policy</div>';
    this.summary = document.createElement('div');
    this.current = document.createElement('div');
    this.current.className = 'policy-frame';
    this.element.append(this.summary, this.current);
    parent.appendChild(this.element);
    (window as unknown as { palestraPolicy: () => PolicyProbe }).palestraPolicy = () => this.state;
  }

  /**
   * A newly opened episode: runs the chosen checkpoint on its recorded observations, or offers
   * to run the one that recorded it, or (no policy chosen, none recorded) hides the box.
   */
  async open(runId: string, header: PolicyHeader | undefined, steps: PolicyStep[]): Promise<void> {
    if (this.checkpoint !== undefined) return this.run(runId, this.checkpoint, header, steps);
    ++this.generation;
    this.state = { status: 'none' };
    this.current.textContent = '';
    this.element.hidden = header === undefined || steps.length === 0;
    if (this.element.hidden) return;
    const button = document.createElement('button');
    button.type = 'button';
    button.id = 'policy-run';
    button.textContent = `Run ${header!.agent} (${header!.checkpoint}) in the page`;
    button.addEventListener('click', () => {
      this.checkpoint = header!.checkpoint;
      this.options.onChoose(header!.checkpoint);
      void this.run(runId, header!.checkpoint, header, steps);
    });
    this.summary.replaceChildren(Object.assign(document.createElement('div'), { textContent: `recorded by palestra eval: ${steps.length} steps with observations` }), button);
  }

  /** No recorded episode on screen (live view, nothing open): no box, and a running check is forgotten. */
  hide(): void {
    ++this.generation;
    this.state = { status: 'none' };
    this.stepOfFrame = new Map();
    this.element.hidden = true;
  }

  /** Runs `checkpoint` on the episode's recorded observations. */
  private async run(runId: string, checkpoint: string, header: PolicyHeader | undefined, steps: PolicyStep[]): Promise<void> {
    const generation = ++this.generation;
    this.element.hidden = false;
    this.steps = steps;
    this.stepOfFrame = new Map();
    this.current.textContent = '';
    if (!header || steps.length === 0) {
      this.state = { status: 'error', error: 'this episode was not recorded with its observations: record one with palestra eval <run> --record' };
      this.show([this.state.error!]);
      return;
    }
    this.state = { status: 'running' };
    this.show([`loading ${checkpoint} (${header.agent}, ${header.network.name} network)…`]);
    try {
      const check = await checkPolicy({ runId, checkpoint, header, steps, backend: this.options.backend });
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
