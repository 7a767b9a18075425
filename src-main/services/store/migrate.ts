// Schema migrations by PRAGMA user_version: every migration with a higher version than the
// file's runs in its own IMMEDIATE transaction together with the user_version bump, so a crash
// leaves either the old or the new schema. A file newer than this code is refused (we never
// write to a schema we do not understand).
import type Database from 'better-sqlite3';
import type { Migration } from './migrations/types';

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function runMigrations(db: Database.Database, migrations: Migration[]): { from: number; to: number } {
  // versions strictly increasing from 1 (numbers are reserved per feature branch, so a branch may
  // skip numbers that another branch holds until both are merged)
  for (let i = 0; i < migrations.length; i++) {
    const prev = i === 0 ? 0 : migrations[i - 1]!.version;
    if (!(migrations[i]!.version > prev) || (i === 0 && migrations[0]!.version !== 1))
      throw new Error(`migration versions must start at 1 and increase strictly (got ${migrations[i]!.version} at ${i})`);
  }
  const from = schemaVersion(db);
  const latest = migrations.length ? migrations[migrations.length - 1]!.version : 0;
  if (from > latest) throw new Error(`database schema version ${from} is newer than this program (${latest}); upgrade PLRF Workbench`);
  for (const m of migrations) {
    if (m.version <= schemaVersion(db)) continue;
    const tx = db.transaction(() => {
      // re-check inside the write lock: another process may have migrated meanwhile
      if (schemaVersion(db) >= m.version) return;
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    });
    tx.immediate();
  }
  return { from, to: schemaVersion(db) };
}
