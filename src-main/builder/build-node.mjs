#!/usr/bin/env node
// The Node build: plain JavaScript for everything that runs outside the Electron main bundle —
// the `plrf` CLI (also the web mode), the job worker process and the study-pool threads — so no
// TypeScript loader runs at start-up. esbuild bundles src-main + src-shared into ES modules
// (one entry each, shared code split into chunks, commands loaded on demand); npm packages stay
// external (resolved from node_modules at run time: better-sqlite3 and the LAPACK addon are
// native, zod/echarts load only where a command needs them).
//
//   out/node/<id>/cli.js          the CLI (src-main/cli/main.ts), started by src-main/cli/plrf.mjs
//   out/node/<id>/worker.js       a job worker process (src-main/worker/entry.ts)
//   out/node/<id>/unit-worker.js  a study-pool thread (src-main/study/unit-worker.ts)
//   out/node/build.json           the stamp: <id> and size + mtime of every source read (stamp.mjs)
//
// <id> is a hash of the sources' fingerprint. A build is written to a temporary folder and
// renamed into place, then the stamp is replaced atomically: a process that started on the old
// build keeps loading its chunks from the old folder (kept one hour), two concurrent rebuilds
// produce the same folder. Run by `npm ci` (prepare), `npm run build`, `npm run dist`, the test
// set-up, and by the launcher itself when the stamp shows changed sources.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { fingerprint, writeStamp } from './stamp.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const NODE_OUT = join(ROOT, 'out', 'node');
export const STAMP = join(NODE_OUT, 'build.json');

/** entry points: output name → source (relative to the root) */
export const ENTRIES = {
  cli: 'src-main/cli/main.ts',
  worker: 'src-main/worker/entry.ts',
  'unit-worker': 'src-main/study/unit-worker.ts',
};

/** files that shape the build besides the bundled sources */
const BUILD_FILES = ['src-main/builder/build-node.mjs', 'tsconfig.base.json', 'tsconfig.node.json'];

const KEEP_OLD_MS = 60 * 60 * 1000;

/** builds out/node/<id> and the stamp; returns { id, dir, ms, inputs } */
export async function buildNode({ quiet = false } = {}) {
  const t0 = performance.now();
  const startedAt = Date.now();
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    throw new Error('esbuild is not installed (a devDependency): run `npm ci` in the project folder');
  }
  mkdirSync(NODE_OUT, { recursive: true });
  const tmp = join(NODE_OUT, `.tmp-${process.pid}-${Date.now()}`);
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: Object.entries(ENTRIES).map(([out, src]) => ({ out, in: src })),
    outdir: tmp,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    packages: 'external',
    outExtension: { '.js': '.js' },
    chunkNames: 'chunk-[hash]',
    metafile: true,
    legalComments: 'none',
    logLevel: quiet ? 'silent' : 'warning',
    tsconfig: join(ROOT, 'tsconfig.node.json'),
  });
  const inputs = [...Object.keys(result.metafile.inputs).filter((p) => !p.includes('node_modules/')), ...BUILD_FILES];
  const files = fingerprint(ROOT, inputs);
  // a source saved while esbuild read it (1 s margin for coarse file-system clocks): record it as
  // changed, so the next start rebuilds
  for (const rec of Object.values(files)) if (rec[1] >= startedAt - 1000) rec[1] = -1;
  const id = createHash('sha256').update(JSON.stringify(files)).digest('hex').slice(0, 12);
  const dir = join(NODE_OUT, id);
  try {
    renameSync(tmp, dir);
  } catch (e) {
    // the same sources were built concurrently (or before): keep that one
    rmSync(tmp, { recursive: true, force: true });
    if (!existsSync(join(dir, 'cli.js'))) throw e;
  }
  writeStamp(STAMP, { id, builtAt: new Date().toISOString(), entries: Object.keys(ENTRIES), files });
  // drop builds older than an hour (a long-running process may still load chunks from its own)
  for (const name of readdirSync(NODE_OUT)) {
    if (name === id || name === 'build.json' || name.endsWith('.tmp')) continue;
    const p = join(NODE_OUT, name);
    try {
      if (Date.now() - statSync(p).mtimeMs > KEEP_OLD_MS) rmSync(p, { recursive: true, force: true });
    } catch {
      /* removed meanwhile */
    }
  }
  return { id, dir, ms: performance.now() - t0, inputs: inputs.length };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const r = await buildNode();
  process.stderr.write(`plrf build: out/node/${r.id} (${r.inputs} sources, ${r.ms.toFixed(0)} ms)\n`);
}
