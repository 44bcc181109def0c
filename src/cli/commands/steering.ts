import { resolve } from 'node:path';
import { selectBackend } from '../../backend/index.js';
import { loadModel } from '../../nn/io.js';
import { collectSteeringData, DEFAULT_COLLECT } from '../../../experiments/steering/collect.js';
import { driveTracks, expertDriver, networkDriver, type DriveResult } from '../../../experiments/steering/drive.js';
import { DEFAULT_TRAIN, trainSteering } from '../../../experiments/steering/train.js';
import { numberOption, parseCommandArgs, UsageError } from '../args.js';
import type { CliCommand, CliIO } from '../command.js';

const USAGE = `Usage: palestra steering <collect | train | drive> [options]

Learning to drive from camera images (NVIDIA's PilotNet on Driving/LaneKeepingCamera-v0).

  palestra steering collect [--out runs/steering/data] [--tracks 16] [--first-track 0] [--record-every 6]
                            [--side-shift 0.6] [--plain] [--seed 0]
      The expert drives one lap of each seeded track; centre, left and right cameras (labels
      corrected back to the lane centre) and disturbed-then-recovering drives are saved as a
      compact binary dataset with a manifest.

  palestra steering train [--data runs/steering/data] [--out runs/steering] [--loss mse|mae] [--epochs 15]
                          [--batch 32] [--lr 0.001] [--patience 3] [--max-minutes 30] [--backend auto] [--seed 0]
      PilotNet on a train/validation/test split by track, with flips and brightness augmentation
      and early stopping. Prints the test MAE (degrees) next to the mean-label and linear-pixel
      baselines; writes model/, report.json and training-curve.svg.

  palestra steering drive [--model runs/steering/model] [--tracks 3] [--first-track 10000] [--seconds 60]
                          [--lighting] [--no-expert] [--backend auto] [--view] [--port 0]
      Closes the loop on unseen tracks: autonomy = 100 (1 - interventions x 6 s / elapsed s),
      an intervention each time the car leaves its lane (it is then put back on the centre),
      mean |lateral offset| and laps, for the network and the expert reference.`;

const OPTIONS = {
  out: { type: 'string' },
  data: { type: 'string' },
  model: { type: 'string' },
  tracks: { type: 'string' },
  'first-track': { type: 'string' },
  'record-every': { type: 'string' },
  'side-shift': { type: 'string' },
  plain: { type: 'boolean' },
  lighting: { type: 'boolean' },
  seed: { type: 'string' },
  loss: { type: 'string' },
  epochs: { type: 'string' },
  batch: { type: 'string' },
  lr: { type: 'string' },
  patience: { type: 'string' },
  'max-minutes': { type: 'string' },
  backend: { type: 'string' },
  seconds: { type: 'string' },
  'no-expert': { type: 'boolean' },
  view: { type: 'boolean' },
  port: { type: 'string' },
} as const;

/** Track seeds first, first + 1, ..., as many as asked. */
function trackSeeds(values: Record<string, unknown>, defaultCount: number, defaultFirst: number): number[] {
  const count = numberOption('steering', 'tracks', values['tracks']) ?? defaultCount;
  const first = numberOption('steering', 'first-track', values['first-track']) ?? defaultFirst;
  if (count < 1 || first < 0) throw new UsageError(`palestra steering: --tracks must be >= 1 and --first-track >= 0, got ${count} and ${first}`);
  return Array.from({ length: count }, (_, i) => first + i);
}

