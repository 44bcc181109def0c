/**
 * Fast by default: a program that imports Palestra and trains, without choosing a backend, gets
 * the one `auto` picks for its networks (not tfjs's plain-JavaScript cpu backend), and is told
 * once which one that is. A program that chose a backend itself (selectBackend, tf.setBackend,
 * `--backend`) keeps it.
 */
import * as tf from '@tensorflow/tfjs';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { selectBackend, type BackendSelection } from './select.js';
import type { Workload } from './workload.js';

let chosenByCaller = false;
let announced = false;

/**
 * Notes every tf.setBackend call (selectBackend goes through it too) so that ensureBackend leaves
 * a caller's own choice alone; and replaces tfjs's cpu backend factory with one that does not
 * print "Hi, looks like you are running TensorFlow.js in Node.js" on first use. Idempotent.
 */
export function installBackendDefaults(): void {
  const engine = tf.engine() as ReturnType<typeof tf.engine> & { palestraTracksChoice?: boolean };
  if (engine.palestraTracksChoice) return;
  engine.palestraTracksChoice = true;
  // tfjs activates its default backend through setBackend too, right after picking it with
  // initializeBackendsAndReturnBest: that call is not the caller's choice.
  const internals = engine as unknown as { initializeBackendsAndReturnBest(): unknown };
  const pickBest = internals.initializeBackendsAndReturnBest.bind(engine);
  let pickingDefault = false;
  internals.initializeBackendsAndReturnBest = () => {
    pickingDefault = true;
    return pickBest();
  };
  const setBackend = engine.setBackend.bind(engine);
  engine.setBackend = (name: string) => {
    if (!pickingDefault) chosenByCaller = true;
    pickingDefault = false;
    return setBackend(name);
  };
  // The cpu backend's first write prints advice to install tfjs-node; Palestra says what it runs on instead.
  const quiet = <B extends object>(backend: B): B => Object.assign(backend, { firstUse: false });
  const existing = engine.registry['cpu'];
  if (existing) quiet(existing);
  else {
    tf.removeBackend('cpu');
    tf.registerBackend('cpu', () => quiet(new MathBackendCPU()), 1);
  }
}

/**
 * Before training: unless the caller chose a backend, activate the one `auto` picks for
 * `workload` and print once which one it is and why. Returns that choice, or undefined when the
 * caller's own backend is kept.
 *
 * @example await ensureBackend({ convolutional: true, batchSize: 256 }); // prints "palestra: backend native (...)"
 */
export async function ensureBackend(workload: Workload): Promise<BackendSelection | undefined> {
  if (chosenByCaller) return undefined;
  const selection = await selectBackend('auto', workload);
  if (!announced) {
    announced = true;
    console.log(`palestra: backend ${selection.name} (${selection.reason})`);
  }
  return selection;
}
