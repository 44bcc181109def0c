/**
 * PPO on Driving/LaneKeeping-v0 (state vector, MLP) or Driving/LaneKeepingCamera-v0 (66x200
 * camera images, Nature CNN): trains on random tracks (a new one every episode), then drives
 * unseen tracks (seeds 10000+) deterministically and reports laps and mean |lateral offset|,
 * next to the pure-pursuit expert on the same tracks. One row per training seed.
 *
 *   npx tsx experiments/steering/ppo-lane-keeping.ts [--steps 300000] [--seeds 0,1,2] [--envs 8] [--eval-tracks 3]
 *   npx tsx experiments/steering/ppo-lane-keeping.ts --env Driving/LaneKeepingCamera-v0 --minutes 60 --seeds 0
 */
import { PpoAgent } from '../../agents/ppo/ppo.js';
import { DEFAULT_CAR } from '../../envs/driving/bicycle.js';
import { expertSteering } from '../../envs/driving/expert.js';
import type { LaneKeepingEnv } from '../../envs/driving/lane-keeping.js';
import { selectBackend } from '../../src/backend/index.js';
import { make } from '../../src/index.js';
import { makeVec } from '../../src/vector/make-vec.js';
import { parseScriptArgs } from '../../src/cli/args.js';

/** Camera images make each update far dearer: fewer epochs over shorter rollouts. */
const PPO_SETTINGS: Record<string, Record<string, number>> = {
  'Driving/LaneKeeping-v0': { nSteps: 256, batchSize: 256, nEpochs: 10, learningRate: 3e-4, gamma: 0.99 },
  'Driving/LaneKeepingCamera-v0': { nSteps: 128, batchSize: 256, nEpochs: 4, learningRate: 3e-4, gamma: 0.99 },
};
const EVAL_STEPS = 1000;

interface EvalResult {
  laps: number;
  meanAbsOffset: number;
  offRoad: number;
}

/** Drives each unseen track for EVAL_STEPS steps (or until off the road) with `steer` (action in [-1, 1]). */
function evaluate(envId: string, steer: (observation: unknown, env: LaneKeepingEnv) => number, trackSeeds: number[]): EvalResult {
  let laps = 0;
  let offsetSum = 0;
  let steps = 0;
  let offRoad = 0;
  for (const trackSeed of trackSeeds) {
    const env = make(envId, { trackSeed, randomStart: false }, { maxEpisodeSteps: EVAL_STEPS });
    let observation = env.reset({ seed: trackSeed }).observation;
    const inner = env.unwrapped as LaneKeepingEnv;
    for (let t = 0; t < EVAL_STEPS; t++) {
      const result = env.step(Float32Array.of(Math.max(-1, Math.min(1, steer(observation, inner)))));
      observation = result.observation;
      offsetSum += Math.abs(result.info['lateralOffset'] as number);
      steps++;
      if (result.terminated) offRoad++;
      if (result.terminated || result.truncated) {
        laps += (result.info['progress'] as number) / inner.track.length;
        break;
      }
    }
  }
  return { laps, meanAbsOffset: offsetSum / steps, offRoad };
}

async function main(): Promise<void> {
  const { values } = parseScriptArgs('experiments/steering/ppo-lane-keeping.ts', {
    env: { type: 'string', default: 'Driving/LaneKeeping-v0' },
    steps: { type: 'string', default: '300000' },
    minutes: { type: 'string', default: '0' },
    seeds: { type: 'string', default: '0,1,2' },
    envs: { type: 'string', default: '8' },
    'eval-tracks': { type: 'string', default: '3' },
  });
  const envId = values.env!;
  const settings = PPO_SETTINGS[envId];
  if (!settings) throw new Error(`--env must be one of ${Object.keys(PPO_SETTINGS).join(', ')}, got ${envId}`);
  const minutes = Number(values.minutes);
  const backend = await selectBackend('auto');
  console.log(`backend: ${backend.reason}`);
  const trackSeeds = Array.from({ length: Number(values['eval-tracks']) }, (_, i) => 10000 + i);
  const rows: string[] = [];
  const expert = evaluate(envId, (_obs, env) => expertSteering(env.track, env.car) / DEFAULT_CAR.maxSteering, trackSeeds);
  rows.push(`| expert (pure pursuit) | - | ${expert.laps.toFixed(2)} | ${expert.meanAbsOffset.toFixed(3)} | ${expert.offRoad} |`);
  for (const seed of values.seeds!.split(',').map(Number)) {
    const started = performance.now();
    const envs = makeVec(envId, Number(values.envs));
    const agent = new PpoAgent({ observationSpace: envs.singleObservationSpace, actionSpace: envs.singleActionSpace }, { seed, ...settings });
    // --minutes caps the wall-clock: training stops after the update that crosses it.
    const overTime = (): boolean => minutes > 0 && performance.now() - started > minutes * 60_000;
    let lastReturn = Number.NaN;
    await agent.learn(envs, {
      totalSteps: Number(values.steps),
      seed,
      callbacks: [{ onEpisodeEnd: (_context, episode) => void (lastReturn = episode.episodeReturn), onMetrics: () => (overTime() ? false : undefined) }],
    });
    envs.close();
    console.log(`seed ${seed}: ${agent.numTimesteps} steps in ${((performance.now() - started) / 1000).toFixed(0)} s, last training episode return ${lastReturn.toFixed(1)}`);
    const result = evaluate(envId, (observation) => (agent.act(observation, { deterministic: true }) as Float32Array)[0]!, trackSeeds);
    rows.push(`| PPO seed ${seed} | ${((performance.now() - started) / 1000).toFixed(0)} | ${result.laps.toFixed(2)} | ${result.meanAbsOffset.toFixed(3)} | ${result.offRoad} |`);
    agent.dispose?.();
  }
  console.log(`\n${envId}: up to ${values.steps} training steps per seed${minutes > 0 ? `, at most ${minutes} min` : ''}; ${trackSeeds.length} unseen tracks (${trackSeeds.join(', ')}), ${EVAL_STEPS} steps (50 s) each`);
  console.log('| driver | train seconds | laps (sum) | mean abs offset (m) | episodes off the road |\n|---|---:|---:|---:|---:|');
  for (const row of rows) console.log(row);
}

await main();
