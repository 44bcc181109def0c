/**
 * `npm run bench:drone`: the drone simulator's speed table and the PID baseline table.
 *
 * Run: npm run bench:drone [-- --seconds 1.5 --repeats 5 --seeds 20]
 */
import { measureSpeed, printSpeedTable } from './bench-speed.js';
import { printPidTable } from './bench-pid.js';

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

printSpeedTable(measureSpeed(argument('seconds', 1.5), argument('repeats', 5)));
printPidTable(argument('seeds', 20));
