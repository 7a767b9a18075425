// Code version recorded with every run: package version + short git commit when the source
// tree is a git checkout (read from .git without spawning git), or PLRF_CODE_VERSION.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** the project folder (nearest package.json above this module: src-main/services or out/node/<id>) */
export function findRoot(): string | null {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    dir = resolve(dir, '..');
  }
  return null;
}

let cachedPkg: string | null = null;
export function packageVersion(): string {
  if (cachedPkg) return cachedPkg;
  const root = findRoot();
  try {
    cachedPkg = root ? ((JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0') : '0.0.0';
  } catch {
    cachedPkg = '0.0.0';
  }
  return cachedPkg;
}

function gitCommit(root: string): string | null {
  try {
    const head = readFileSync(join(root, '.git', 'HEAD'), 'utf8').trim();
    if (!head.startsWith('ref: ')) return head.slice(0, 7);
    const ref = head.slice(5);
    const refFile = join(root, '.git', ref);
    if (existsSync(refFile)) return readFileSync(refFile, 'utf8').trim().slice(0, 7);
    const packed = readFileSync(join(root, '.git', 'packed-refs'), 'utf8');
    const line = packed.split('\n').find((l) => l.endsWith(' ' + ref));
    return line ? line.slice(0, 7) : null;
  } catch {
    return null;
  }
}

let cachedCode: string | null = null;
export function codeVersion(): string {
  if (process.env.PLRF_CODE_VERSION) return process.env.PLRF_CODE_VERSION;
  if (cachedCode) return cachedCode;
  const root = findRoot();
  const commit = root ? gitCommit(root) : null;
  cachedCode = commit ? `${packageVersion()}+${commit}` : packageVersion();
  return cachedCode;
}
