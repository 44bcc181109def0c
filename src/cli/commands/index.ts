import type { CliCommand } from '../command.js';
import { backendsCommand } from './backends.js';
import { checkCommand } from './check.js';
import { configCommand } from './config.js';
import { demoCommand } from './demo.js';
import { evalCommand } from './eval.js';
import { listCommand } from './list.js';
import { trainCommand } from './train.js';
import { playCommand } from './play.js';
import { viewCommand } from './view.js';
import { steeringCommand } from './steering.js';

/** Every `palestra` subcommand, in the order `palestra --help` lists them. */
export const commands: CliCommand[] = [demoCommand, trainCommand, evalCommand, listCommand, configCommand, checkCommand, backendsCommand, viewCommand, playCommand, steeringCommand];
