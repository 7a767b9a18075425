// 004: runs.owner_lease — the owner of a queued/running run as "<pid>:<boot id>:<start time>"
// (store/owner-lease.ts), so crash recovery proves the owner's liveness instead of trusting a
// PID that may have been reused. Existing rows keep NULL (liveness by PID, as before).
import type { Migration } from './types';

export const migration004: Migration = {
  version: 4,
  name: 'owner-lease',
  up(db) {
    db.exec(`ALTER TABLE runs ADD COLUMN owner_lease TEXT;`);
  },
};
