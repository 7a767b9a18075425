#!/usr/bin/env node
// Entry of the `plrf` command (package.json "bin"; also `npm run web`). Runs the built plain
// JavaScript CLI (out/node/<id>/cli.js, src-main/builder/build-node.mjs) — no TypeScript loader.
// A stale build never runs: the stamp (out/node/build.json) lists size + mtime of every source
// the build read; when one differs (≈ 1 ms to check) the CLI is rebuilt first (one line on
// stderr, ~0.3 s), and where that is impossible (esbuild missing) plrf stops with exit 1.
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { changedInputs, readStamp } from '../builder/stamp.mjs';

// `plrf … | head`: a closed pipe ends the output quietly (exit 0), not with an EPIPE stack
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e && e.code === 'EPIPE') process.exit(0);
    throw e;
  });
}
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const stampFile = join(root, 'out', 'node', 'build.json');

let stamp = readStamp(stampFile);
const changed = changedInputs(root, stamp);
if (changed.length > 0) {
  const why = stamp ? `sources changed since the last build (${changed.join(', ')})` : 'the CLI is not built yet';
  if (process.env.PLRF_NO_REBUILD) {
    process.stderr.write(`plrf: ${why}; run \`npm run build:node\` (PLRF_NO_REBUILD is set)\n`);
    process.exit(1);
  }
  process.stderr.write(`plrf: ${why}: building out/node …\n`);
  try {
    const { buildNode } = await import('../builder/build-node.mjs');
    await buildNode({ quiet: true });
  } catch (e) {
    process.stderr.write(`plrf: the build failed: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  }
  stamp = readStamp(stampFile);
}
const { main } = await import(pathToFileURL(join(root, 'out', 'node', stamp.id, 'cli.js')).href);
process.exitCode = await main(process.argv.slice(2));
