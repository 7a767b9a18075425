// The registry of CLI commands, in the order `plrf --help` lists them.
// Each command is one module in this folder, loaded only when it runs (a `plrf theory` start
// never loads SQLite, zod or the job system): add a line here when adding one. The summary is
// repeated here so that `plrf --help` needs no command module (test/unit/cli/lazy-commands.test.ts
// checks it matches the module's). A plain `Command` object is accepted too (loaded eagerly).
import type { Command } from '../command';

export interface LazyCommand {
  name: string;
  summary: string;
  load(): Promise<Command>;
}

export type CommandEntry = Command | LazyCommand;

export async function loadCommand(entry: CommandEntry): Promise<Command> {
  return 'load' in entry ? entry.load() : entry;
}

export const commands: CommandEntry[] = [
  { name: 'curve', summary: 'expected risk curve R(r) of one-pass SGD (exact, sgd or de)', load: async () => (await import('./curve')).curveCommand },
  { name: 'study', summary: 'compute-optimal study: frontier, fits of η and ξ, variants (τ = 0 vs c/√d, batch, …) and Δη', load: async () => (await import('./study')).studyCommand },
  { name: 'run', summary: 'run a curve, spectrum or study as a stored job (prints the run id)', load: async () => (await import('./run')).runCommand },
  { name: 'runs', summary: 'list, show, export, import, delete, compare stored runs', load: async () => (await import('./runs')).runsCommand },
  { name: 'web', summary: 'serve the workbench in a browser (127.0.0.1 only; prints the URL with its token)', load: async () => (await import('./web')).webCommand },
  { name: 'doctor', summary: 'backend, versions, paths', load: async () => (await import('./doctor')).doctorCommand },
  { name: 'theory', summary: 'phase of (α, β) and compute-optimal exponents η, ξ', load: async () => (await import('./theory')).theoryCommand },
  { name: 'spectrum', summary: 'eigenvalue density, F0 and outlier (deterministic equivalent or empirical)', load: async () => (await import('./spectrum')).spectrumCommand },
  { name: 'db', summary: 'check a run database, or recover a damaged one into a new file', load: async () => (await import('./db')).dbCommand },
  { name: 'sweep', summary: 'sweeps over run parameters, run locally or as a Slurm job array', load: async () => (await import('./sweep')).sweepCommand },
  { name: 'figure', summary: "a stored run's chart as a paper figure: vector PDF (fonts embedded), SVG or PNG", load: async () => (await import('./figure')).figureCommand },
];
