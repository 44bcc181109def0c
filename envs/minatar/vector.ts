import type { EnvMetadata, EnvSpec, Info } from '../../src/core/env.js';
import { calledBeforeReset, ConfigError, describeValue, EnvError } from '../../src/core/errors.js';
import type { SceneFrame } from '../../src/core/scene.js';
import { Rng } from '../../src/core/rng.js';
import { Box } from '../../src/core/spaces/box.js';
import { Discrete } from '../../src/core/spaces/discrete.js';
import { Autoreset, checkAutoresetMode, sameStepInfo } from '../../src/vector/autoreset.js';
import { finalFrameOf } from '../../src/vector/final-frame.js';
import { checkBatchActions, flatLayout, type FlatLayout } from '../../src/vector/flat-layout.js';
import { resetMask, resetSeeds } from '../../src/vector/reset-args.js';
import { NO_INFO, type AutoresetMode, type BatchedVectorOptions, type VectorEnv, type VectorResetOptions, type VectorResetResult, type VectorStepResult } from '../../src/vector/types.js';
import { ACTION_NAMES, GRID_SIZE, stickyAction, type MinAtarGame } from './game.js';
import { MINATAR_GAME_NAMES, MINATAR_GAMES, type MinAtarGameName } from './games.js';
import { CELL_COUNT } from './grid.js';
import { actionSetOf, resolveMinAtarOptions, type MinAtarOptions } from './options.js';
import { minatarFrame } from './scene.js';


/** How the batch behaves, beside the game's own kwargs. */
export interface MinAtarVectorSettings {
  /** Gymnasium's autoreset mode; 'next-step' by default. */
  autoresetMode?: AutoresetMode;
  /** Truncate episodes after this many steps; undefined or 0 for never, as MinAtar. */
  maxEpisodeSteps?: number;
}

/**
 * Many copies of one MinAtar game stepped in one call on one thread, with observations in one
 * preallocated Uint8Array (copy i at [i * 100C, (i + 1) * 100C)) and no allocation per step.
 * Copy i has its own generator, seeded with seed + i, and plays exactly as a `MinAtarEnv`
 * reset with that seed. Autoreset follows Gymnasium 1.x ('next-step' by default).
 *
 * @example const envs = new MinAtarVectorEnv('Breakout', 16); envs.reset({ seed: 0 }); envs.step(new Int32Array(16));
 */
export class MinAtarVectorEnv implements VectorEnv {
  readonly singleObservationSpace: Box<Uint8Array>;
  readonly singleActionSpace: Discrete;
  readonly autoresetMode: AutoresetMode;
  readonly metadata: EnvMetadata = { renderModes: ['scene'], renderFps: 10 };
  spec: EnvSpec | undefined = undefined;
  readonly options: MinAtarOptions;
  readonly maxEpisodeSteps: number;
  /** The copies' rules and state (tests and tools may inspect them). */
  readonly games: readonly MinAtarGame[];

  private readonly rngs: Rng[];
  private readonly actionSet: readonly number[];
  private readonly observationSize: number;
  private readonly channelCount: number;
  private readonly observations: Uint8Array;
  private readonly rewards: Float64Array;
  private readonly terminations: Uint8Array;
  private readonly truncations: Uint8Array;
  private readonly infos: Info[];
  private readonly lastActions: Int32Array;
  private readonly episodeSteps: Int32Array;
  private readonly autoreset: Autoreset;
  private readonly actionLayout: FlatLayout;
  /** The step result, over the arrays above (reused by every step). */
  private readonly result: VectorStepResult & { observations: Uint8Array };
  private hasReset = false;

  constructor(
    readonly gameName: MinAtarGameName,
    readonly numEnvs: number,
    kwargs?: Partial<MinAtarOptions>,
    settings: MinAtarVectorSettings = {},
  ) {
    const owner = `MinAtar/${gameName}`;
    const factory = Object.prototype.hasOwnProperty.call(MINATAR_GAMES, gameName) ? MINATAR_GAMES[gameName] : undefined;
    if (!factory) throw new ConfigError(`MinAtarVectorEnv: unknown game ${describeValue(gameName)}; games: ${MINATAR_GAME_NAMES.join(', ')}`);
    if (!Number.isInteger(numEnvs) || numEnvs < 1) throw new ConfigError(`MinAtarVectorEnv: numEnvs must be a positive integer, got ${describeValue(numEnvs)}`);
    const { maxEpisodeSteps = 0 } = settings;
    const autoresetMode = checkAutoresetMode(settings.autoresetMode, owner, ConfigError);
    if (!(Number.isInteger(maxEpisodeSteps) && maxEpisodeSteps >= 0)) throw new ConfigError(`${owner}: maxEpisodeSteps must be a non-negative integer, got ${describeValue(maxEpisodeSteps)}`);
    this.autoresetMode = autoresetMode;
    this.maxEpisodeSteps = maxEpisodeSteps;
    this.options = resolveMinAtarOptions(owner, kwargs);
    this.rngs = Array.from({ length: numEnvs }, () => new Rng());
    this.games = this.rngs.map((rng) => factory(rng, this.options.difficultyRamping));
    const game = this.games[0]!;
    this.channelCount = game.channels.length;
    this.observationSize = CELL_COUNT * this.channelCount;
    this.actionSet = actionSetOf(game, this.options.minimalActionSet);
    this.singleObservationSpace = new Box<Uint8Array>(0, 1, [GRID_SIZE, GRID_SIZE, this.channelCount], { dtype: 'uint8' });
    this.singleActionSpace = new Discrete(this.actionSet.length);
    this.observations = new Uint8Array(numEnvs * this.observationSize);
    this.rewards = new Float64Array(numEnvs);
    this.terminations = new Uint8Array(numEnvs);
    this.truncations = new Uint8Array(numEnvs);
    this.infos = new Array<Info>(numEnvs).fill(NO_INFO);
    this.lastActions = new Int32Array(numEnvs);
    this.episodeSteps = new Int32Array(numEnvs);
    this.autoreset = new Autoreset(autoresetMode, numEnvs);
    this.actionLayout = flatLayout(this.singleActionSpace, owner);
    this.result = { observations: this.observations, rewards: this.rewards, terminations: this.terminations, truncations: this.truncations, infos: this.infos };
  }

