#!/usr/bin/env node
// Entry of the `plrf` command (package.json "bin"). Runs the TypeScript CLI through tsx's
// loader so that it works right after `npm ci`, with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
