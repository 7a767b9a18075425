// The one-time move of runs.db to the shared default location (src-main/services/db-move.ts,
// paths.ts): committed transactions that live only in the -wal file survive the move (negative
// control: moving the main file alone loses them), a database already at the target is never
// touched, the move happens once, a stray -wal at the target is set aside, and `plrf doctor`
// reports the path (PLRF_DB / --db still win).
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { adoptLegacyDatabase } from '../../../src-main/services/db-move';
import { legacyDbPaths, resolveDbPath } from '../../../src-main/services/paths';

/** a WAL database whose last 200 rows are committed but only in the -wal file (writer kept open) */
function walOnlyDb(path: string): Database.Database {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('wal_autocheckpoint = 0');
  db.exec('create table t (i integer primary key, v text)');
  db.pragma('wal_checkpoint(TRUNCATE)');
  const ins = db.prepare('insert into t (v) values (?)');
  db.transaction(() => {
    for (let i = 0; i < 200; i++) ins.run(`row ${i}`);
  })();
  return db;
}

const count = (path: string) => {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare('select count(*) n from t').get() as { n: number }).n;
  } finally {
    db.close();
  }
};

describe('one-time database move', () => {
  it('carries the -wal (and -shm) along: nothing committed is lost; the old trio is kept', () => {
    const dir = mkdtempSync(join(tmpdir(), 'plrf-move-'));
    const from = join(dir, 'config', 'runs.db');
    mkdirSync(join(dir, 'config'));
    const writer = walOnlyDb(from);
    expect(existsSync(from + '-wal')).toBe(true);
    expect(existsSync(from + '-shm')).toBe(true);
    // negative control: the main file alone has none of the 200 rows
    copyFileSync(from, join(dir, 'main-only.db'));
    expect(count(join(dir, 'main-only.db'))).toBe(0);

    const to = join(dir, 'data', 'plrf-workbench', 'runs.db');
    const lines: string[] = [];
    const moved = adoptLegacyDatabase(to, [join(dir, 'nope', 'runs.db'), from], (l) => lines.push(l));
    writer.close();
    expect(moved).toEqual({ from, to, companions: ['-wal', '-shm'], keptAs: `${from}.migrated` });
    expect(lines).toEqual([`plrf: moved the run database from ${from} to ${to} (once; the old file is kept as ${from}.migrated)`]);
    expect(count(to)).toBe(200);
    expect(existsSync(from)).toBe(false);
    expect(existsSync(`${from}.migrated`)).toBe(true);
    expect(readdirSync(join(dir, 'data', 'plrf-workbench')).filter((f) => f.includes('moving'))).toEqual([]);
    // once: a second call does nothing
    expect(adoptLegacyDatabase(to, [from, `${from}.migrated`], (l) => lines.push(l))).toBeNull();
    expect(lines.length).toBe(1);
  });

  it('never touches a database already at the target; sets a stray -wal aside; takes over a stale lock', () => {
    const dir = mkdtempSync(join(tmpdir(), 'plrf-move-'));
    const from = join(dir, 'old.db');
    new Database(from).exec('create table t (i integer primary key, v text); insert into t (v) values (1)');
    const to = join(dir, 'new.db');
    new Database(to).exec('create table t (i integer primary key, v text)');
    expect(adoptLegacyDatabase(to, [from], () => {})).toBeNull();
    expect(count(to)).toBe(0);
    expect(count(from)).toBe(1);

    const to2 = join(dir, 'fresh', 'runs.db');
    mkdirSync(join(dir, 'fresh'));
    writeFileSync(to2 + '-wal', 'garbage from nowhere');
    writeFileSync(to2 + '.moving', '');
    const old = new Date(Date.now() - 3_600_000);
    utimesSync(to2 + '.moving', old, old); // a crashed mover's lock
    expect(adoptLegacyDatabase(to2, [from], () => {})).not.toBeNull();
    expect(count(to2)).toBe(1);
    const aside = readdirSync(join(dir, 'fresh')).filter((f) => f.startsWith('runs.db-wal.orphan-'));
    expect(aside.length).toBe(1);
    expect(readFileSync(join(dir, 'fresh', aside[0]!), 'utf8')).toBe('garbage from nowhere');
    expect(existsSync(to2 + '.moving')).toBe(false);
  });

  it.skipIf(process.platform !== 'linux')('resolves one default for every face: --db, then PLRF_DB, then the data folder (after the move)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'plrf-move-'));
    const env = { XDG_DATA_HOME: join(dir, 'data'), XDG_CONFIG_HOME: join(dir, 'config') };
    expect(resolveDbPath('/x/flag.db', { ...env, PLRF_DB: '/y/env.db' })).toBe('/x/flag.db');
    expect(resolveDbPath(null, { ...env, PLRF_DB: '/y/env.db' })).toBe('/y/env.db');
    expect(legacyDbPaths(env)).toEqual([join(dir, 'config', 'plrf-workbench', 'runs.db'), join(dir, 'config', 'PLRF Workbench', 'runs.db')]);
    mkdirSync(join(dir, 'config', 'plrf-workbench'), { recursive: true });
    new Database(join(dir, 'config', 'plrf-workbench', 'runs.db')).exec('create table t (i integer primary key, v text)');
    const lines: string[] = [];
    expect(resolveDbPath(null, env, { log: (l) => lines.push(l) })).toBe(join(dir, 'data', 'plrf-workbench', 'runs.db'));
    expect(lines.length).toBe(1);
    expect(existsSync(join(dir, 'data', 'plrf-workbench', 'runs.db'))).toBe(true);
  });

  it.skipIf(process.platform !== 'linux')('plrf doctor moves a legacy database once, says so on stderr, and shows the path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'plrf-move-'));
    const legacy = join(dir, 'config', 'plrf-workbench', 'runs.db');
    mkdirSync(join(dir, 'config', 'plrf-workbench'), { recursive: true });
    new Database(legacy).exec('create table t (i integer primary key, v text)');
    const env: NodeJS.ProcessEnv = { ...process.env, XDG_DATA_HOME: join(dir, 'data'), XDG_CONFIG_HOME: join(dir, 'config'), PLRF_NO_REBUILD: '1' };
    delete env.PLRF_DB;
    const plrf = resolve(__dirname, '../../../src-main/cli/plrf.mjs');
    const r = spawnSync(process.execPath, [plrf, 'doctor', '--json'], { encoding: 'utf8', env });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe(`plrf: moved the run database from ${legacy} to ${join(dir, 'data', 'plrf-workbench', 'runs.db')} (once; the old file is kept as ${legacy}.migrated)\n`);
    const info = JSON.parse(r.stdout) as { database: { path: string; source: string; exists: boolean } };
    expect(info.database).toMatchObject({ path: join(dir, 'data', 'plrf-workbench', 'runs.db'), exists: true });
    expect(info.database.source).toMatch(/^default/);
    const again = spawnSync(process.execPath, [plrf, 'doctor', '--json'], { encoding: 'utf8', env });
    expect(again.stderr).toBe('');
    const withEnv = spawnSync(process.execPath, [plrf, 'doctor', '--json'], { encoding: 'utf8', env: { ...env, PLRF_DB: join(dir, 'e.db') } });
    expect((JSON.parse(withEnv.stdout) as { database: { path: string; source: string } }).database).toMatchObject({ path: join(dir, 'e.db'), source: 'PLRF_DB' });
  });
});
