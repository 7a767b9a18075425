// The `--db PATH` / `--create` options of every command that opens the run database, and the
// mapping of a refused database (store/open-store.ts) to the CLI contract: one line naming
// --db, exit 2 (corrupt files: exit 1 with the recovery command).
//   --db ''            an error (never "the default")
//   --db PATH          must be an existing PLRF database, unless --create is given
//   (no --db)          $PLRF_DB or the default location (paths.ts); created there when missing
import { ParamError } from '../../src-shared/params/errors';
import { resolveDbPath } from '../services/paths';
import { isStoreOpenError } from '../services/store/open-store';
import type { OptSpecs } from './args';

export const DB_OPTS: OptSpecs = {
  db: { type: 'string', help: 'run database (default $PLRF_DB or the user data dir); must exist unless --create' },
  create: { type: 'bool', help: 'create the database given by --db if it does not exist' },
};

export function dbTarget(opts: Record<string, unknown>): { dbPath: string; create: boolean } {
  const flag = opts.db;
  if (flag === undefined) return { dbPath: resolveDbPath(null), create: true };
  if (typeof flag !== 'string' || flag.trim() === '') throw new ParamError('--db', 'must be a file path, got an empty string');
  return { dbPath: flag, create: opts.create === true };
}

/** a refused database → ParamError('--db') (exit 2), corrupt → Error (exit 1); anything else unchanged */
export function asDbError(e: unknown): unknown {
  if (!isStoreOpenError(e)) return e;
  if (e.problem === 'corrupt') return new Error(e.message);
  return new ParamError('--db', e.message);
}
