// `plrf doctor [--db PATH] [--json]`: what this installation runs on — app and code version,
// Node/Electron/SQLite versions, the linear-algebra backend in use (and why native is not, if
// it is not), BLAS threads, the run database path and its schema version, and whether
// Chromium (for the end-to-end tests) and the Electron binary are present.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs, helpText, type OptSpecs } from '../args';
import type { Command } from '../command';
import { linalgInfo } from '../../services/backend-info';
import { legacyDbPaths, resolveDbPath, userDataDir } from '../../services/paths';
import { codeVersion, packageVersion } from '../../services/version';
import { ParamError } from '../../../src-shared/params/errors';
import { isStoreOpenError, openStore } from '../../services/store/open-store';

const specs: OptSpecs = {
  db: { type: 'string', help: 'run database (default: $PLRF_DB or the user data dir)' },
  json: { type: 'bool', help: 'one JSON document on stdout' },
  help: { type: 'bool', help: 'this help' },
};

const require = createRequire(import.meta.url);

function pkgVersion(name: string): string | null {
  try {
    return (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;
  } catch {
    return null;
  }
}

/** the Electron executable if installed; never triggers electron's on-demand download */
function electronBinary(): string | null {
  try {
    const dir = dirname(require.resolve('electron/package.json'));
    const pathTxt = join(dir, 'path.txt');
    if (!existsSync(pathTxt)) return null;
    const exe = join(dir, 'dist', readFileSync(pathTxt, 'utf8').trim());
    return existsSync(exe) ? exe : null;
  } catch {
    return null;
  }
}

function database(path: string): Record<string, unknown> {
  const out: Record<string, unknown> = { path, exists: path === ':memory:' || existsSync(path) };
  if (!out.exists) return { ...out, note: 'created on first run' };
  try {
    // read-only, refused if foreign/empty/damaged (quick_check): doctor reports what is wrong
    const db = openStore({ path, readonly: true, create: false });
    try {
      out.schemaVersion = db.pragma('user_version', { simple: true });
      out.sqlite = (db.prepare('select sqlite_version() v').get() as { v: string }).v;
      out.runs = (db.prepare('select count(*) n from runs').get() as { n: number }).n;
      out.integrity = db.pragma('quick_check', { simple: true });
    } finally {
      db.close();
    }
  } catch (e) {
    out.error = e instanceof Error ? e.message : String(e);
    if (isStoreOpenError(e)) out.problem = e.problem;
  }
  return out;
}

function doctorDbPath(flag: unknown): string {
  if (flag !== undefined && (typeof flag !== 'string' || flag.trim() === '')) throw new ParamError('--db', 'must be a file path, got an empty string');
  return resolveDbPath((flag as string | undefined) ?? null);
}

export const doctorCommand: Command = {
  name: 'doctor',
  summary: 'backend, versions, paths',
  async run(argv, io) {
    const { opts } = parseArgs(argv, specs);
    if (opts.help) {
      io.stdout(helpText('usage: plrf doctor [--db PATH] [--json]', specs));
      return 0;
    }
    const info = {
      version: packageVersion(),
      codeVersion: codeVersion(),
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      cores: os.cpus().length,
      versions: {
        electron: pkgVersion('electron'),
        'better-sqlite3': pkgVersion('better-sqlite3'),
        vue: pkgVersion('vue'),
        echarts: pkgVersion('echarts'),
      },
      electronBinary: electronBinary(),
      chromium: ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p)) ?? null,
      backend: linalgInfo(),
      userDataDir: userDataDir(),
      database: {
        ...database(doctorDbPath(opts.db)),
        source: opts.db ? '--db' : process.env.PLRF_DB ? 'PLRF_DB' : 'default (shared by the CLI, the web mode and the app)',
      },
      /** run databases left in older locations (not merged: open one with --db, or `plrf runs import` its exports) */
      otherDatabases: legacyDbPaths().filter((p) => existsSync(p)),
    };
    if (opts.json) {
      io.stdout(JSON.stringify(info, null, 2) + '\n');
      return 0;
    }
    const lines: string[] = [];
    const put = (k: string, v: unknown) => lines.push(`${k.padEnd(18)} ${typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}`);
    put('plrf', `${info.version} (code ${info.codeVersion})`);
    put('node', `${info.node} on ${info.platform}, ${info.cores} cores`);
    for (const [k, v] of Object.entries(info.versions)) put(k, v ?? 'not installed');
    put('electron binary', info.electronBinary ?? 'missing (use `npm run web`)');
    put('chromium', info.chromium ?? 'missing (needed for the e2e tests)');
    for (const [k, v] of Object.entries(info.backend)) put(`linalg.${k}`, v);
    put('user data', info.userDataDir);
    for (const [k, v] of Object.entries(info.database)) put(`db.${k}`, v);
    for (const p of info.otherDatabases) put('other database', `${p} (not merged; use --db to open it)`);
    io.stdout(lines.join('\n') + '\n');
    return 0;
  },
};
