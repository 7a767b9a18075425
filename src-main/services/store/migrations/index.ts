// All migrations in order (one file each; versions strictly increasing; 005 was reserved and is
// not used).
import { migration001 } from './001-initial';
import { migration002 } from './002-fts';
import { migration003 } from './003-list-indexes';
import { migration004 } from './004-owner-lease';
import { migration006 } from './006-sweeps';
import { migration007 } from './007-imported';
import type { Migration } from './types';

// 005 is not used (it was reserved for a spectra table that runs do not need: a run's spectrum lives in its params)
export const migrations: Migration[] = [migration001, migration002, migration003, migration004, migration006, migration007];
export type { Migration };
