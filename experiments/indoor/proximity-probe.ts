/**
 * Does the proximity penalty change how often PPO collides? Trains PPO with the hyperparameters
 * of ppo-indoor.yaml (or another config) for a short budget, with `proximityPenalty` set or not,
 * and reports, per window of training steps, how the training episodes ended and the metres
 * flown per collision, then scores the policy on the unseen plans as the README table does.
 *
 * Run (once per setting, same seed):
 *   PALESTRA_NATIVE_THREADS=1 npx tsx experiments/indoor/proximity-probe.ts --steps 60000 --penalty 0
 *   PALESTRA_NATIVE_THREADS=1 npx tsx experiments/indoor/proximity-probe.ts --steps 60000 --penalty 0.5 --range 0.5
 */
import { createAgent } from '../../agents/index.js';
import '../../envs/index.js';
import { selectBackend } from '../../src/backend/index.js';
import { parseScriptArgs } from '../../src/cli/args.js';
import { readTrainConfig } from '../../src/cli/config-file.js';
import { makeVec } from '../../src/vector/make-vec.js';
import { evaluateIndoor } from './indoor-eval.js';

const args = parseScriptArgs('experiments/indoor/proximity-probe.ts', {
  config: { type: 'string' },
  steps: { type: 'string' },
  penalty: { type: 'string' },
  range: { type: 'string' },
  window: { type: 'string' },
  episodes: { type: 'string' },
  seed: { type: 'string' },
});
const file = await readTrainConfig(args.text('config', 'experiments/indoor/ppo-indoor.yaml')!);
const steps = args.number('steps', 60_000);
const window = args.number('window', 10_000);
const seed = args.number('seed', 0);
const kwargs = { ...file.envKwargs, proximityPenalty: args.number('penalty', 0, { integer: false }), proximityRange: args.number('range', 0.5, { integer: false }) };

await selectBackend('native');
const env = makeVec(file.env!, file.envs ?? 16, { kwargs });
const agent = createAgent(file.agent!, { observationSpace: env.singleObservationSpace, actionSpace: env.singleActionSpace }, { ...file.hyperparameters, seed });

/** Episode endings per window of training steps. */
const windows = new Map<number, { episodes: number; success: number; collision: number; timeout: number; metres: number }>();
const started = performance.now();
await agent.learn(env, {
  totalSteps: steps,
  seed,
  callbacks: [
    {
      onEpisodeEnd: (context, episode) => {
        const key = Math.floor(context.step / window);
        const w = windows.get(key) ?? { episodes: 0, success: 0, collision: 0, timeout: 0, metres: 0 };
        const reason = episode.info['reason'];
        w.episodes++;
        w.metres += (episode.info['pathLength'] as number) ?? 0;
        if (reason === 'success') w.success++;
        else if (reason === 'time-limit') w.timeout++;
        else w.collision++;
        windows.set(key, w);
      },
    },
  ],
});
const seconds = (performance.now() - started) / 1000;
env.close();

console.log(`proximityPenalty ${kwargs.proximityPenalty}, proximityRange ${kwargs.proximityRange} m, seed ${seed}: ${agent.numTimesteps} steps in ${seconds.toFixed(0)} s`);
console.log('| training steps | episodes | success | collision | time-out | metres per collision |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const [key, w] of [...windows].sort((a, b) => a[0] - b[0])) {
  const share = (n: number) => `${Math.round((100 * n) / w.episodes)}%`;
  console.log(`| ${key * window}-${(key + 1) * window} | ${w.episodes} | ${share(w.success)} | ${share(w.collision)} | ${share(w.timeout)} | ${w.collision === 0 ? '-' : (w.metres / w.collision).toFixed(1)} |`);
}
const episodes = args.number('episodes', 50);
const scores = evaluateIndoor({ act: (o) => agent.act(o, { deterministic: true }) as Float32Array }, { episodes });
console.log(
  `unseen plans (${episodes}, mode of the policy, no penalty in the score): success ${scores.successRate}, collision ${scores.collisionRate} (${scores.collisions}), time-out ${scores.timeoutRate}, metres per collision ${scores.distanceBetweenCollisions.toFixed(1)}`,
);
agent.dispose();
