#!/usr/bin/env node
// `npm start`: open the desktop app — or, where it cannot run, the same workbench in the browser.
// 1. Find the Electron binary (npm installs it only without ELECTRON_SKIP_BINARY_DOWNLOAD);
//    where it is missing, say so in one line and start the web mode instead (`plrf web`: prints
//    the URL, opens the default browser where there is one; extra arguments are passed on).
// 2. better-sqlite3 in node_modules is built for Node's ABI. Electron needs its own build:
//    once per Electron version, compile a copy against Electron's headers into
//    .electron-native/better_sqlite3.node (node-gyp, needs a C++ toolchain and network access
//    to the Electron headers). main.ts hands that path to the store as better-sqlite3's
//    `nativeBinding` option (via PLRF_SQLITE_NATIVE); the Node build stays untouched for the
//    CLI, the web mode and the tests.
// 3. Build main/preload/renderer with electron-vite when out/ is missing or older than the
//    sources (builder/app-build.mjs stamp), then launch.
import { spawnSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { appBuildChanges, buildApp } from '../builder/app-build.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(join(root, 'package.json'));
const say = (m) => process.stderr.write(`plrf start: ${m}\n`);

/** the web mode in this terminal (Ctrl-C / SIGTERM reach it; its exit code is ours) */
function startWeb(why) {
  say(`${why} — starting the web mode instead (the same workbench in your browser; \`npx install-electron\` adds the desktop app)`);
  const args = process.argv.slice(2).filter((a) => a !== '--build');
  const child = spawn(process.execPath, [join(root, 'src-main/cli/plrf.mjs'), 'web', ...args], { cwd: root, stdio: 'inherit' });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
}

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
  startWeb('the Electron binary is not installed (skipped with ELECTRON_SKIP_BINARY_DOWNLOAD=1)');
} else {
  await startDesktop(electronPath);
}

async function startDesktop(electronPath) {
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
      startWeb('could not build better-sqlite3 for Electron (needs a C++ toolchain and network access to the Electron headers)');
      return;
    }
    copyFileSync(join(work, 'build/Release/better_sqlite3.node'), nativeFile);
    writeFileSync(stamp, electronVersion);
  }

  const changed = appBuildChanges(root);
  if (!existsSync(join(root, 'out/main/index.js')) || changed.length > 0 || process.argv.includes('--build')) {
    if (changed.length > 0 && changed[0] !== '(no build)') say(`sources changed since the last build (${changed.join(', ')}): rebuilding`);
    const status = buildApp(root);
    if (status !== 0) process.exit(status);
  }

  const child = spawn(electronPath, [root], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, PLRF_SQLITE_NATIVE: nativeFile },
  });
  child.on('exit', (code) => process.exit(code ?? 0));
}
