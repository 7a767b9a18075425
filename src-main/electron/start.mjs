#!/usr/bin/env node
// `npm start`: open the desktop app.
// 1. Find the Electron binary (npm installs it only without ELECTRON_SKIP_BINARY_DOWNLOAD);
//    where it is missing, say so and point to the browser mode (`npm run web`).
// 2. better-sqlite3 in node_modules is built for Node's ABI. Electron needs its own build:
//    once per Electron version, compile a copy against Electron's headers into
//    .electron-native/better_sqlite3.node (node-gyp, needs a C++ toolchain and network access
//    to the Electron headers). main.ts hands that path to the store as better-sqlite3's
//    `nativeBinding` option (via PLRF_SQLITE_NATIVE); the Node build stays untouched for the
//    CLI, the web mode and the tests.
// 3. Build main/preload/renderer with electron-vite when out/ is missing, then launch.
import { spawnSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(join(root, 'package.json'));
const say = (m) => process.stderr.write(`plrf start: ${m}\n`);

// Resolve the binary the way node_modules/electron/index.js does, without its on-demand download.
function findElectron() {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) return join(process.env.ELECTRON_OVERRIDE_DIST_PATH, 'electron');
  try {
    const dir = dirname(require.resolve('electron/package.json'));
    const pathTxt = join(dir, 'path.txt');
    if (!existsSync(pathTxt)) return undefined;
    return join(dir, 'dist', readFileSync(pathTxt, 'utf8').trim());
  } catch {
    return undefined;
  }
}
const electronPath = findElectron();
if (!electronPath || !existsSync(electronPath)) {
  say('the Electron binary is not installed (it is skipped with ELECTRON_SKIP_BINARY_DOWNLOAD=1).');
  say('install it with `npx install-electron` (or `npm rebuild electron` without that variable),');
  say('or use the same workbench in your browser: `npm run web`.');
  process.exit(1);
}

const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
const nativeDir = join(root, '.electron-native');
const nativeFile = join(nativeDir, 'better_sqlite3.node');
const stamp = join(nativeDir, 'electron-version');
const built = existsSync(nativeFile) && existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === electronVersion;
if (!built) {
  say(`building better-sqlite3 for Electron ${electronVersion} into .electron-native/ (once)…`);
  const src = dirname(require.resolve('better-sqlite3/package.json'));
  const work = join(nativeDir, 'better-sqlite3');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(nativeDir, { recursive: true });
  cpSync(src, work, { recursive: true, filter: (p) => !p.includes(`${join(src, 'build')}`) });
  const gyp = spawnSync(
    process.platform === 'win32' ? 'npx.cmd' : 'npx',
    ['--yes', 'node-gyp', 'rebuild', '--release', `--target=${electronVersion}`, '--runtime=electron', '--dist-url=https://electronjs.org/headers'],
    { cwd: work, stdio: 'inherit' },
  );
  if (gyp.status !== 0) {
    say('could not build better-sqlite3 for Electron (needs a C++ toolchain and network access to the Electron headers).');
    say('the browser mode needs none of this: `npm run web`.');
    process.exit(1);
  }
  copyFileSync(join(work, 'build/Release/better_sqlite3.node'), nativeFile);
  writeFileSync(stamp, electronVersion);
}

if (!existsSync(join(root, 'out/main/index.js')) || process.argv.includes('--build')) {
  const b = spawnSync(process.platform === 'win32' ? 'npx.cmd' : 'npx', ['electron-vite', 'build'], { cwd: root, stdio: 'inherit' });
  if (b.status !== 0) process.exit(b.status ?? 1);
}

const child = spawn(electronPath, [root], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, PLRF_SQLITE_NATIVE: nativeFile },
});
child.on('exit', (code) => process.exit(code ?? 0));
