import { existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { loadAgent } from '../../../agents/index.js';
import { AGENT_FILE, CheckpointError, readAgentFile } from '../../../agents/common/agent-file.js';
import { hostBackendName, onHostWithAllVariables, selectBackend, type Workload } from '../../backend/index.js';
import { make } from '../../registry.js';
import { isParallelEnvId, makeParallel } from '../../multi-agent/parallel-registry.js';
import { describeOutcomes, evaluateParallelPolicy } from '../../train/evaluate-parallel.js';
import { evaluatePolicy } from '../../train/evaluate.js';
import { RunDirectory } from '../../train/run-directory.js';
import { numberOption, parseCommandArgs, UsageError } from '../args.js';
import type { CliCommand, CliIO } from '../command.js';
import { parseEnvKwargs } from '../env-kwargs.js';
import { loadEnvModule, resolveEnvArgument } from '../env-source.js';
import { recordPolicyEpisodes, type RecordedPolicyEpisode } from '../record-policy-episodes.js';
import type { Callback } from '../../train/callback.js';
import { watchEpisodes, watchParallelEpisodes } from '../watch-episodes.js';

const USAGE = `Usage: palestra eval <run-dir | checkpoint-dir> [options]

Plays whole episodes with a trained agent and prints the mean return. A run directory is
evaluated from its best/ checkpoint (or its newest one when there is no best/). On a multi-agent
env, every agent plays the shared policy, an episode is a whole world's, and the summary says how
the agents ended (for the multi-robot env: arrived, collided, truncated by the time limit).

  --episodes N     episodes to play (default 10)
  --seed S         seed of the first episode; episode k uses S + k (default 0)
  --env ID         evaluate on another registered env with the same spaces
  --env-kwarg K=V  set one env keyword argument over the run's (repeatable), e.g. --env-kwarg robots=50
  --stochastic     sample actions instead of taking the most likely one
  --backend B      auto (default), tensorflow-gpu, webgpu, tensorflow, native, wasm, cpu
                   (webgpu: the agent acts on the host backend, as webgpu in Node reads only
                   asynchronously; --record computes the policy outputs on the GPU)
  --record         also write the episodes, with each frame's observation, action and policy
                   outputs, into the run's episodes/ folder, to re-run the policy in the viewer
                   (palestra view <run>, then ?agent=best on the page)
  --json           print the result as JSON
  --view           watch the episodes in the browser viewer, played at the env's frame rate
                   (a multi-agent env: whole world episodes, every agent moving)
  --port N         port of the viewer (with --view)
  --fps N          steps per second when watching (default: the env's frame rate)`;

const OPTIONS = {
  episodes: { type: 'string' },
  seed: { type: 'string' },
  env: { type: 'string' },
  'env-kwarg': { type: 'string', multiple: true },
  stochastic: { type: 'boolean' },
  backend: { type: 'string' },
  json: { type: 'boolean' },
  view: { type: 'boolean' },
  port: { type: 'string' },
  fps: { type: 'string' },
  record: { type: 'boolean' },
} as const;

/**
 * The checkpoint a path names: the path itself when it holds agent.json, else a run directory's
 * best/ or newest checkpoint. Also returns the run's env module, if any, to load first.
 */
export async function resolveCheckpoint(path: string): Promise<{ checkpoint: string; envModule?: string; envKwargs?: Record<string, unknown> }> {
  if (existsSync(join(path, AGENT_FILE))) return { checkpoint: path };
  if (!existsSync(join(path, 'config.json'))) {
    throw new CheckpointError(`${path}: neither a checkpoint (no ${AGENT_FILE}) nor a run directory (no config.json)`);
  }
  const { run, config } = await RunDirectory.open(path);
  if (existsSync(join(run.bestPath, AGENT_FILE))) return { checkpoint: run.bestPath, envModule: config.envModule, envKwargs: config.envKwargs };
  const newest = (await run.checkpointSteps()).at(-1);
  if (newest === undefined) throw new CheckpointError(`${path}: the run has no checkpoint yet (no best/ and nothing in checkpoints/)`);
  return { checkpoint: run.checkpointPath(newest), envModule: config.envModule, envKwargs: config.envKwargs };
}

/**
 * `palestra eval`: loads a checkpoint, checks it fits the env, plays N episodes.
 *
 * @example await evalCommand.run(['runs/my-run', '--episodes', '100'], processIO);
 */
export const evalCommand: CliCommand = {
  name: 'eval',
  summary: 'Evaluate a trained agent (a run directory or a checkpoint) over N episodes',
  usage: USAGE,
  async run(args: string[], io: CliIO): Promise<number> {
    const { values, positionals } = parseCommandArgs('eval', args, OPTIONS);
    if (values['help']) {
      io.stdout(USAGE + '\n');
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError(`palestra eval: expected one run or checkpoint directory, got ${positionals.length}`);
    const episodes = numberOption('eval', 'episodes', values['episodes']) ?? 10;
    if (episodes < 1) throw new UsageError(`palestra eval: --episodes must be at least 1, got ${episodes}`);
    const seed = numberOption('eval', 'seed', values['seed']) ?? 0;
    const { checkpoint, envModule, envKwargs: runKwargs } = await resolveCheckpoint(positionals[0]!);
    if (envModule) await loadEnvModule(envModule);
    const backend = await selectBackend(typeof values['backend'] === 'string' ? values['backend'] : 'auto', await evaluationWorkload(checkpoint, episodes));
    const runDir = existsSync(join(positionals[0]!, 'config.json')) ? positionals[0] : undefined;
    if (values['record'] && runDir === undefined) throw new UsageError(`palestra eval --record: ${positionals[0]} is a checkpoint, not a run directory; pass the run directory, whose episodes/ folder gets the recordings`);
    const agent = await loadAgent(checkpoint);
    try {
      const envId = typeof values['env'] === 'string' ? (await resolveEnvArgument(values['env'])).envId : agent.envId;
      if (!envId) throw new CheckpointError(`${checkpoint}: the agent does not record its env; pass --env <id>`);
      // A run made with env kwargs (an action mode, say) is evaluated with the same ones, and --env-kwarg over them.
      const envKwargs = { ...(typeof values['env'] === 'string' ? {} : (runKwargs ?? {})), ...parseEnvKwargs('eval', (values['env-kwarg'] as string[] | undefined) ?? []) };
      const deterministicChoice = values['stochastic'] !== true;
      // --view: the episodes play one at a time in real time in the browser; the summary after it
      // replays them batched with the same seeds, so both report the same returns.
      const watchInBrowser = async (watch: (callback: Callback, fps: number | undefined) => Promise<unknown>): Promise<void> => {
        const { startLiveView } = await import('../../server/live-view.js');
        const view = await startLiveView({ runDir, envId, port: numberOption('eval', 'port', values['port']) });
        io.stdout(`viewer: ${view.url}\n`);
        try {
          // On webgpu the agent acts on the host backend: Node's WebGPU cannot read an action back at once.
          await onHostWithAllVariables(() => watch(view.callback, numberOption('eval', 'fps', values['fps'])));
        } finally {
          await view.close();
        }
      };
      if (isParallelEnvId(envId)) {
        const probe = makeParallel(envId, envKwargs);
        const first = probe.possibleAgents[0]!;
        const fits = JSON.stringify(probe.observationSpace(first).toJSON()) === JSON.stringify(agent.spaces.observationSpace.toJSON()) && JSON.stringify(probe.actionSpace(first).toJSON()) === JSON.stringify(agent.spaces.actionSpace.toJSON());
        const spaces = `${probe.observationSpace(first)} / ${probe.actionSpace(first)}`;
        probe.close();
        if (!fits) throw new CheckpointError(`${checkpoint}: the agent was trained for ${agent.spaces.observationSpace} / ${agent.spaces.actionSpace}, but ${envId} (${JSON.stringify(envKwargs)}) gives each agent ${spaces}; another env or other kwargs (beams, say)`);
        if (values['view']) await watchInBrowser((callback, fps) => watchParallelEpisodes(agent, makeParallel(envId, envKwargs), callback, { episodes, seed, deterministic: deterministicChoice, envId, fps }));
        const result = evaluateParallelPolicy(agent, () => makeParallel(envId, envKwargs), { episodes, seed, deterministic: deterministicChoice });
        if (values['json']) {
          io.stdout(JSON.stringify({ checkpoint, envId, envKwargs, backend: backend.name, steps: agent.numTimesteps, ...result }) + '\n');
        } else {
          io.stdout(
            `${agent.name} agent from ${checkpoint} (${agent.numTimesteps} training steps) on ${envId}${Object.keys(envKwargs).length > 0 ? ` ${JSON.stringify(envKwargs)}` : ''}, backend ${backend.name}\n` +
              `${episodes} world episodes, ${result.returns.length} agent-episodes: mean return ${result.meanReturn.toFixed(2)} +/- ${result.stdReturn.toFixed(2)} per agent, mean length ${result.meanLength.toFixed(1)}\n` +
              `agents: ${describeOutcomes(result.outcomes)}\n`,
          );
        }
        return 0;
      }
      const probe = make(envId, envKwargs);
      const fits = JSON.stringify(probe.observationSpace.toJSON()) === JSON.stringify(agent.spaces.observationSpace.toJSON()) && JSON.stringify(probe.actionSpace.toJSON()) === JSON.stringify(agent.spaces.actionSpace.toJSON());
      probe.close();
      if (!fits) {
        throw new CheckpointError(`${checkpoint}: the agent was trained for ${agent.spaces.observationSpace} / ${agent.spaces.actionSpace}, but ${envId} has ${probe.observationSpace} / ${probe.actionSpace}; it comes from another env`);
      }
      const deterministic = deterministicChoice;
      if (values['view']) await watchInBrowser((callback, fps) => watchEpisodes(agent, make(envId, envKwargs), callback, { episodes, seed, deterministic, envId, fps }));
      // On webgpu the agent acts on the host backend: Node's WebGPU cannot read an action back at once.
      const result = await onHostWithAllVariables(() => evaluatePolicy(agent, () => make(envId, envKwargs), { episodes, seed, deterministic }));
      let recorded: RecordedPolicyEpisode[] | undefined;
      const checkpointName = runDir === undefined ? undefined : relative(runDir, checkpoint).split(sep).join('/').replace(/^checkpoints\//, '');
      if (values['record']) {
        recorded = await recordPolicyEpisodes(agent, { runDir: runDir!, checkpointDir: checkpoint, checkpoint: checkpointName!, envId, makeEnv: () => make(envId, envKwargs), episodes, seed, deterministic, backend: backend.name });
      }
      if (values['json']) {
        io.stdout(JSON.stringify({ checkpoint, envId, backend: backend.name, steps: agent.numTimesteps, ...result, ...(recorded ? { recorded } : {}) }) + '\n');
      } else {
        io.stdout(
          `${agent.name} agent from ${checkpoint} (${agent.numTimesteps} training steps) on ${envId}, backend ${backend.name}\n` +
            `${episodes} episodes: mean return ${result.meanReturn.toFixed(2)} +/- ${result.stdReturn.toFixed(2)} ` +
            `(min ${Math.min(...result.returns).toFixed(1)}, max ${Math.max(...result.returns).toFixed(1)}), mean length ${result.meanLength.toFixed(1)}\n`,
        );
        if (backend.name === 'webgpu') {
          io.stdout(`webgpu: the agent acted on the ${hostBackendName()} backend after one readback of its weights (Node's WebGPU reads back only asynchronously)${recorded ? '; the recorded policy outputs were computed on the GPU' : ''}\n`);
        }
        if (recorded) io.stdout(describeRecording(recorded, runDir!, checkpointName!));
      }
    } finally {
      agent.dispose();
    }
    return 0;
  },
};

/**
 * What evaluation computes, for `auto`: forward passes of the agent's network on one observation
 * per episode played side by side (evaluatePolicy plays up to 16), each read back at once.
 */
async function evaluationWorkload(checkpoint: string, episodes: number): Promise<Workload> {
  const shape = ((await readAgentFile(checkpoint)).observationSpace as { shape?: number[] }).shape ?? [];
  const image = shape.length === 3;
  return {
    convolutional: image,
    batchSize: Math.min(episodes, 16),
    ...(image ? { imagePixels: shape[0]! * shape[1]! } : {}),
    notOnWebGpu: 'evaluation acts step by step and reads each action back at once',
  };
}

/** What `--record` wrote and how to watch the policy run again in the browser. */
function describeRecording(recorded: RecordedPolicyEpisode[], runDir: string, checkpoint: string): string {
  const agreement = recorded.map((episode) => episode.greedyAgreement).filter((a) => a !== undefined);
  const agree = agreement.reduce((sum, a) => sum + a.agree, 0);
  const total = agreement.reduce((sum, a) => sum + a.total, 0);
  return (
    `recorded ${recorded.length} episode(s) with observations, actions and policy outputs in ${join(runDir, 'episodes')}: ${recorded.map((e) => e.file).join(', ')}\n` +
    (total > 0 ? `greedy action of the recorded outputs = action taken on ${agree} of ${total} steps\n` : '') +
    `re-run the policy in the browser: palestra view ${runDir}, open one of these episodes and click "Run" in its Policy box (or add &agent=${encodeURIComponent(checkpoint)} to the page's URL; &policyBackend=webgpu|webgl|cpu to choose)\n`
  );
}
