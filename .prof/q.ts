import '../envs/multi-robot/register.js';
import { makeParallel } from '../src/multi-agent/parallel-registry.js';
import { ParallelVectorEnv } from '../src/multi-agent/parallel-vector-env.js';
const cpu = () => { const { user, system } = process.cpuUsage(); return (user + system) / 1e6; };
for (const beams of [512, 64]) {
  const robots = 20;
  const envs = new ParallelVectorEnv(makeParallel('MultiRobot/CollisionAvoidance-v0', { robots, beams }, { maxEpisodeSteps: 0 }));
  envs.reset({ seed: 0 });
  const actions = new Float32Array(2 * robots);
  for (let i = 0; i < robots; i++) actions.set([0.02, 0.05], 2 * i);
  const rates = [];
  for (let rep = 0; rep < 3; rep++) {
    const t0 = cpu(); let n = 0;
    while (cpu() - t0 < 1.5) { if (envs.env.agents.length < robots) envs.reset({ seed: 0 }); envs.step(actions); n += robots; }
    rates.push(Math.round(n / (cpu() - t0)));
  }
  console.log(beams, rates.join(' '));
}
