// Checking and recovering a run database WITHOUT touching it (`plrf db check|recover`).
//
// check: the header (store/open-store.ts inspectDbFile) and PRAGMA integrity_check through a
// read-only connection on a private copy of the file (and its -wal), so even SQLite's
// read-only open cannot change the original or its side files.
//
// recover: (1) copy the file (+ -wal) to a private temp dir; (2) if the sqlite3 command-line
// shell is installed, run its `.recover` (on the copy: it needs a writable connection) (SQLite's recovery extension: reads every page it can
// and rebuilds tables from what survives) on the copy into a raw database; (3) copy row by row
// (each run, then its curves and partials, each in its own try) from the raw database — or from
// the copy itself when sqlite3 is missing or its recovery failed — into a NEW PLRF database at
// `out` (our schema, application_id, FTS rebuilt by the triggers). Rows that cannot be read are
// counted and named, never guessed. The original file is only ever read by copyFileSync.
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db } from './db';
import { inspectDbFile, openStore, PLRF_APPLICATION_ID, quickCheck, type FileHeader } from './open-store';

export interface CheckReport {
  path: string;
  state: FileHeader['state'];
  /** true when the header says PLRF (or a PLRF file from before application_id) */
  ours: boolean;
  applicationId: number;
  userVersion: number;
  /** 'ok' or SQLite's findings; null when the file could not be examined */
  integrity: string | null;
  runs: number | null;
  ok: boolean;
  message: string;
}

function privateCopy(path: string): { dir: string; copy: string } {
  const dir = mkdtempSync(join(tmpdir(), 'plrf-db-'));
  const copy = join(dir, 'copy.db');
  copyFileSync(path, copy);
  if (existsSync(path + '-wal')) copyFileSync(path + '-wal', copy + '-wal');
  return { dir, copy };
}

