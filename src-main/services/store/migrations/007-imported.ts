// 007: runs.imported — where an imported run came from, as JSON
//   {"file": "<file name the user imported, or null>", "at": <epoch ms of the import>,
//    "sourceId": <the run's id in the exporting store, or null>}
// written by RunStore.importRun (CLI `plrf runs import`, the UI's import, HTTP importRun) and
// shown as "imported from <file> on <date>" in the Runs list, the Run page and `runs show`.
// Existing rows keep NULL (not imported, or imported before this column existed: those cannot
// be told apart after the fact). Sweep shards imported by `plrf sweep collect` are not marked:
// they are the sweep's own cells, not files brought in by the user.
import type { Migration } from './types';

export const migration007: Migration = {
  version: 7,
  name: 'imported',
  up(db) {
    db.exec(`ALTER TABLE runs ADD COLUMN imported TEXT CHECK (imported IS NULL OR json_valid(imported));`);
  },
};
