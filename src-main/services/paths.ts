// Where the run database lives — ONE default for the CLI, the web mode and the desktop app:
// --db PATH, else $PLRF_DB, else <data folder>/runs.db with the data folder
//   Linux   $XDG_DATA_HOME/plrf-workbench (default ~/.local/share/plrf-workbench)
//   macOS   ~/Library/Application Support/plrf-workbench
//   Windows %APPDATA%\plrf-workbench
// (XDG: user data belongs in the data folder, settings in ~/.config — the app's window state
// stays in Electron's userData.) Earlier desktop versions kept runs.db in Electron's userData
// (legacyDbPaths); the first start without a database at the default moves it over once
// (db-move.ts) and says so.
import os from 'node:os';
import { join } from 'node:path';
import { adoptLegacyDatabase } from './db-move';

export const APP_DIR_NAME = 'plrf-workbench';

export function userDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const home = os.homedir();
  if (process.platform === 'darwin') return join(home, 'Library', 'Application Support', APP_DIR_NAME);
  if (process.platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_DIR_NAME);
  return join(env.XDG_DATA_HOME || join(home, '.local', 'share'), APP_DIR_NAME);
}

/** the default run database (no --db, no $PLRF_DB) */
export function defaultDbPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(userDataDir(env), 'runs.db');
}

/**
 * Where earlier desktop versions kept runs.db: Electron's userData folder, named after the
 * package (`npm start`: plrf-workbench) or the product (packaged: "PLRF Workbench"), under
 * $XDG_CONFIG_HOME or ~/.config on Linux (the app data folder on macOS/Windows), plus
 * `extraDirs` (the running app passes its own userData). The default path itself is left out.
 */
export function legacyDbPaths(env: NodeJS.ProcessEnv = process.env, extraDirs: string[] = []): string[] {
  const home = os.homedir();
  const base =
    process.platform === 'darwin'
      ? join(home, 'Library', 'Application Support')
      : process.platform === 'win32'
        ? (env.APPDATA ?? join(home, 'AppData', 'Roaming'))
        : env.XDG_CONFIG_HOME || join(home, '.config');
  const target = defaultDbPath(env);
  const all = [...extraDirs, join(base, APP_DIR_NAME), join(base, 'PLRF Workbench')].map((d) => join(d, 'runs.db'));
  return [...new Set(all)].filter((p) => p !== target);
}

export interface ResolveOptions {
  /** more folders that may hold an old runs.db (the app's userData) */
  legacyDirs?: string[];
  /** where the one-line note about a moved database goes (default stderr) */
  log?: (line: string) => void;
}

/** the database to open: flag, else $PLRF_DB, else the default (after the one-time move) */
export function resolveDbPath(flag?: string | null, env: NodeJS.ProcessEnv = process.env, opts: ResolveOptions = {}): string {
  if (flag) return flag;
  if (env.PLRF_DB) return env.PLRF_DB;
  const target = defaultDbPath(env);
  adoptLegacyDatabase(target, legacyDbPaths(env, opts.legacyDirs), opts.log);
  return target;
}
