// CLI dispatcher: `plrf <command> [options]`. Commands live in ./commands, one file each,
// and follow the contract of DESIGN.md §6: human output by default, one JSON document on
// stdout with --json (progress and logs on stderr), exit 0 on success, exit 2 with one
// line naming the parameter on invalid input, exit 1 on other failures.
import { isParamError } from '../../src-shared/params/errors';
import { describeEngineError } from '../../src-shared/compute/engine-errors';
import type { CliIO } from './command';
import { activeFlags } from './args';
import { inCliWords } from './cli-words';
import { commands, loadCommand, type CommandEntry } from './commands/index';

export const defaultIO: CliIO = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  tty: Boolean(process.stderr.isTTY),
};

function usage(cmds: CommandEntry[]): string {
  const lines = ['usage: plrf <command> [options]   (plrf <command> --help for its options)', '', 'commands:'];
  for (const c of cmds) lines.push(`  ${c.name.padEnd(10)} ${c.summary}`);
  return lines.join('\n') + '\n';
}

export async function main(argv: string[], io: CliIO = defaultIO): Promise<number> {
  const [name, ...rest] = argv;
  // `plrf` alone: the usage on stderr, exit 2 (no command given); `--help`/`help`: stdout, exit 0
  if (!name) {
    io.stderr(usage(commands));
    return 2;
  }
  // `plrf help CMD` is `plrf CMD --help`
  if (name === 'help' && rest[0] && commands.some((c) => c.name === rest[0])) return main([rest[0], '--help'], io);
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage(commands));
    return 0;
  }
  const cmd = commands.find((c) => c.name === name);
  if (!cmd) {
    io.stderr(`plrf: unknown command "${name}" (allowed: ${commands.map((c) => c.name).join(', ')})\n`);
    return 2;
  }
  try {
    return await (await loadCommand(cmd)).run(rest, io);
  } catch (e) {
    if (isParamError(e)) {
      // in the CLI's words: the flag as typed, the rule without zod's phrasing (cli-words.ts)
      io.stderr(`plrf ${name}: invalid ${inCliWords(e, activeFlags()).message}\n`);
      return 2;
    }
    io.stderr(`plrf ${name}: error: ${describeEngineError(e).message}\n`);
    if (process.env.PLRF_DEBUG && e instanceof Error) io.stderr(`${e.stack}\n`);
    return 1;
  }
}
