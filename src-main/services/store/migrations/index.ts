// All migrations in order (one file each; versions strictly increasing — numbers are reserved
// per branch, so a branch may hold e.g. 1, 2, 3, 6 until the others are merged).
import { migration001 } from './001-initial';
import { migration002 } from './002-fts';
import { migration003 } from './003-list-indexes';
import { migration006 } from './006-sweeps';
import type { Migration } from './types';

export const migrations: Migration[] = [migration001, migration002, migration003, migration006];
export type { Migration };
