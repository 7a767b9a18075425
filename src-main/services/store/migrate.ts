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
  for (let i = 0; i < migrations.length; i++) {
    if (migrations[i]!.version !== i + 1) throw new Error(`migration versions must be 1..n without gaps (got ${migrations[i]!.version} at ${i})`);
  }
  const from = schemaVersion(db);
  const latest = migrations.length;
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
