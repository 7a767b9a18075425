// A CLI command: parses its own options, writes one JSON document to stdout with --json
// (human-readable text otherwise), progress and logs to stderr.
export interface CliIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** true when stderr is a terminal (progress bars redraw in place) */
  tty: boolean;
}

export interface Command {
  name: string;
  summary: string;
  /** returns the exit code */
  run(argv: string[], io: CliIO): Promise<number>;
}
