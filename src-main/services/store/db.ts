// Opening the SQLite store (better-sqlite3 v12): WAL journal, synchronous=FULL (a finished
// result is on disk when its commit returns), foreign keys on, busy timeout for the CLI and
// the app sharing one file, migrations applied. `nativeBinding` lets Electron load its own
// ABI build of better_sqlite3.node. Path ':memory:' for tests.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { runMigrations } from './migrate';
import { migrations as allMigrations, type Migration } from './migrations/index';

export interface OpenOptions {
  path: string;
  nativeBinding?: string;
  /** default: all migrations (tests pass a prefix to test one step) */
  migrations?: Migration[];
  readonly?: boolean;
}

export type Db = Database.Database;

export function openDatabase(opts: OpenOptions): Db {
  const memory = opts.path === ':memory:';
  if (!memory && !opts.readonly) mkdirSync(dirname(opts.path), { recursive: true });
  const db = new Database(opts.path, {
    timeout: 10_000,
    readonly: opts.readonly ?? false,
    ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}),
  });
  try {
    if (!opts.readonly) {
      if (!memory) db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
    }
    db.pragma('foreign_keys = ON');
    if (!opts.readonly) runMigrations(db, opts.migrations ?? allMigrations);
  } catch (e) {
    db.close();
    throw e;
  }
  return db;
}
