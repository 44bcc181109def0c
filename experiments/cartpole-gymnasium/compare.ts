/**
 * How long `make('CartPole-v1')`'s trajectories stay bit-identical to Gymnasium's on Linux.
 * Gymnasium steps CartPole with Python's math.sin/math.cos, i.e. glibc's; V8's Math.sin/cos
 * (fdlibm) differ from glibc's by one ulp for some angles, and the dynamics amplify the difference.
 * reference.py recomputes Gymnasium's step with the C library; this script runs the same
 * episodes through Palestra's cartPoleStep and reports the first step at which the states differ.
 *
 *   npx tsx experiments/cartpole-gymnasium/compare.ts [--episodes 200]
 *
 * Two policies, both from float32 observations: "lean" pushes toward the side the pole falls to
 * (the pole stays within about a degree); "lean + 30% random" takes a random action at 30% of the
 * steps (larger angles, as a learning agent's early policies), with the same random actions in both.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cartPoleFailed, cartPoleStep } from '../../envs/cartpole/physics.js';
import { parseScriptArgs } from '../../src/cli/args.js';
import { Rng } from '../../src/core/rng.js';

const episodes = parseScriptArgs('experiments/cartpole-gymnasium/compare.ts', { episodes: { type: 'string' } }).number('episodes', 200);
const dir = mkdtempSync(join(tmpdir(), 'cartpole-gym-'));
const rng = new Rng(2026);
// Gymnasium's reset draws each state variable uniformly from [-0.05, 0.05].
const initial = Float64Array.from({ length: episodes * 4 }, () => rng.uniform(-0.05, 0.05));
writeFileSync(join(dir, 'initial.bin'), initial);

for (const randomShare of [0, 0.3]) compare(randomShare);

function compare(randomShare: number): void {
  const noise = Float64Array.from({ length: episodes * 500 }, () => (rng.uniform(0, 1) < randomShare ? rng.integer(0, 2) : -1));
  writeFileSync(join(dir, 'noise.bin'), noise);
  execFileSync('python3', [join(import.meta.dirname, 'reference.py'), join(dir, 'initial.bin'), join(dir, 'noise.bin'), join(dir, 'out.bin')], { stdio: 'inherit' });
  const reference = new Float64Array(readFileSync(join(dir, 'out.bin')).buffer.slice(0));

  const firstDifference: number[] = [];
  const lengths = { same: 0, different: 0, ours: [] as number[], theirs: [] as number[] };
  for (let e = 0; e < episodes; e++) {
    const state = initial.slice(e * 4, e * 4 + 4);
    let differs = -1;
    let ourLength = 500;
    for (let t = 1; t <= 500; t++) {
      const obs = Float32Array.from(state);
      const forced = noise[e * 500 + t - 1]!;
      cartPoleStep(state, 0, forced >= 0 ? forced : obs[2]! + 0.5 * obs[3]! > 0 ? 1 : 0);
      const base = (e * 501 + t) * 4;
      if (differs < 0 && state.some((v, i) => !Object.is(v, reference[base + i]))) differs = t;
      if (cartPoleFailed(state, 0)) {
        ourLength = t;
        break;
      }
    }
    let theirLength = 500;
    for (let t = 1; t <= 500; t++) if (Number.isNaN(reference[(e * 501 + t) * 4]!)) { theirLength = t - 1; break; }
    if (differs > 0 && differs <= Math.min(ourLength, theirLength)) firstDifference.push(differs);
    lengths.ours.push(ourLength);
    lengths.theirs.push(theirLength);
    if (ourLength === theirLength) lengths.same++;
    else lengths.different++;
  }
  const sorted = [...firstDifference].sort((a, b) => a - b);
  const quantile = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  console.log(`\n${randomShare === 0 ? 'lean' : `lean + ${randomShare * 100}% random`}: ${episodes} episodes of up to 500 steps`);
  console.log(`episodes bit-identical to the glibc reference to their end: ${episodes - firstDifference.length}`);
  console.log(`episodes that diverge: ${firstDifference.length}; first differing step min ${sorted[0] ?? '-'}, median ${quantile(0.5) ?? '-'}, max ${sorted.at(-1) ?? '-'}`);
  console.log(`episode lengths equal: ${lengths.same} of ${episodes}; mean length ours ${(lengths.ours.reduce((a, b) => a + b, 0) / episodes).toFixed(1)}, reference ${(lengths.theirs.reduce((a, b) => a + b, 0) / episodes).toFixed(1)}`);
}
