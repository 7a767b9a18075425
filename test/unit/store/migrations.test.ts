// Migrations by PRAGMA user_version: one test per migration file (001-initial, 002-fts) on real
// SQLite files, plus the runner's guarantees (atomic steps, refusing a newer schema).
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase } from '../../../src-main/services/store/db';
import { runMigrations, schemaVersion } from '../../../src-main/services/store/migrate';
import { migrations } from '../../../src-main/services/store/migrations/index';
import { migration001 } from '../../../src-main/services/store/migrations/001-initial';
import { migration002, fts5Available } from '../../../src-main/services/store/migrations/002-fts';
import { migration003 } from '../../../src-main/services/store/migrations/003-list-indexes';
import type { Migration } from '../../../src-main/services/store/migrations/types';

const dirs: string[] = [];
function tmpDb(): string {
  const d = mkdtempSync(join(tmpdir(), 'plrf-mig-'));
  dirs.push(d);
  return join(d, 'runs.db');
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const insertRun = (db: Database.Database, label: string, params = '{"alpha":0.5}') =>
  db
    .prepare(`INSERT INTO runs (kind, status, params, seed, code_version, label, tags, notes, created_at) VALUES ('sgd','done',?,1,'t',?, '["x"]', 'n', 1)`)
    .run(params, label);

describe('migration 001-initial', () => {
  it('creates runs, curves, partials, run_tags with constraints and sets user_version 1', () => {
    const path = tmpDb();
    const db = openDatabase({ path, migrations: [migration001] });
    expect(schemaVersion(db)).toBe(1);
    const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[]).map((r) => r.name);
    expect(tables).toEqual(expect.arrayContaining(['runs', 'curves', 'partials', 'run_tags']));
    insertRun(db, 'ok');
    // CHECK constraints: status enum, JSON params
    expect(() => db.prepare(`INSERT INTO runs (kind, status, params, code_version, created_at) VALUES ('sgd','bogus','{}','t',1)`).run()).toThrow(/CHECK/);
    expect(() => db.prepare(`INSERT INTO runs (kind, status, params, code_version, created_at) VALUES ('sgd','done','{not json','t',1)`).run()).toThrow(/CHECK/);
    // cascade: deleting a run removes its curves and partials
    db.prepare(`INSERT INTO curves (run_id, idx, key, meta, columns, dtype, length, data) VALUES (1, 0, 'k', '{}', '[]', 'f64', 0, x'')`).run();
    db.prepare(`INSERT INTO partials (run_id, key, value, saved_at) VALUES (1, 'p', '1', 1)`).run();
    db.prepare('DELETE FROM runs WHERE id = 1').run();
    expect((db.prepare('SELECT count(*) n FROM curves').get() as { n: number }).n).toBe(0);
    expect((db.prepare('SELECT count(*) n FROM partials').get() as { n: number }).n).toBe(0);
    // the list/filter/sort indexes exist (their speed is measured in test/bench/store.bench.ts)
    const idx = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'runs'`).all() as { name: string }[]).map((r) => r.name);
    expect(idx).toEqual(expect.arrayContaining(['runs_created', 'runs_status', 'runs_kind', 'runs_label', 'runs_eta']));
    db.close();
    // WAL survives reopening
    const again = new Database(path);
    expect(again.pragma('journal_mode', { simple: true })).toBe('wal');
    again.close();
  });
});

describe('migration 002-fts', () => {
  it('indexes rows that existed before the upgrade and follows inserts, updates and deletes', () => {
    const path = tmpDb();
    const v1 = openDatabase({ path, migrations: [migration001] });
    insertRun(v1, 'alpha sweep before upgrade');
    v1.close();
    const db = openDatabase({ path, migrations: [migration001, migration002] });
    expect(schemaVersion(db)).toBe(2);
    expect(fts5Available(db)).toBe(true);
    const hits = (q: string) => (db.prepare('SELECT rowid FROM runs_fts WHERE runs_fts MATCH ? ORDER BY rowid').all(q) as { rowid: number }[]).map((r) => r.rowid);
    expect(hits('"sweep"')).toEqual([1]);
    insertRun(db, 'spiked tau study');
    expect(hits('"spiked"')).toEqual([2]);
    db.prepare(`UPDATE runs SET label = 'renamed' WHERE id = 2`).run();
    expect(hits('"spiked"')).toEqual([]);
    expect(hits('"renamed"')).toEqual([2]);
    db.prepare('DELETE FROM runs WHERE id = 1').run();
    expect(hits('"sweep"')).toEqual([]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });
});

describe('migration 003-list-indexes', () => {
  it('adds composite (deleted_at, sort key) indexes the list queries walk instead of sorting', () => {
    const path = tmpDb();
    const v2 = openDatabase({ path, migrations: [migration001, migration002] });
    for (let i = 0; i < 50; i++) insertRun(v2, `r${i}`);
    v2.close();
    const db = openDatabase({ path, migrations: [migration001, migration002, migration003] });
    expect(schemaVersion(db)).toBe(3);
    db.exec('ANALYZE');
    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((p) => p.detail).join(' | ');
    for (const [order, index] of [
      ['finished_at DESC, id DESC', 'runs_del_finished'],
      ['headline_eta ASC, id ASC', 'runs_del_eta'],
      ['(finished_at - started_at) DESC, id DESC', 'runs_del_duration'],
      ['label COLLATE NOCASE ASC, id ASC', 'runs_del_label'],
    ]) {
      const p = plan(`SELECT id FROM runs WHERE deleted_at IS NULL ORDER BY ${order} LIMIT 100`);
      expect(p, order).toContain(index);
      expect(p, order).not.toMatch(/TEMP B-TREE FOR ORDER BY/);
    }
    expect((db.prepare('SELECT count(*) n FROM runs').get() as { n: number }).n).toBe(50);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });
});

describe('migration runner', () => {
  it('runs every migration once (idempotent re-open) and refuses a newer schema', () => {
    const path = tmpDb();
    openDatabase({ path }).close();
    const db = openDatabase({ path });
    const latest = migrations[migrations.length - 1]!.version;
    expect(schemaVersion(db)).toBe(latest);
    db.pragma(`user_version = ${latest + 1}`);
    db.close();
    expect(() => openDatabase({ path })).toThrow(/newer than this program/);
  });

  it('rolls back a failing migration completely (schema and user_version unchanged)', () => {
    const db = new Database(':memory:');
    const broken: Migration = {
      version: 2,
      name: 'broken',
      up(d) {
        d.exec('CREATE TABLE half_done (x INTEGER)');
        throw new Error('boom');
      },
    };
    expect(() => runMigrations(db, [migration001, broken])).toThrow('boom');
    expect(schemaVersion(db)).toBe(1);
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE name = 'half_done'`).get()).toBeUndefined();
    db.close();
  });

  it('rejects migration versions that do not start at 1 or do not increase', () => {
    const db = new Database(':memory:');
    expect(() => runMigrations(db, [migration002])).toThrow(/start at 1 and increase strictly/);
    expect(() => runMigrations(db, [migration001, migration003, migration002])).toThrow(/increase strictly/);
    db.close();
  });
});
