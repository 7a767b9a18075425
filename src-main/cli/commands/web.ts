// `plrf web [--port P] [--no-open] [--db PATH]` (also `npm run web -- …`): the web mode. Starts
// the services (store + job queue) and the HTTP server on 127.0.0.1 only (src-main/web/server.ts),
// serving the built renderer (out/renderer; built first with electron-vite when missing or older
// than the sources, unless --no-build) and the API under /api/. The FIRST line on stdout is the URL with the per-launch
// token; everything else goes to stderr. Ctrl-C / SIGTERM stop the server; runs still executing
// are marked interrupted (re-runnable).
//
// Note: `npm run web` makes npm print its "> plrf-workbench web" banner on stdout before this
// program starts; scripts that read the URL should use `npm run --silent web` or `npx plrf web`.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from '../command';
import { helpText, parseArgs, type OptSpecs } from '../args';
import { ParamError } from '../../../src-shared/params/errors';
import { createPlrfService } from '../../services/api-service';
import { findRoot } from '../../services/version';
import { appBuildChanges, buildApp } from '../../builder/app-build.mjs';
import { DB_OPTS, asDbError, dbTarget } from '../db-option';
import { startWebServer } from '../../web/server';

const specs: OptSpecs = {
  port: { type: 'int', help: 'port on 127.0.0.1 (0 = any free port)', default: 0 },
  'no-open': { type: 'bool', help: 'do not open a browser' },
  ...DB_OPTS,
  static: { type: 'string', help: 'folder of the built renderer (default out/renderer)' },
  'no-build': { type: 'bool', help: 'do not build the renderer when it is missing' },
  concurrency: { type: 'int', help: 'runs executed at once (default: cores − 1, at least 1)' },
  help: { type: 'bool', help: 'show this help' },
};

export const projectRoot = findRoot() ?? resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const BUILD_COMMAND = 'npm run build';

/**
 * The built renderer: built first when missing or older than the sources (the app build stamp,
 * builder/app-build.mjs) unless --no-build; `checkStale` only for the default out/renderer.
 */
async function ensureRenderer(dir: string, allowBuild: boolean, checkStale: boolean, log: (s: string) => void): Promise<boolean> {
  const have = existsSync(join(dir, 'index.html'));
  const changed = have && checkStale ? appBuildChanges(projectRoot) : [];
  if (have && changed.length === 0) return true;
  const why = !have
    ? `the user interface is not built (${dir}/index.html missing)`
    : changed[0] === '(no build)'
      ? 'the user interface was not built by `npm run build` (no build stamp)'
      : `the user interface is older than the sources (${changed.join(', ')})`;
  if (!allowBuild) {
    if (have) {
      log(`${why}: serving it anyway because of --no-build; run \`${BUILD_COMMAND}\`\n`);
      return true;
    }
    log(`${why}: run \`${BUILD_COMMAND}\`; serving the API only\n`);
    return false;
  }
  log(`${why}: building it (${BUILD_COMMAND}) …\n`);
  if (buildApp(projectRoot, { quietStdout: true }) !== 0) log(`build failed: run \`${BUILD_COMMAND}\` yourself; serving the API only\n`);
  return existsSync(join(dir, 'index.html'));
}

function openBrowser(url: string): void {
  const cmd = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'cmd' : 'xdg-open';
  const args = process.platform === 'win32' ? ['/c', 'start', '', url] : [url];
  try {
    const p = spawn(cmd, args, { detached: true, stdio: 'ignore' });
    p.on('error', () => {});
    p.unref();
  } catch {
    /* no browser: the URL is printed */
  }
}

export const webCommand: Command = {
  name: 'web',
  summary: 'serve the workbench in a browser (127.0.0.1 only; prints the URL with its token)',
  async run(argv, io) {
    const { opts } = parseArgs(argv, specs);
    if (opts.help) {
      io.stdout(helpText('usage: plrf web [--port P] [--no-open] [--db PATH]', specs, 'The first stdout line is the URL (with the launch token). Stop with Ctrl-C.'));
      return 0;
    }
    const port = opts.port as number;
    if (port < 0 || port > 65535) throw new ParamError('--port', `must be an integer in [0, 65535], got ${port}`);
    if (opts.concurrency !== undefined && (opts.concurrency as number) < 1) throw new ParamError('--concurrency', 'must be an integer ≥ 1');
    const staticDir = typeof opts.static === 'string' ? resolve(opts.static) : join(projectRoot, 'out', 'renderer');
    const haveUi = await ensureRenderer(staticDir, !opts['no-build'], typeof opts.static !== 'string', io.stderr);
    const { dbPath, create } = dbTarget(opts);
    let svc;
    try {
      svc = createPlrfService({ dbPath, create, concurrency: opts.concurrency as number | undefined });
    } catch (e) {
      throw asDbError(e);
    }
    let server;
    try {
      server = await startWebServer({ service: svc, port, staticDir: haveUi ? staticDir : null, log: (s) => io.stderr(s + '\n') });
    } catch (e) {
      await svc.close();
      if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new ParamError('--port', `port ${port} is already in use on 127.0.0.1`);
      throw e;
    }
    io.stdout(server.url + '\n');
    io.stderr(`PLRF Workbench on ${server.url.replace(/\?token=.*/, '')} (127.0.0.1 only) — database ${dbPath}${svc.recovered.length ? `; ${svc.recovered.length} interrupted run(s) marked` : ''}\n`);
    io.stderr('stop with Ctrl-C\n');
    svc.queue.prewarm();
    const headless = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
    if (!opts['no-open'] && !process.env.CI && !headless) openBrowser(server.url);
    await new Promise<void>((done) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        done();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    io.stderr('stopping…\n');
    await server.close();
    await svc.close();
    return 0;
  },
};
