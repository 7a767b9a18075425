// Opening the run database safely (issue 12, "the store"). Rules, checked in this order and
// BEFORE any write (reading the file's 100-byte SQLite header with plain fs, so a file that is
// refused is never opened by SQLite for writing, never switched to WAL, never migrated):
//   1. the path is not empty ('' is an error, never "the default");
//   2. a missing file is created only when the caller allows it (`create`: asked for with
//      --create, or the default location); a mistyped path is an error;
//   3. an existing file must be a non-empty SQLite database (header "SQLite format 3\0");
//   4. it must be ours: PRAGMA application_id = PLRF_APPLICATION_ID (set at creation). A file
//      with application_id 0 is accepted only if it is a PLRF database made before the id
//      existed (our four tables, user_version 1..latest); it gets the id on its first
//      read-write open. Anything else is "not a PLRF database" and is left untouched;
//   5. read-only commands open it read-only (SQLITE_OPEN_READONLY); a read-write open of a file
//      we may not write is refused with a clear message;
//   6. PRAGMA quick_check runs at start; a damaged file is refused with SQLite's own findings
//      and the way out (`plrf db recover`), instead of 500s on every request later.
// Header layout (https://www.sqlite.org/fileformat.html §1.3): user_version at offset 60 and
// application_id at offset 68, both 4-byte big-endian.
import Database from 'better-sqlite3';
import { accessSync, closeSync, constants, existsSync, mkdirSync, openSync, readSync, statSync, unlinkSync } from 'node:fs';
import { dirname } from 'node:path';
import { openDatabase, type Db } from './db';
import { migrations as allMigrations, type Migration } from './migrations/index';

/** 'PLRF' in ASCII */
export const PLRF_APPLICATION_ID = 0x504c5246;
const SQLITE_MAGIC = 'SQLite format 3\u0000';
const OUR_TABLES = ['runs', 'curves', 'partials', 'run_tags'];

export type StoreProblem = 'bad_path' | 'missing' | 'not_file' | 'empty' | 'not_sqlite' | 'foreign' | 'readonly' | 'corrupt';

export class StoreOpenError extends Error {
  readonly problem: StoreProblem;
  readonly path: string;
  constructor(problem: StoreProblem, path: string, message: string) {
    super(message);
    this.name = 'StoreOpenError';
    this.problem = problem;
    this.path = path;
  }
}

export function isStoreOpenError(e: unknown): e is StoreOpenError {
  return e instanceof Error && e.name === 'StoreOpenError';
}

export interface FileHeader {
  state: 'missing' | 'not_file' | 'empty' | 'not_sqlite' | 'sqlite';
  size: number;
  applicationId: number;
  userVersion: number;
}

