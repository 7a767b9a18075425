// Option parsing for the CLI. Every option is declared with its type; a bad value raises
// a ParamError naming the flag, which main.ts prints as one line and exits with code 2.
import { ParamError } from '../../src-shared/params/errors';

export type OptType = 'number' | 'int' | 'string' | 'bool' | 'numlist' | 'intlist';
export interface OptSpec {
  type: OptType;
  help: string;
  default?: unknown;
}
export type OptSpecs = Record<string, OptSpec>;

export interface Parsed {
  opts: Record<string, unknown>;
  positionals: string[];
}

function parseNumber(flag: string, s: string, int: boolean): number {
  const t = s.trim();
  if (t === '' || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) {
    throw new ParamError(flag, `expected ${int ? 'an integer' : 'a number'}, got "${s}"`);
  }
  const x = Number(t);
  if (!Number.isFinite(x)) throw new ParamError(flag, `expected a finite number, got "${s}"`);
  if (int && !Number.isInteger(x)) throw new ParamError(flag, `expected an integer, got "${s}"`);
  return x;
}

let active: string[] = [];

/** the options of the command being run (the specs of the last parse): main.ts names flags with them (cli-words.ts) */
export function activeFlags(): string[] {
  return active;
}

/** Parse argv against specs. Flags are `--name value` or `--name=value`; bools are `--name`. */
export function parseArgs(argv: string[], specs: OptSpecs): Parsed {
  active = Object.keys(specs);
  const opts: Record<string, unknown> = {};
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) {
      positionals.push(a);
      continue;
    }
    let name = a.slice(2);
    let value: string | undefined;
    const eq = name.indexOf('=');
    if (eq >= 0) {
      value = name.slice(eq + 1);
      name = name.slice(0, eq);
    }
    const spec = specs[name];
    if (!spec) throw new ParamError(`--${name}`, `unknown option (allowed: ${Object.keys(specs).map((k) => '--' + k).join(', ')})`);
    const flag = `--${name}`;
    if (spec.type === 'bool') {
      if (value !== undefined && value !== 'true' && value !== 'false') throw new ParamError(flag, `expected true or false, got "${value}"`);
      opts[name] = value === undefined ? true : value === 'true';
      continue;
    }
    if (value === undefined) {
      value = argv[++i];
      if (value === undefined) throw new ParamError(flag, 'missing value');
    }
    switch (spec.type) {
      case 'number':
        opts[name] = parseNumber(flag, value, false);
        break;
      case 'int':
        opts[name] = parseNumber(flag, value, true);
        break;
      case 'string':
        opts[name] = value;
        break;
      case 'numlist':
      case 'intlist':
        opts[name] = value.split(',').map((s) => parseNumber(flag, s, spec.type === 'intlist'));
        break;
    }
  }
  for (const [k, s] of Object.entries(specs)) if (!(k in opts) && s.default !== undefined) opts[k] = s.default;
  return { opts, positionals };
}

export function helpText(usage: string, specs: OptSpecs, extra = ''): string {
  const lines = [usage, ''];
  for (const [k, s] of Object.entries(specs)) {
    const d = s.default !== undefined ? ` (default ${JSON.stringify(s.default)})` : '';
    lines.push(`  --${k.padEnd(18)} ${s.help}${d}`);
  }
  if (extra) lines.push('', extra);
  return lines.join('\n') + '\n';
}
