// All migrations in order (one file each; versions 1, 2, … with no gaps).
import { migration001 } from './001-initial';
import { migration002 } from './002-fts';
import { migration003 } from './003-list-indexes';
import { migration004 } from './004-owner-lease';
import type { Migration } from './types';

export const migrations: Migration[] = [migration001, migration002, migration003, migration004];
export type { Migration };