/** what the file is, from its header only (no SQLite open, nothing written) */
export function inspectDbFile(path: string): FileHeader {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) return { state: 'not_file', size: 0, applicationId: 0, userVersion: 0 };
    size = st.size;
  } catch {
    return { state: 'missing', size: 0, applicationId: 0, userVersion: 0 };
  }
  if (size === 0) return { state: 'empty', size, applicationId: 0, userVersion: 0 };
  const buf = Buffer.alloc(100);
  const fd = openSync(path, 'r');
  let n: number;
  try {
    n = readSync(fd, buf, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  if (n < 100 || buf.toString('latin1', 0, 16) !== SQLITE_MAGIC) return { state: 'not_sqlite', size, applicationId: 0, userVersion: 0 };
  return { state: 'sqlite', size, userVersion: buf.readUInt32BE(60), applicationId: buf.readUInt32BE(68) };
}

export interface StoreOpenOptions {
  path: string;
  /** open with SQLITE_OPEN_READONLY (read-only commands); nothing is written, not even recovery */
  readonly?: boolean;
  /** may a missing file be created (asked for, or the default location)? */
  create?: boolean;
  nativeBinding?: string;
  migrations?: Migration[];
  /** run PRAGMA quick_check at open (default true) */
  quickCheck?: boolean;
}

const hint = (path: string) => `choose another --db, or check the file with \`plrf db check --db ${path}\``;

function sqliteOpen(path: string, readonly: boolean, nativeBinding?: string): Db {
  return new Database(path, { readonly, fileMustExist: true, timeout: 10_000, ...(nativeBinding ? { nativeBinding } : {}) });
}

/** is an application_id-0 file a PLRF database from before the id (our tables, known schema)? */
function isLegacyOurs(path: string, header: FileHeader, latest: number, nativeBinding?: string): boolean {
  if (header.userVersion < 1 || header.userVersion > latest) return false;
  let db: Db | null = null;
  try {
    db = sqliteOpen(path, true, nativeBinding);
    const names = new Set((db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map((r) => r.name));
    return OUR_TABLES.every((t) => names.has(t));
  } catch {
    return false;
  } finally {
    db?.close();
  }
}

/** PRAGMA quick_check: 'ok' or the first findings (SQLite's own words) */
export function quickCheck(db: Db, max = 5): string {
  const rows = db.pragma(`quick_check(${max})`) as { quick_check: string }[];
  const msgs = rows.map((r) => r.quick_check);
  return msgs.length === 1 && msgs[0] === 'ok' ? 'ok' : msgs.join('; ');
}

function corrupt(path: string, what: string): StoreOpenError {
  return new StoreOpenError(
    'corrupt',
    path,
    `${path} is damaged (${what}); nothing was changed. Copy what can be saved with \`plrf db recover --db ${path} --out NEW.db\`, then use --db NEW.db`,
  );
}

/** Open (or create, when allowed) a PLRF run database; throws StoreOpenError naming the problem. */
export function openStore(opts: StoreOpenOptions): Db {
  const path = opts.path;
  const migrations = opts.migrations ?? allMigrations;
  if (typeof path !== 'string' || path.trim() === '') throw new StoreOpenError('bad_path', String(path), 'the database path is empty (give a file name, or leave --db out for the default)');
  if (path === ':memory:') {
    const db = openDatabase({ path, nativeBinding: opts.nativeBinding, migrations });
    db.pragma(`application_id = ${PLRF_APPLICATION_ID}`);
    return db;
  }
  let header = inspectDbFile(path);
  if (header.state === 'missing') {
    if (!opts.create) throw new StoreOpenError('missing', path, `no database at ${path} (a new one is created only with --create or at the default location)`);
    mkdirSync(dirname(path), { recursive: true });
    // set the id before anything else (still a rollback-journal file: the header is written in place)
    const fresh = new Database(path, { timeout: 10_000, ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}) });
    try {
      fresh.pragma(`application_id = ${PLRF_APPLICATION_ID}`);
    } finally {
      fresh.close();
    }
    openDatabase({ path, nativeBinding: opts.nativeBinding, migrations }).close();
    header = inspectDbFile(path);
  }
  if (header.state === 'not_file') throw new StoreOpenError('not_file', path, `${path} is not a regular file`);
  if (header.state === 'empty') throw new StoreOpenError('empty', path, `${path} is an empty file, not a PLRF database (it is left as it is); ${hint(path)}`);
  if (header.state === 'not_sqlite') throw new StoreOpenError('not_sqlite', path, `${path} is not an SQLite database (it is left as it is); ${hint(path)}`);
  let adopt = false;
  if (header.applicationId !== PLRF_APPLICATION_ID) {
    if (header.applicationId === 0 && isLegacyOurs(path, header, migrations[migrations.length - 1]?.version ?? 0, opts.nativeBinding)) adopt = true;
    else {
      const id = header.applicationId ? ` (application_id 0x${header.applicationId.toString(16)})` : '';
      throw new StoreOpenError('foreign', path, `${path} is an SQLite database of another program${id}, not a PLRF database; it is left untouched`);
    }
  }
  if (!opts.readonly) {
    try {
      // the mode bits too: root may write anything, but a file marked read-only stays read-only
      if ((statSync(path).mode & 0o222) === 0) throw new Error('marked read-only');
      accessSync(path, constants.W_OK);
      accessSync(dirname(path), constants.W_OK);
    } catch {
      throw new StoreOpenError('readonly', path, `${path} is read-only for this user; only read-only commands (runs list/show/export/compare, db check) can use it`);
    }
  }
  // integrity before any write: a read-only connection for the check
  if (opts.quickCheck !== false) {
    const sides = [path + '-wal', path + '-shm'].filter((f) => !existsSync(f));
    let probe: Db | null = null;
    let problem: string | null = null;
    try {
      probe = sqliteOpen(path, true, opts.nativeBinding);
      const qc = quickCheck(probe);
      if (qc !== 'ok') problem = qc;
    } catch (e) {
      problem = e instanceof Error ? e.message : String(e);
    } finally {
      probe?.close();
    }
    if (problem !== null) {
      // a read-only open of a WAL file creates empty -wal/-shm: leave a damaged file as we found it
      for (const f of sides) {
        try {
          if (existsSync(f) && (f.endsWith('-shm') || statSync(f).size === 0)) unlinkSync(f);
        } catch {
          /* not ours to insist on */
        }
      }
      throw corrupt(path, problem);
    }
  }
  if (opts.readonly) {
    const db = sqliteOpen(path, true, opts.nativeBinding);
    db.pragma('foreign_keys = ON');
    return db;
  }
  const db = openDatabase({ path, nativeBinding: opts.nativeBinding, migrations });
  if (adopt) db.pragma(`application_id = ${PLRF_APPLICATION_ID}`);
  return db;
}
