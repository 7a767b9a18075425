// The registry of CLI commands, in the order `plrf --help` lists them.
// Each command is one module in this folder; add a line here when adding one.
import type { Command } from '../command';

export const commands: Command[] = [];
