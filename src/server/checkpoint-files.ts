/**
 * The files of a run's checkpoints, for the viewer to load a policy in the page:
 * `/api/runs/<run>/agent/<checkpoint>/<file>`, where <checkpoint> is `best` or a step of
 * `checkpoints/`, and <file> is `agent.json` or a model's `<name>.json` / `<name>.weights.bin`.
 * Nothing else of the run directory is reachable this way.
 */
import { resolveInside } from './safe-path.js';

/** Model files and agent.json: letters, digits, '_', '-', '.', not starting with a dot. */
const FILE_PATTERN = /^[A-Za-z0-9_-][A-Za-z0-9_.-]*\.(json|weights\.bin)$/;
const STEP_PATTERN = /^\d+$/;

/** Where a checkpoint file request leads: a file to send, or an HTTP error to answer. */
export type CheckpointFileTarget = { path: string; contentType: string } | { status: 400 | 404; message: string };

/**
 * The path of `file` in checkpoint `checkpoint` of the run at `runDirectory`, or the error to answer:
 * 400 for a name that is not a checkpoint file name ('..', a path, another extension), 404 for an
 * unknown checkpoint.
 *
 * @example checkpointFile('/srv/runs/ppo-1', 'best', 'actor.json') // { path: '/srv/runs/ppo-1/best/actor.json', contentType: 'application/json; ...' }
 */
export function checkpointFile(runDirectory: string, checkpoint: string, file: string): CheckpointFileTarget {
  if (!FILE_PATTERN.test(file)) {
    return { status: 400, message: `${JSON.stringify(file)} is not a checkpoint file name: expected agent.json, <network>.json or <network>.weights.bin` };
  }
  const parts = checkpoint === 'best' ? ['best'] : STEP_PATTERN.test(checkpoint) ? ['checkpoints', checkpoint] : undefined;
  if (parts === undefined) {
    return { status: 404, message: `no checkpoint ${JSON.stringify(checkpoint)}: expected 'best' or the step of a checkpoint in checkpoints/` };
  }
  const path = resolveInside(runDirectory, [...parts, file]);
  if (path === undefined) return { status: 404, message: `no file ${JSON.stringify(file)} in checkpoint ${checkpoint}` };
  return { path, contentType: file.endsWith('.json') ? 'application/json; charset=utf-8' : 'application/octet-stream' };
}

