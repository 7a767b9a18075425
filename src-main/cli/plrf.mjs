#!/usr/bin/env node
// Entry of the `plrf` command (package.json "bin"). Runs the TypeScript CLI through tsx's
// loader so that it works right after `npm ci`, with no build step.
import { register } from 'tsx/esm/api';

register();
// `plrf … | head`: a closed pipe ends the output quietly (exit 0), not with an EPIPE stack
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e && e.code === 'EPIPE') process.exit(0);
    throw e;
  });
}
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
