import { BaseEnv, type ResetOptions, type ResetResult, type StepResult } from '../../src/core/env.js';
import { ConfigError, describeValue, EnvError } from '../../src/core/errors.js';
import type { SceneFrame } from '../../src/core/scene.js';
import { Box } from '../../src/core/spaces/box.js';
import { Discrete } from '../../src/core/spaces/discrete.js';
import { didYouMean } from '../../src/core/suggest.js';
import { ACTION_NAMES, GRID_SIZE, stickyAction, type MinAtarGame } from './game.js';
import { MINATAR_GAME_NAMES, MINATAR_GAMES, type MinAtarGameName } from './games.js';
import { CELL_COUNT } from './grid.js';
import { ObservationPool } from './observation-pool.js';
import { actionSetOf, resolveMinAtarOptions, type MinAtarOptions } from './options.js';
import { minatarFrame } from './scene.js';

/**
 * One of MinAtar's five games (Young and Tian, 2019) as a Gymnasium-style env, with MinAtar
 * v1.0.15's rules: a [10, 10, C] uint8 observation of 0/1 channels, Discrete(6) actions
 * (no-op, left, up, right, down, fire) or the game's minimal set, sticky actions (0.1) and
 * difficulty ramping on by default. Episodes end only by `terminated` (MinAtar has no time
 * limit; Freeway's own timer ends it after 2500 frames).
 *
 * @example const env = new MinAtarEnv('Breakout', { stickyActionProb: 0 }); env.reset({ seed: 1 }); env.step(3);
 */
export class MinAtarEnv extends BaseEnv<Uint8Array, number> {
  readonly observationSpace: Box<Uint8Array>;
  readonly actionSpace: Discrete;
  override metadata = { renderModes: ['scene'], renderFps: 10 };

  readonly gameName: MinAtarGameName;
  /** The rules and state; tests and tools may set its fields to start from a chosen state. */
  readonly game: MinAtarGame;
  readonly options: MinAtarOptions;
  /** Index i of the action space plays full-set action `actionSet[i]`. */
  readonly actionSet: readonly number[];
  private readonly channelCount: number;
  private readonly observationPool: ObservationPool;
  /** The last full-set action executed, the one a sticky frame repeats. */
  private lastAction = 0;
  private episodeReturn = 0;
  private episodeSteps = 0;

  constructor(gameName: MinAtarGameName, kwargs?: Partial<MinAtarOptions>) {
    super();
    if (!Object.prototype.hasOwnProperty.call(MINATAR_GAMES, gameName)) {
      throw new ConfigError(`MinAtar: unknown game ${describeValue(gameName)}.${didYouMean(String(gameName), MINATAR_GAME_NAMES)} Games: ${MINATAR_GAME_NAMES.join(', ')}`);
    }
    this.gameName = gameName;
    this.options = resolveMinAtarOptions(`MinAtar/${gameName}`, kwargs);
    this.game = MINATAR_GAMES[gameName](this.rng, this.options.difficultyRamping);
    this.channelCount = this.game.channels.length;
    this.observationPool = new ObservationPool(CELL_COUNT * this.channelCount);
    this.actionSet = actionSetOf(this.game, this.options.minimalActionSet);
    this.observationSpace = new Box<Uint8Array>(0, 1, [GRID_SIZE, GRID_SIZE, this.channelCount], { dtype: 'uint8' });
    this.actionSpace = new Discrete(this.actionSet.length);
  }

  reset(options?: ResetOptions): ResetResult<Uint8Array> {
    this.seedFromReset(options);
    this.game.reset();
    // MinAtar keeps the last action across episodes; we restart it so that a seeded reset fully
    // determines the episode.
    this.lastAction = 0;
    this.episodeReturn = 0;
    this.episodeSteps = 0;
    this.startEpisode();
    return { observation: this.observe(), info: {} };
  }

  /**
   * The name of each action of this env's action space, spelt as ALE and Gymnasium spell
   * them ('NOOP', 'LEFT', ..., 'FIRE'): play mode maps arrow keys and space onto them.
   *
   * @example make('MinAtar/Breakout-v1').unwrapped.getActionMeanings() // ['NOOP', 'LEFT', 'RIGHT']
   */
  getActionMeanings(): string[] {
    return this.actionSet.map((action) => ACTION_NAMES[action]!);
  }

  step(action: number): StepResult<Uint8Array> {
    if (!this.actionSpace.contains(action)) this.checkAction(action);
    // MinAtar itself answers a step after the end with reward 0; Palestra refuses it, as every env does.
    this.guardStep();
    const executed = stickyAction(this.actionSet[action]!, this.lastAction, this.options.stickyActionProb, this.rng);
    this.lastAction = executed;
    const reward = this.game.act(executed);
    this.episodeReturn += reward;
    this.episodeSteps++;
    return this.endStep({ observation: this.observe(), reward, terminated: this.game.terminal, truncated: false, info: {} });
  }

  /** A fresh observation array (the caller may keep it; see ObservationPool for the memory trade-off). */
  private observe(): Uint8Array {
    const observation = this.observationPool.next();
    this.game.observe(observation, 0);
    return observation;
  }

  override render(): SceneFrame {
    return minatarFrame(this.gameName, this.observe(), this.channelCount, {
      game: this.gameName,
      return: this.episodeReturn,
      step: this.episodeSteps,
      action: this.episodeSteps === 0 ? '-' : ACTION_NAMES[this.lastAction]!.toLowerCase(),
      difficulty: this.game.rampIndex,
    });
  }
}
