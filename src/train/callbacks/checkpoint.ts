import { rm } from 'node:fs/promises';
import type { Callback, TrainingContext } from '../callback.js';
import { RunDirectory } from '../run-directory.js';
import type { Agent } from '../agent.js';

/**
 * Saves the agent to `checkpoints/<step>/` every `every` env steps and at the end of training,
 * keeping the newest `keep` checkpoints. Each is written atomically, so `--resume` after a kill
 * finds the last complete one.
 *
 * @example new CheckpointCallback(run, { every: 10_000, keep: 3 })
 */
export class CheckpointCallback implements Callback {
  private nextSave: number;

  constructor(
    private readonly run: RunDirectory,
    private readonly options: { every: number; keep: number },
  ) {
    this.nextSave = options.every;
  }

  onTrainingStart(context: TrainingContext): void {
    this.nextSave = (Math.floor(context.step / this.options.every) + 1) * this.options.every;
  }

  async onMetrics(context: TrainingContext): Promise<void> {
    if (context.step < this.nextSave) return;
    this.nextSave = (Math.floor(context.step / this.options.every) + 1) * this.options.every;
    await this.save(context);
  }

  async onTrainingEnd(context: TrainingContext): Promise<void> {
    await this.save(context);
  }

  private async save(context: TrainingContext): Promise<void> {
    const agent = context.agent as Agent;
    await this.run.writeCsv();
    await RunDirectory.writeDirectoryAtomic(this.run.checkpointPath(agent.numTimesteps), (dir) => agent.save(dir));
    const steps = await this.run.checkpointSteps();
    for (const old of steps.slice(0, Math.max(steps.length - this.options.keep, 0))) {
      await rm(this.run.checkpointPath(old), { recursive: true, force: true });
    }
  }
}
