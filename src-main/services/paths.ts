// Where the run database lives: --db PATH, else $PLRF_DB, else the user data dir
// (Linux: $XDG_DATA_HOME or ~/.local/share; macOS: ~/Library/Application Support;
// Windows: %APPDATA%) + "/plrf-workbench/runs.db". The Electron app passes its userData dir.
import os from 'node:os';
import { join } from 'node:path';

export function userDataDir(): string {
  const home = os.homedir();
  if (process.platform === 'darwin') return join(home, 'Library', 'Application Support', 'plrf-workbench');
  if (process.platform === 'win32') return join(process.env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'plrf-workbench');
  return join(process.env.XDG_DATA_HOME || join(home, '.local', 'share'), 'plrf-workbench');
}

export function resolveDbPath(flag?: string | null, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return flag;
  if (env.PLRF_DB) return env.PLRF_DB;
  return join(userDataDir(), 'runs.db');
}
