// `plrf db check|recover [--db PATH] [--out NEW] [--json]`: examine a run database, or copy what
// can be read from a damaged one into a new file (store/recover.ts). Neither ever writes to the
// database given by --db (both work on a private copy). Exit: 0 ok / recovered, 1 problems found,
// 2 invalid input.
import type { Command } from '../command';
import { helpText, parseArgs, type OptSpecs } from '../args';
import { ParamError } from '../../../src-shared/params/errors';
import { resolveDbPath } from '../../services/paths';
import { checkDatabase, recoverDatabase } from '../../services/store/recover';

const SUBS = ['check', 'recover'] as const;

const specs: OptSpecs = {
  db: { type: 'string', help: 'the database to examine (default $PLRF_DB or the user data dir); never modified' },
  out: { type: 'string', help: 'recover: the NEW database file to write (must not exist)' },
  json: { type: 'bool', help: 'one JSON document on stdout' },
  help: { type: 'bool', help: 'show this help' },
};

const USAGE = 'usage: plrf db check [--db PATH] [--json]\n       plrf db recover [--db PATH] --out NEW.db [--json]';

export const dbCommand: Command = {
  name: 'db',
  summary: 'check a run database, or recover a damaged one into a new file',
  async run(argv, io) {
    const { opts, positionals } = parseArgs(argv, specs);
    const sub = positionals[0];
    if (opts.help || !sub) {
      (opts.help ? io.stdout : io.stderr)(helpText(USAGE, specs, 'The file given by --db is only read (through a private copy), never changed.'));
      return opts.help ? 0 : 2;
    }
    if (!SUBS.includes(sub as (typeof SUBS)[number])) throw new ParamError('subcommand', `"${sub}" is not one of ${SUBS.join(', ')}`);
    if (positionals.length > 1) throw new ParamError('arguments', `unexpected "${positionals[1]}"`);
    if (opts.db !== undefined && (typeof opts.db !== 'string' || opts.db.trim() === '')) throw new ParamError('--db', 'must be a file path, got an empty string');
    const path = resolveDbPath((opts.db as string | undefined) ?? null);
    if (sub === 'check') {
      const r = checkDatabase(path);
      if (opts.json) io.stdout(JSON.stringify(r) + '\n');
      else io.stdout(r.message + '\n');
      return r.ok ? 0 : 1;
    }
    const out = opts.out;
    if (typeof out !== 'string' || out.trim() === '') throw new ParamError('--out', 'give the new database file to write (must not exist)');
    let r;
    try {
      r = recoverDatabase(path, out);
    } catch (e) {
      throw new ParamError(/already exists/.test(String(e)) ? '--out' : '--db', e instanceof Error ? e.message : String(e));
    }
    if (opts.json) io.stdout(JSON.stringify(r) + '\n');
    else {
      io.stdout(`recovered ${r.runs} run(s), ${r.curves} curve(s), ${r.partials} partial result(s) into ${r.out} (${r.method}); integrity ${r.integrity}\n`);
      if (r.lost.length) io.stdout(`could not read ${r.lost.length} row group(s): ${r.lost.slice(0, 10).map((l) => `${l.table} ${l.key}`).join(', ')}\n`);
      io.stderr(`${path} was not modified\n`);
    }
    return r.integrity === 'ok' ? 0 : 1;
  },
};
