// One-time move of the run database to the shared default location (issue 16). Earlier
// versions of the desktop app kept runs.db in Electron's userData folder (Linux:
// ~/.config/plrf-workbench or ~/.config/PLRF Workbench for the packaged app) while the CLI and the
// web mode used the data folder (paths.ts userDataDir). Now all three use the data folder; the
// first start that finds no database there but one in an old location moves it over:
//
//   1. under a lock file (<target>.moving, O_EXCL) so that two starting processes do not race;
//   2. copy runs.db and its -wal / -shm (the WAL may hold committed transactions not yet in the
//      main file) to staging names in the target folder, fsync, check the sizes;
//   3. rename -wal / -shm into place first and the main file LAST — runs.db appearing is the
//      commit point, so a crash leaves either no database (the move is retried next start) or a
//      complete one; a stray -wal/-shm already at the target (with no database) is set aside;
//   4. rename the old files to runs.db.migrated (+ -wal/-shm, a consistent SQLite trio): nothing
//      is deleted, and the old location is not picked up again.
// The caller is told (one line). A database already at the target is never touched.
// Limitation: an OLD app version still running on the old file while the new version starts may
// write after the copy; quit it first (the README says so).
import { closeSync, copyFileSync, constants, existsSync, fsyncSync, mkdirSync, openSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { dirname } from 'node:path';

const SUFFIXES = ['-wal', '-shm'] as const;
const STALE_LOCK_MS = 60_000;

export interface DbMove {
  from: string;
  to: string;
  /** suffixes moved besides the main file ('-wal', '-shm') */
  companions: string[];
  /** where the old files now are (from + '.migrated') */
  keptAs: string;
}

function fsyncPath(path: string, dir = false): void {
  let fd: number | undefined;
  try {
    fd = openSync(path, dir ? 'r' : 'r+');
    fsyncSync(fd);
  } catch {
    /* directories cannot be fsynced on every platform */
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** takes the lock; false when another process holds it (after waiting for it to finish) */
function lock(lockFile: string, target: string): number | null {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      return openSync(lockFile, 'wx');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    let age = 0;
    try {
      age = Date.now() - statSync(lockFile).mtimeMs;
    } catch {
      continue; // released meanwhile: try again
    }
    if (age > STALE_LOCK_MS) {
      unlinkSync(lockFile); // a crashed mover: its staging files are rewritten below
      continue;
    }
    // another process is moving it right now: wait for the database to appear (≤ 10 s)
    for (let waited = 0; waited < 10_000 && !existsSync(target) && existsSync(lockFile); waited += 50) sleep(50);
    return null;
  }
  return null;
}

/**
 * Moves the first existing database among `candidates` to `target` when `target` does not exist
 * (see the header). Returns what was moved, or null (nothing to do). Throws on an I/O error,
 * leaving the old files in place.
 */
export function adoptLegacyDatabase(target: string, candidates: string[], log: (line: string) => void = (l) => process.stderr.write(l + '\n')): DbMove | null {
  if (existsSync(target)) return null;
  const from = candidates.find((p) => p !== target && existsSync(p));
  if (!from) return null;
  mkdirSync(dirname(target), { recursive: true });
  const lockFile = `${target}.moving`;
  const fd = lock(lockFile, target);
  if (fd === null) return null;
  try {
    if (existsSync(target) || !existsSync(from)) return null; // someone else finished first
    const companions = SUFFIXES.filter((s) => existsSync(from + s));
    const stage = `${target}.moving-${process.pid}`;
    // 2. staged copies (a reflink where the file system can), synced, sizes checked
    for (const s of ['', ...companions]) {
      copyFileSync(from + s, stage + s, constants.COPYFILE_FICLONE);
      fsyncPath(stage + s);
      if (statSync(stage + s).size !== statSync(from + s).size) throw new Error(`copy of ${from + s} is incomplete`);
    }
    // 3. a stray -wal/-shm at the target belongs to no database: set aside, never replayed
    for (const s of SUFFIXES) {
      if (existsSync(target + s) && !companions.includes(s)) renameSync(target + s, `${target}${s}.orphan-${Date.now()}`);
    }
    for (const s of companions) renameSync(stage + s, target + s);
    renameSync(stage, target); // the commit point
    fsyncPath(dirname(target), true);
    // 4. keep the old files, renamed as a consistent trio
    const keptAs = `${from}.migrated`;
    renameSync(from, keptAs);
    for (const s of companions) if (existsSync(from + s)) renameSync(from + s, keptAs + s);
    log(`plrf: moved the run database from ${from} to ${target} (once; the old file is kept as ${keptAs})`);
    return { from, to: target, companions: [...companions], keptAs };
  } finally {
    closeSync(fd);
    try {
      unlinkSync(lockFile);
    } catch {
      /* already gone */
    }
  }
}