export function checkDatabase(path: string): CheckReport {
  const h = inspectDbFile(path);
  const base = { path, state: h.state, applicationId: h.applicationId, userVersion: h.userVersion, integrity: null, runs: null } as const;
  if (h.state !== 'sqlite') {
    const what = { missing: 'no such file', not_file: 'not a regular file', empty: 'an empty file', not_sqlite: 'not an SQLite database' }[h.state];
    return { ...base, ours: false, ok: false, message: `${path}: ${what}` };
  }
  const { dir, copy } = privateCopy(path);
  let db: Db | null = null;
  try {
    db = new Database(copy, { readonly: true, fileMustExist: true });
    const tables = new Set((db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map((r) => r.name));
    const ours = h.applicationId === PLRF_APPLICATION_ID || (h.applicationId === 0 && ['runs', 'curves', 'partials', 'run_tags'].every((t) => tables.has(t)));
    const integrity = (db.pragma('integrity_check(20)') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
    let runs: number | null = null;
    try {
      runs = ours ? (db.prepare('SELECT count(*) AS n FROM runs').get() as { n: number }).n : null;
    } catch {
      runs = null;
    }
    const ok = ours && integrity === 'ok';
    const message = !ours ? `${path}: an SQLite database of another program, not a PLRF database` : ok ? `${path}: ok (${runs} runs)` : `${path}: damaged: ${integrity}`;
    return { ...base, ours, integrity, runs, ok, message };
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    return { ...base, ours: h.applicationId === PLRF_APPLICATION_ID, integrity: msg, ok: false, message: `${path}: damaged: ${msg}` };
  } finally {
    db?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface RecoverReport {
  source: string;
  out: string;
  /** 'sqlite3 .recover' or 'row copy' */
  method: string;
  runs: number;
  curves: number;
  partials: number;
  /** rows that could not be read: table, key, SQLite's message */
  lost: { table: string; key: string; error: string }[];
  integrity: string;
}

let shellProbe: string | null | undefined;

/**
 * the sqlite3 shell, if it is installed AND its .recover works (probed once on a scratch
 * database: some builds lack the sqlite_dbpage table it needs and answer "SQL logic error")
 */
export function sqlite3Shell(): string | null {
  if (shellProbe !== undefined) return shellProbe;
  shellProbe = null;
  const dir = mkdtempSync(join(tmpdir(), 'plrf-probe-'));
  try {
    const db = join(dir, 'p.db');
    const mk = spawnSync('sqlite3', [db, 'CREATE TABLE t(x); INSERT INTO t VALUES (42);'], { encoding: 'utf8' });
    if (mk.status !== 0) return null;
    const r = spawnSync('sqlite3', [db, '.recover'], { encoding: 'utf8' });
    if (r.status === 0 && /INSERT INTO .*42/.test(r.stdout)) shellProbe = 'sqlite3';
  } catch {
    shellProbe = null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return shellProbe;
}

function shellRecover(shell: string, copy: string, raw: string): boolean {
  const dump = spawnSync(shell, [copy, '.recover'], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (dump.status !== 0 || !dump.stdout) return false;
  const load = spawnSync(shell, [raw], { input: dump.stdout, encoding: 'utf8', maxBuffer: 1 << 30 });
  return load.status === 0 && existsSync(raw);
}

function columnsOf(db: Db, table: string): string[] {
  try {
    return (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
  } catch {
    return [];
  }
}

function copyRows(src: Db, dst: Db, report: RecoverReport): void {
  const runCols = columnsOf(src, 'runs').filter((c) => columnsOf(dst, 'runs').includes(c));
  if (!runCols.includes('id')) throw new Error('no readable runs table');
  let maxId = 0;
  try {
    maxId = (src.prepare('SELECT max(id) AS m FROM runs').get() as { m: number | null }).m ?? 0;
  } catch {
    try {
      maxId = (src.prepare(`SELECT seq FROM sqlite_sequence WHERE name = 'runs'`).get() as { seq: number } | undefined)?.seq ?? 0;
    } catch {
      maxId = 0;
    }
  }
  const getRun = src.prepare(`SELECT ${runCols.join(', ')} FROM runs WHERE id = ?`);
  const putRun = dst.prepare(`INSERT INTO runs (${runCols.join(', ')}) VALUES (${runCols.map(() => '?').join(', ')})`);
  const putTag = dst.prepare('INSERT OR IGNORE INTO run_tags (tag, run_id) VALUES (?, ?)');
  const child = (table: string) => {
    const cols = columnsOf(src, table).filter((c) => columnsOf(dst, table).includes(c));
    return cols.length
      ? { get: src.prepare(`SELECT ${cols.join(', ')} FROM ${table} WHERE run_id = ?`), put: dst.prepare(`INSERT OR IGNORE INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`), cols }
      : null;
  };
  const curves = child('curves');
  const partials = child('partials');
  for (let id = 1; id <= maxId; id++) {
    let row: Record<string, unknown> | undefined;
    try {
      row = getRun.get(id) as Record<string, unknown> | undefined;
    } catch (e) {
      report.lost.push({ table: 'runs', key: String(id), error: e instanceof Error ? e.message : String(e) });
      continue;
    }
    if (!row) continue;
    try {
      dst.transaction(() => {
        putRun.run(...runCols.map((c) => row![c]));
        try {
          for (const t of JSON.parse(String(row!.tags ?? '[]')) as unknown[]) if (typeof t === 'string') putTag.run(t, id);
        } catch {
          /* tags column unreadable: the run keeps its JSON text */
        }
      })();
      report.runs++;
    } catch (e) {
      report.lost.push({ table: 'runs', key: String(id), error: e instanceof Error ? e.message : String(e) });
      continue;
    }
    for (const [name, c] of [['curves', curves], ['partials', partials]] as const) {
      if (!c) continue;
      try {
        const rows = c.get.all(id) as Record<string, unknown>[];
        dst.transaction(() => {
          for (const r of rows) c.put.run(...c.cols.map((k) => r[k]));
        })();
        if (name === 'curves') report.curves += rows.length;
        else report.partials += rows.length;
      } catch (e) {
        report.lost.push({ table: name, key: `run ${id}`, error: e instanceof Error ? e.message : String(e) });
      }
    }
  }
}

/**
 * Copy what can be read from `source` into a new PLRF database `out` (which must not exist).
 * `useShell: false` skips the sqlite3 shell (tests of the fallback).
 */
export function recoverDatabase(source: string, out: string, o: { useShell?: boolean } = {}): RecoverReport {
  if (existsSync(out)) throw new Error(`${out} already exists; recovery writes a NEW file (choose another --out)`);
  const h = inspectDbFile(source);
  if (h.state !== 'sqlite') throw new Error(`${source} is ${h.state === 'missing' ? 'missing' : h.state === 'empty' ? 'an empty file' : 'not an SQLite database'}: nothing to recover`);
  const { dir, copy } = privateCopy(source);
  const report: RecoverReport = { source, out, method: 'row copy', runs: 0, curves: 0, partials: 0, lost: [], integrity: '' };
  let src: Db | null = null;
  let dst: Db | null = null;
  try {
    let from = copy;
    const shell = o.useShell === false ? null : sqlite3Shell();
    if (shell) {
      const raw = join(dir, 'raw.db');
      if (shellRecover(shell, copy, raw)) {
        from = raw;
        report.method = 'sqlite3 .recover + row copy';
      }
    }
    src = new Database(from, { readonly: true, fileMustExist: true });
    dst = openStore({ path: out, create: true, quickCheck: false });
    copyRows(src, dst, report);
    report.integrity = quickCheck(dst);
    return report;
  } finally {
    src?.close();
    dst?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
