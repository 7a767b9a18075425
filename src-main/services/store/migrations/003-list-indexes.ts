// 003: composite indexes so the runs list (deleted_at IS NULL is the default filter) can walk
// an index in the requested order instead of sorting: one per sort field, including the
// duration expression (finished_at - started_at) exactly as run-store.ts writes it.
import type { Migration } from './types';

export const migration003: Migration = {
  version: 3,
  name: 'list-indexes',
  up(db) {
    db.exec(`
      CREATE INDEX runs_del_finished ON runs (deleted_at, finished_at);
      CREATE INDEX runs_del_started ON runs (deleted_at, started_at);
      CREATE INDEX runs_del_eta ON runs (deleted_at, headline_eta);
      CREATE INDEX runs_del_label ON runs (deleted_at, label COLLATE NOCASE);
      CREATE INDEX runs_del_kind ON runs (deleted_at, kind);
      CREATE INDEX runs_del_status ON runs (deleted_at, status);
      CREATE INDEX runs_del_duration ON runs (deleted_at, (finished_at - started_at));
      DROP INDEX IF EXISTS runs_finished;
      DROP INDEX IF EXISTS runs_eta;
      DROP INDEX IF EXISTS runs_label;
    `);
  },
};
