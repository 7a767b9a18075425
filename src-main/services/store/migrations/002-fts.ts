// 002: full-text search over label, tags, notes and params (FTS5, external content = runs,
// kept in sync by triggers). When the SQLite build has no FTS5 the migration records that in
// `meta` and search falls back to LIKE (run-store.ts checks `hasFts`).
import type { Migration } from './types';

export function fts5Available(db: import('better-sqlite3').Database): boolean {
  try {
    db.exec('CREATE VIRTUAL TABLE temp.__fts5_probe USING fts5(x); DROP TABLE temp.__fts5_probe;');
    return true;
  } catch {
    return false;
  }
}

export const migration002: Migration = {
  version: 2,
  name: 'fts',
  up(db) {
    db.exec(`CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;`);
    if (!fts5Available(db)) {
      db.prepare(`INSERT OR REPLACE INTO meta (key, value) VALUES ('fts', 'none')`).run();
      return;
    }
    db.exec(`
      CREATE VIRTUAL TABLE runs_fts USING fts5(label, tags, notes, params, content='runs', content_rowid='id', tokenize='unicode61');
      CREATE TRIGGER runs_fts_ai AFTER INSERT ON runs BEGIN
        INSERT INTO runs_fts (rowid, label, tags, notes, params) VALUES (new.id, new.label, new.tags, new.notes, new.params);
      END;
      CREATE TRIGGER runs_fts_ad AFTER DELETE ON runs BEGIN
        INSERT INTO runs_fts (runs_fts, rowid, label, tags, notes, params) VALUES ('delete', old.id, old.label, old.tags, old.notes, old.params);
      END;
      CREATE TRIGGER runs_fts_au AFTER UPDATE OF label, tags, notes, params ON runs BEGIN
        INSERT INTO runs_fts (runs_fts, rowid, label, tags, notes, params) VALUES ('delete', old.id, old.label, old.tags, old.notes, old.params);
        INSERT INTO runs_fts (rowid, label, tags, notes, params) VALUES (new.id, new.label, new.tags, new.notes, new.params);
      END;
      INSERT INTO runs_fts (runs_fts) VALUES ('rebuild');
    `);
    db.prepare(`INSERT OR REPLACE INTO meta (key, value) VALUES ('fts', 'fts5')`).run();
  },
};