async function collect(values: Record<string, unknown>, io: CliIO): Promise<number> {
  const out = resolve(String(values['out'] ?? 'runs/steering/data'));
  const started = performance.now();
  const manifest = collectSteeringData(
    {
      ...DEFAULT_COLLECT,
      out,
      trackSeeds: trackSeeds(values, 16, 0),
      recordEvery: numberOption('steering', 'record-every', values['record-every']) ?? DEFAULT_COLLECT.recordEvery,
      sideShift: numberOption('steering', 'side-shift', values['side-shift'], false) ?? DEFAULT_COLLECT.sideShift,
      randomLighting: values['plain'] !== true,
      seed: numberOption('steering', 'seed', values['seed']) ?? 0,
    },
    (line) => io.stdout(line + '\n'),
  );
  const megabytes = (manifest.count * manifest.imageShape.reduce((a, b) => a * b, 1)) / 2 ** 20;
  io.stdout(`wrote ${manifest.count} images (${megabytes.toFixed(0)} MiB; ${JSON.stringify(manifest.kinds)}) to ${out} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  return 0;
}

async function train(values: Record<string, unknown>, io: CliIO): Promise<number> {
  const loss = String(values['loss'] ?? 'mse');
  if (loss !== 'mse' && loss !== 'mae') throw new UsageError(`palestra steering train: --loss must be mse or mae, got ${JSON.stringify(loss)}`);
  const backend = await selectBackend(String(values['backend'] ?? 'auto'));
  io.stdout(`backend: ${backend.reason}\n`);
  const report = await trainSteering(
    {
      ...DEFAULT_TRAIN,
      data: resolve(String(values['data'] ?? 'runs/steering/data')),
      out: resolve(String(values['out'] ?? 'runs/steering')),
      loss,
      epochs: numberOption('steering', 'epochs', values['epochs']) ?? DEFAULT_TRAIN.epochs,
      batchSize: numberOption('steering', 'batch', values['batch']) ?? DEFAULT_TRAIN.batchSize,
      learningRate: numberOption('steering', 'lr', values['lr'], false) ?? DEFAULT_TRAIN.learningRate,
      patience: numberOption('steering', 'patience', values['patience']) ?? DEFAULT_TRAIN.patience,
      maxMinutes: numberOption('steering', 'max-minutes', values['max-minutes'], false) ?? DEFAULT_TRAIN.maxMinutes,
      seed: numberOption('steering', 'seed', values['seed']) ?? 0,
    },
    (line) => io.stdout(line + '\n'),
  );
  io.stdout(
    [
      '',
      `| model (test tracks ${report.tracks.test.join(', ')}) | test MAE (deg) |`,
      '|---|---:|',
      `| predict the mean training label | ${report.baselines.meanLabelMaeDegrees.toFixed(3)} |`,
      `| linear model on 11x25 pixels (ridge, lambda ${report.baselines.linearLambda}) | ${report.baselines.linearPixelsMaeDegrees.toFixed(3)} |`,
      `| PilotNet (${report.parameters} parameters, best epoch ${report.bestEpoch}) | ${report.testMaeDegrees.toFixed(3)} |`,
      '',
      `trained in ${report.seconds.toFixed(0)} s on ${report.backend}; model, report.json and training-curve.svg in ${resolve(String(values['out'] ?? 'runs/steering'))}`,
      '',
    ].join('\n'),
  );
  return 0;
}

function resultRow(name: string, r: DriveResult): string {
  return `| ${name} | ${r.elapsedSeconds.toFixed(0)} | ${r.interventions} | ${r.autonomyPercent.toFixed(1)} | ${r.meanAbsOffset.toFixed(3)} | ${r.laps.toFixed(2)} | ${r.meanSteeringGapDegrees.toFixed(2)} |`;
}

async function drive(values: Record<string, unknown>, io: CliIO): Promise<number> {
  const backend = await selectBackend(String(values['backend'] ?? 'auto'));
  io.stdout(`backend: ${backend.reason}\n`);
  const modelDir = resolve(String(values['model'] ?? 'runs/steering/model'));
  const model = await loadModel(modelDir);
  const imageShape = model.inputs[0]!.shape.slice(1) as [number, number, number];
  const options = { trackSeeds: trackSeeds(values, 3, 10000), seconds: numberOption('steering', 'seconds', values['seconds'], false) ?? 60, randomLighting: values['lighting'] === true };
  const { startViewerServer } = values['view'] ? await import('../../server/server.js') : { startViewerServer: undefined };
  const server = startViewerServer ? await startViewerServer({ runsDir: resolve('runs'), port: numberOption('steering', 'port', values['port']) ?? 0, live: true }) : undefined;
  if (server) io.stdout(`watch at ${server.url}\n`);
  try {
    const rows = [resultRow('PilotNet', await driveTracks(networkDriver(model), { ...options, view: server?.live }, imageShape))];
    if (values['no-expert'] !== true) rows.push(resultRow('expert (pure pursuit, true pose)', await driveTracks(expertDriver, options, imageShape)));
    io.stdout(
      [
        `tracks ${options.trackSeeds.join(', ')}, ${options.seconds} s each at 10 m/s`,
        '| driver | seconds | interventions | autonomy (%) | mean abs offset (m) | laps | mean abs steering gap to expert (deg) |',
        '|---|---:|---:|---:|---:|---:|---:|',
        ...rows,
        '',
      ].join('\n'),
    );
  } finally {
    model.dispose();
    await server?.close();
  }
  return 0;
}

/**
 * `palestra steering collect | train | drive`: the supervised learning-to-drive demo.
 *
 * @example await steeringCommand.run(['collect', '--tracks', '4', '--out', 'data/tiny'], processIO);
 */
export const steeringCommand: CliCommand = {
  name: 'steering',
  summary: 'Learning to drive from camera images: collect expert data, train PilotNet, drive unseen tracks',
  usage: USAGE,
  async run(args: string[], io: CliIO): Promise<number> {
    const { values, positionals } = parseCommandArgs('steering', args, OPTIONS);
    if (values['help'] || positionals.length === 0) {
      io.stdout(USAGE + '\n');
      return positionals.length === 0 && !values['help'] ? 2 : 0;
    }
    const [action, ...extra] = positionals;
    if (extra.length > 0) throw new UsageError(`palestra steering: unexpected argument ${JSON.stringify(extra[0])}`);
    if (action === 'collect') return collect(values, io);
    if (action === 'train') return train(values, io);
    if (action === 'drive') return drive(values, io);
    throw new UsageError(`palestra steering: unknown action ${JSON.stringify(action)}; expected collect, train or drive`);
  },
};
