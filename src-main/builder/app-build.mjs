// The desktop/renderer build (electron-vite → out/main, out/preload, out/renderer) with the same
// staleness rule as the CLI build (stamp.mjs): out/app-build.json records size + mtime of every
// file under src-main, src-shared, src-renderer and the build config; `npm start` and `plrf web`
// rebuild when one differs, so an old window never runs on new sources. (A superset of the real
// inputs: a change to a CLI-only file also rebuilds the app — about 2 s, never wrong.)
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { changedInputs, fingerprint, readStamp, writeStamp } from './stamp.mjs';

const DIRS = ['src-main', 'src-shared', 'src-renderer'];
const FILES = ['electron.vite.config.ts', 'package.json'];
const SKIP = /(^|\/)(node_modules|build|\.electron-native)(\/|$)/;

export const appStampFile = (root) => join(root, 'out', 'app-build.json');

/** every source of the app build, root-relative */
export function appSources(root) {
  const out = [...FILES];
  for (const d of DIRS) {
    for (const e of readdirSync(join(root, d), { recursive: true, withFileTypes: true })) {
      if (!e.isFile()) continue;
      const rel = join(e.parentPath ?? e.path, e.name).slice(root.length + 1).replace(/\\/g, '/');
      if (!SKIP.test(rel)) out.push(rel);
    }
  }
  return out;
}

/** [] when out/ matches the sources, else (up to 3 of) the changed files */
export function appBuildChanges(root) {
  return changedInputs(root, readStamp(appStampFile(root)));
}

/**
 * runs electron-vite build and writes the stamp; returns the exit status. `quietStdout`: the
 * build's output goes to stderr (the web mode's first stdout line must be its URL).
 */
export function buildApp(root, { quietStdout = false } = {}) {
  const startedAt = Date.now();
  const r = spawnSync(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: root, stdio: quietStdout ? ['ignore', 2, 2] : 'inherit' });
  if (r.status !== 0) return r.status ?? 1;
  const files = fingerprint(root, appSources(root));
  for (const rec of Object.values(files)) if (rec[1] >= startedAt - 1000) rec[1] = -1; // saved during the build
  writeStamp(appStampFile(root), { id: 'app', builtAt: new Date().toISOString(), files });
  return 0;
}

// `node src-main/builder/app-build.mjs` (npm run build / dist): build and stamp
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = buildApp(resolve(dirname(fileURLToPath(import.meta.url)), '../..'));
}
