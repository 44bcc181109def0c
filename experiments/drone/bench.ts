/**
 * `npm run bench:drone`: the drone simulator's speed table and the PID baseline table.
 *
 * Run: npm run bench:drone [-- --seconds 1.5 --repeats 5 --seeds 20]
 */
import { parseScriptArgs } from '../../src/cli/args.js';
import { measureSpeed, printSpeedTable } from './bench-speed.js';
import { printPidTable } from './bench-pid.js';

const args = parseScriptArgs('experiments/drone/bench.ts', { seconds: { type: 'string' }, repeats: { type: 'string' }, seeds: { type: 'string' } });

printSpeedTable(measureSpeed(args.number('seconds', 1.5, { integer: false }), args.number('repeats', 5)));
printPidTable(args.number('seeds', 20));
