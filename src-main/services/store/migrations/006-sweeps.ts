// 006: sweeps (issue 15). A sweep = a base run (kind + params) and axes, expanded into cells;
// each cell becomes an ordinary run (runs.id) linked through sweep_cells.run_id. A cell is
// re-linked to a new run when it is re-run after a failure (the old run stays in the history).
//
// sweeps.state ∈ active|cancelled; executor ∈ local|slurm (the last one used, NULL before).
// sweep_cells.coords/params are JSON (params validated, defaults applied); shard_token is the
// token of the last shard imported for the cell (a shard is imported exactly once); error is the
// last reason a cell has no result without a failed run (e.g. "no shard; Slurm task 12_3:
// CANCELLED"). sweep_submissions records each Slurm job array: its job id, the shard directory,
// the options, the array task → cell indexes map (JSON array of arrays) and the script.
import type { Migration } from './types';

export const migration006: Migration = {
  version: 6,
  name: 'sweeps',
  up(db) {
    db.exec(`
      CREATE TABLE sweeps (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        base_params TEXT NOT NULL CHECK (json_valid(base_params)),
        axes TEXT NOT NULL CHECK (json_valid(axes)),
        label TEXT NOT NULL DEFAULT '',
        executor TEXT CHECK (executor IS NULL OR executor IN ('local','slurm')),
        state TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active','cancelled')),
        cell_count INTEGER NOT NULL CHECK (cell_count >= 1),
        code_version TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );

      CREATE TABLE sweep_cells (
        sweep_id INTEGER NOT NULL REFERENCES sweeps(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL CHECK (idx >= 0),
        coords TEXT NOT NULL CHECK (json_valid(coords)),
        params TEXT NOT NULL CHECK (json_valid(params)),
        run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,
        shard_token TEXT,
        error TEXT,
        PRIMARY KEY (sweep_id, idx)
      ) WITHOUT ROWID;
      CREATE INDEX sweep_cells_run ON sweep_cells (run_id) WHERE run_id IS NOT NULL;

      CREATE TABLE sweep_submissions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        sweep_id INTEGER NOT NULL REFERENCES sweeps(id) ON DELETE CASCADE,
        executor TEXT NOT NULL CHECK (executor IN ('slurm')),
        job_id TEXT NOT NULL,
        shard_dir TEXT NOT NULL,
        options TEXT NOT NULL CHECK (json_valid(options)),
        tasks TEXT NOT NULL CHECK (json_valid(tasks)),
        script TEXT NOT NULL,
        submitted_at INTEGER NOT NULL,
        cancelled_at INTEGER
      );
      CREATE INDEX sweep_submissions_sweep ON sweep_submissions (sweep_id, id);
    `);
  },
};
