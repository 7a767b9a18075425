// All migrations in order (one file each; versions 1, 2, … with no gaps).
import { migration001 } from './001-initial';
import { migration002 } from './002-fts';
import type { Migration } from './types';

export const migrations: Migration[] = [migration001, migration002];
export type { Migration };
