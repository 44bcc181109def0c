/**
 * `agent.json`: what an agent directory holds besides its networks' model files: which
 * algorithm, its full config, its training state and the spaces it was built for.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PalestraError } from '../../src/core/errors.js';
import type { SpaceJSON } from '../../src/core/spaces/space.js';
import { writeFileAtomic } from '../../src/record/atomic-write.js';
import type { AgentSpaces } from '../../src/train/agent.js';

/** A saved agent that cannot be used: missing, corrupt, another algorithm or other spaces. */
export class CheckpointError extends PalestraError {}

export const AGENT_FILE = 'agent.json';
const FORMAT = 'palestra-agent';
const FORMAT_VERSION = 1;

export interface AgentFile {
  format: typeof FORMAT;
  formatVersion: number;
  agent: string;
  config: Record<string, unknown>;
  /** Step count, Rng state and anything else the algorithm needs to continue. */
  state: Record<string, unknown> & { numTimesteps: number };
  observationSpace: SpaceJSON;
  actionSpace: SpaceJSON;
  /** The env the agent was trained on, when known (eval refuses another). */
  envId?: string;
}

/** Writes `agent.json` last, so a directory with one has complete model files. */
export async function writeAgentFile(dir: string, content: Omit<AgentFile, 'format' | 'formatVersion'>): Promise<void> {
  await mkdir(dir, { recursive: true });
  const file: AgentFile = { format: FORMAT, formatVersion: FORMAT_VERSION, ...content };
  await writeFileAtomic(join(dir, AGENT_FILE), JSON.stringify(file, null, 2) + '\n');
}

/**
 * Reads and checks `agent.json`; with `expected`, also that it belongs to that algorithm and
 * those spaces. Every failure is a CheckpointError saying what was found and what was expected.
 */
export async function readAgentFile(dir: string, expected?: { agent: string; spaces: AgentSpaces }): Promise<AgentFile> {
  const path = join(dir, AGENT_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CheckpointError(`${path}: ${code === 'ENOENT' ? 'not found' : `cannot be read (${code})`}; expected an agent directory written by agent.save() (agent.json + model files)`);
  }
  let parsed: Partial<AgentFile>;
  try {
    parsed = JSON.parse(text) as Partial<AgentFile>;
  } catch (error) {
    throw new CheckpointError(`${path}: not valid JSON (${(error as Error).message}); the checkpoint is corrupt or was cut off while writing`);
  }
  if (parsed?.format !== FORMAT || typeof parsed.agent !== 'string' || typeof parsed.config !== 'object' || typeof parsed.state?.numTimesteps !== 'number' || !parsed.observationSpace || !parsed.actionSpace) {
    throw new CheckpointError(`${path}: not a Palestra agent file (expected format '${FORMAT}' with agent, config, state, observationSpace, actionSpace)`);
  }
  if ((parsed.formatVersion ?? 0) > FORMAT_VERSION) {
    throw new CheckpointError(`${path}: written by a newer Palestra (format version ${parsed.formatVersion}, this one reads up to ${FORMAT_VERSION})`);
  }
  const file = parsed as AgentFile;
  if (expected) {
    if (file.agent !== expected.agent) throw new CheckpointError(`${path}: holds a '${file.agent}' agent, cannot load it into a '${expected.agent}' agent`);
    checkSpace(path, 'observation', file.observationSpace, expected.spaces.observationSpace.toJSON());
    checkSpace(path, 'action', file.actionSpace, expected.spaces.actionSpace.toJSON());
  }
  return file;
}

function checkSpace(path: string, which: string, saved: SpaceJSON, current: SpaceJSON): void {
  if (JSON.stringify(saved) === JSON.stringify(current)) return;
  throw new CheckpointError(`${path}: the agent was trained for ${which} space ${describeSpaceJson(saved)}, but this env has ${describeSpaceJson(current)}; was it trained on another env?`);
}

function describeSpaceJson(json: SpaceJSON): string {
  if (json.type === 'Discrete') return `Discrete(${json.n})`;
  if (json.type === 'Box') return `Box(shape [${json.shape.join(', ')}], ${json.dtype})`;
  return json.type;
}
