// 001: runs, curves (typed-array BLOBs), partial results, tags; indexes for list/filter/sort.
//
// runs.status ∈ queued|running|done|failed|cancelled|interrupted. owner_pid is the process
// whose job queue owns a queued/running run: at start-up, runs owned by a dead process become
// 'interrupted' (recoverInterrupted). Times are epoch ms. params/tags/summary are JSON text.
// curves.data holds `length` rows × columns (column-major: all of column 0, then column 1…)
// as little-endian float64 (dtype 'f64'); the column names are curves.columns (JSON array).
import type { Migration } from './types';

export const migration001: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('queued','running','done','failed','cancelled','interrupted')),
        params TEXT NOT NULL CHECK (json_valid(params)),
        seed INTEGER,
        code_version TEXT NOT NULL,
        label TEXT NOT NULL DEFAULT '',
        tags TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags)),
        notes TEXT NOT NULL DEFAULT '',
        error TEXT,
        parent_id INTEGER,
        owner_pid INTEGER,
        created_at INTEGER NOT NULL,
        started_at INTEGER,
        finished_at INTEGER,
        deleted_at INTEGER,
        summary TEXT CHECK (summary IS NULL OR json_valid(summary)),
        curve_count INTEGER NOT NULL DEFAULT 0,
        headline_eta REAL,
        headline_delta_eta REAL,
        headline_final_risk REAL,
        headline_f0 REAL
      );
      CREATE INDEX runs_created ON runs (deleted_at, created_at);
      CREATE INDEX runs_status ON runs (status, created_at);
      CREATE INDEX runs_kind ON runs (kind, created_at);
      CREATE INDEX runs_finished ON runs (finished_at);
      CREATE INDEX runs_label ON runs (label COLLATE NOCASE);
      CREATE INDEX runs_eta ON runs (headline_eta);
      CREATE INDEX runs_owner ON runs (owner_pid) WHERE status IN ('queued','running');

      CREATE TABLE run_tags (
        tag TEXT NOT NULL,
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        PRIMARY KEY (tag, run_id)
      ) WITHOUT ROWID;
      CREATE INDEX run_tags_run ON run_tags (run_id);

      CREATE TABLE curves (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        key TEXT NOT NULL,
        meta TEXT NOT NULL CHECK (json_valid(meta)),
        columns TEXT NOT NULL CHECK (json_valid(columns)),
        dtype TEXT NOT NULL CHECK (dtype IN ('f64')),
        length INTEGER NOT NULL CHECK (length >= 0),
        data BLOB NOT NULL,
        PRIMARY KEY (run_id, idx)
      ) WITHOUT ROWID;

      CREATE TABLE partials (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        value TEXT NOT NULL CHECK (json_valid(value)),
        saved_at INTEGER NOT NULL,
        PRIMARY KEY (run_id, key)
      ) WITHOUT ROWID;
    `);
  },
};