  reset(options?: VectorResetOptions): VectorResetResult & { observations: Uint8Array } {
    const seeds = resetSeeds(options?.seed, this.numEnvs, this.name);
    const mask = resetMask(options?.mask, this.numEnvs, this.name);
    for (let i = 0; i < this.numEnvs; i++) {
      if (mask && !mask[i]) continue;
      const seed = seeds?.[i];
      if (seed !== undefined) this.rngs[i]!.reseed(seed);
      this.resetOne(i);
      this.rewards[i] = 0;
      this.terminations[i] = 0;
      this.truncations[i] = 0;
      this.infos[i] = NO_INFO;
    }
    this.hasReset = true;
    return { observations: this.observations, infos: this.infos };
  }

  step(actions: ArrayLike<number>): VectorStepResult & { observations: Uint8Array } {
    if (!this.hasReset) throw calledBeforeReset(this.name);
    checkBatchActions(actions, this.numEnvs, this.actionLayout, this.singleActionSpace, this.name);
    const stickyActionProb = this.options.stickyActionProb;
    const sameStep = this.autoresetMode === 'same-step';
    for (let i = 0; i < this.numEnvs; i++) {
      if (this.autoreset.resetsNow(i)) {
        // 'next-step' autoreset: this step only starts the next episode.
        this.resetOne(i);
        this.autoreset.writeResetStep(this.result, i);
        continue;
      }
      const action = actions[i]!;
      const game = this.games[i]!;
      const executed = stickyAction(this.actionSet[action]!, this.lastActions[i]!, stickyActionProb, this.rngs[i]!);
      this.lastActions[i] = executed;
      this.rewards[i] = game.act(executed);
      const steps = ++this.episodeSteps[i]!;
      const terminated = game.terminal;
      const truncated = !terminated && this.maxEpisodeSteps > 0 && steps >= this.maxEpisodeSteps;
      this.terminations[i] = terminated ? 1 : 0;
      this.truncations[i] = truncated ? 1 : 0;
      this.writeObservation(i);
      if (sameStep) this.infos[i] = NO_INFO;
      if ((terminated || truncated) && this.autoreset.endedNow(i)) {
        const offset = i * this.observationSize;
        const finalFrame = i === 0 ? finalFrameOf(() => this.render()) : undefined;
        this.infos[i] = sameStepInfo(NO_INFO, this.observations.slice(offset, offset + this.observationSize), {}, finalFrame);
        this.resetOne(i);
      }
    }
    return this.result;
  }

  render(): SceneFrame | undefined {
    if (!this.hasReset) return undefined;
    return minatarFrame(this.gameName, this.observations.subarray(0, this.observationSize), this.channelCount, {
      game: this.gameName,
      step: this.episodeSteps[0]!,
      action: ACTION_NAMES[this.lastActions[0]!]!.toLowerCase(),
      difficulty: this.games[0]!.rampIndex,
    });
  }

  close(): void {}

  private get name(): string {
    return this.spec?.id ?? `MinAtar/${this.gameName}`;
  }

  private resetOne(i: number): void {
    this.games[i]!.reset();
    this.lastActions[i] = 0;
    this.episodeSteps[i] = 0;
    this.autoreset.cleared(i);
    this.writeObservation(i);
  }

  private writeObservation(i: number): void {
    this.games[i]!.observe(this.observations, i * this.observationSize);
  }
}

/**
 * The registry's `vectorEntryPoint` for one game: `makeVec('MinAtar/Breakout-v0', n)` builds a
 * MinAtarVectorEnv instead of n separate envs.
 *
 * @example register({ id: 'MinAtar/Breakout-v0', entryPoint, vectorEntryPoint: minatarVectorEntryPoint('Breakout') });
 */
export function minatarVectorEntryPoint(game: MinAtarGameName): (options: BatchedVectorOptions) => VectorEnv {
  return ({ numEnvs, kwargs, autoresetMode, maxEpisodeSteps, spec }) => {
    const envs = new MinAtarVectorEnv(game, numEnvs, kwargs as Partial<MinAtarOptions>, { autoresetMode, maxEpisodeSteps });
    envs.spec = spec;
    return envs;
  };
}
