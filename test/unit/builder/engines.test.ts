// Node version policy (README "One shippable program"): every package needed at run time —
// the production dependencies in the lockfile and their own dependencies — accepts the minimum
// Node version in package.json "engines", so `npm ci` prints no engine warning for them. The
// development tooling may ask for more (Electron 45 wants ≥ 22.12): listed, not silenced.
// Also: no TypeScript loader or bundler among the run-time dependencies. (semver comes with npm
// tooling in node_modules.)
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');
const req = createRequire(join(ROOT, 'package.json'));
const semver = req('semver') as { minVersion(r: string): { version: string } | null; satisfies(v: string, r: string): boolean };

describe('Node engines', () => {
  it('every run-time package accepts the minimum Node version; dev tooling that does not is known', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string }; dependencies: Record<string, string>; devDependencies: Record<string, string> };
    const min = semver.minVersion(pkg.engines.node)!.version;
    expect(min).toBe('20.19.0');
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean; engines?: { node?: string } | string[] }> };
    const runtimeBad: string[] = [];
    const devBad: string[] = [];
    for (const [path, p] of Object.entries(lock.packages)) {
      if (!path || Array.isArray(p.engines) || !p.engines?.node) continue;
      if (semver.satisfies(min, p.engines.node)) continue;
      (p.dev ? devBad : runtimeBad).push(path.replace(/^.*node_modules\//, ''));
    }
    expect(runtimeBad).toEqual([]);
    // the development tooling that wants a newer Node (README names them); a new one must be looked at
    expect([...new Set(devBad)].sort()).toEqual(['@electron-internal/extract-zip', '@electron/get', '@electron/rebuild', 'abbrev', 'electron', 'node-abi', 'nopt'].sort());
    // no loader or bundler at run time
    for (const dev of ['tsx', 'esbuild', 'typescript', 'vite', 'electron-vite']) expect(pkg.dependencies[dev]).toBeUndefined();
    expect(pkg.devDependencies.tsx).toBeDefined();
    expect(pkg.devDependencies.esbuild).toBeDefined();
  });
});
