// A schema migration: `version` is the PRAGMA user_version after it ran; `up` runs inside
// a transaction opened by migrate.ts (so a failed migration leaves the file unchanged).
import type Database from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  up(db: Database.Database): void;
}
