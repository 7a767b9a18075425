// The registry of CLI commands, in the order `plrf --help` lists them.
// Each command is one module in this folder; add a line here when adding one.
import type { Command } from '../command';
import { curveCommand } from './curve';
import { studyCommand } from './study';
import { runCommand } from './run';
import { runsCommand } from './runs';
import { webCommand } from './web';
import { doctorCommand } from './doctor';
import { theoryCommand } from './theory';
import { spectrumCommand } from './spectrum';
import { figureCommand } from './figure';

export const commands: Command[] = [curveCommand, studyCommand, runCommand, runsCommand, webCommand, doctorCommand, theoryCommand, spectrumCommand, figureCommand];
