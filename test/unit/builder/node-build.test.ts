// The plain-JavaScript build of the CLI / worker / study threads (src-main/builder/build-node.mjs)
// and the `plrf` launcher's staleness rule (src-main/cli/plrf.mjs + stamp.mjs): a stale build
// never runs. The launcher test works on a scratch copy of the sources (node_modules linked), so
// editing a source there cannot disturb other tests that spawn the real `plrf`.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, utimesSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { changedInputs, fingerprint, readStamp, writeStamp } from '../../../src-main/builder/stamp.mjs';

const ROOT = resolve(__dirname, '../../..');

describe('build stamps', () => {
  it('a build is fresh only while every input keeps its size and mtime', () => {
    const dir = mkdtempSync(join(tmpdir(), 'plrf-stamp-'));
    try {
      writeFileSync(join(dir, 'a.ts'), 'export const a = 1;\n');
      writeFileSync(join(dir, 'b.ts'), 'export const b = 2;\n');
      const old = new Date('2024-01-01T00:00:00Z');
      utimesSync(join(dir, 'a.ts'), old, old);
      utimesSync(join(dir, 'b.ts'), old, old);
      const stampFile = join(dir, 'build.json');
      writeStamp(stampFile, { id: 'x', files: fingerprint(dir, ['b.ts', 'a.ts']) });
      const stamp = readStamp(stampFile)!;
      expect(Object.keys(stamp.files)).toEqual(['a.ts', 'b.ts']);
      expect(changedInputs(dir, stamp)).toEqual([]);
      // same size, content changed, date moved to the PAST (a checkout of an older branch)
      writeFileSync(join(dir, 'a.ts'), 'export const a = 7;\n');
      const older = new Date('2023-06-01T00:00:00Z');
      utimesSync(join(dir, 'a.ts'), older, older);
      expect(changedInputs(dir, stamp)).toEqual(['a.ts']);
      rmSync(join(dir, 'b.ts'));
      expect(changedInputs(dir, stamp)).toEqual(['a.ts', 'b.ts (deleted)']);
      // negative controls: no stamp, a corrupt stamp
      expect(changedInputs(dir, readStamp(join(dir, 'missing.json')))).toEqual(['(no build)']);
      writeFileSync(stampFile, '{not json');
      expect(changedInputs(dir, readStamp(stampFile))).toEqual(['(no build)']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('plrf launcher on a scratch copy of the sources', () => {
  it('builds on first use, runs plain JavaScript, rebuilds after a source edit, and refuses a stale build with PLRF_NO_REBUILD', () => {
    const root = mkdtempSync(join(tmpdir(), 'plrf-launch-'));
    try {
      for (const f of ['src-main', 'src-shared', 'src-renderer']) cpSync(join(ROOT, f), join(root, f), { recursive: true, preserveTimestamps: true, filter: (p) => !p.includes('/native/linalg-addon/build') });
      for (const f of ['package.json', 'tsconfig.base.json', 'tsconfig.node.json']) cpSync(join(ROOT, f), join(root, f), { preserveTimestamps: true });
      symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
      const plrf = join(root, 'src-main/cli/plrf.mjs');
      const run = (env: Record<string, string> = {}) =>
        spawnSync(process.execPath, [plrf, 'theory', '--alpha', '0.6', '--beta', '0.2', '--json'], { encoding: 'utf8', env: { ...process.env, ...env } });

      // 1. nothing built: a one-line note on stderr, then the answer (stdout stays one JSON document)
      const first = run();
      expect(first.status).toBe(0);
      expect(first.stderr).toMatch(/^plrf: the CLI is not built yet: building out\/node …\n$/);
      expect(JSON.parse(first.stdout)).toMatchObject({ phase: 'Ia' });
      const stamp = JSON.parse(readFileSync(join(root, 'out/node/build.json'), 'utf8')) as { id: string; files: Record<string, unknown> };
      expect(Object.keys(stamp.files)).toContain('src-main/cli/commands/theory.ts');
      expect(Object.keys(stamp.files)).toContain('src-main/study/unit-worker.ts');
      const out = join(root, 'out/node', stamp.id);
      expect(readdirSync(out)).toEqual(expect.arrayContaining(['cli.js', 'worker.js', 'unit-worker.js']));
      // plain JavaScript: no TypeScript loader referenced anywhere in the build
      // (the from-source branches name their tsx bootstraps, but nothing imports tsx or a .ts file)
      for (const f of readdirSync(out)) {
        const js = readFileSync(join(out, f), 'utf8');
        expect(js).not.toMatch(/(?:from|import\()\s*["'](?:tsx(?:\/[^"']*)?|[^"']*\.ts)["']/);
        expect(js).not.toMatch(/\bregister\(\)/);
      }

      // 2. an edited source (moved to an OLD date, as a checkout would): stale
      const theory = join(root, 'src-main/cli/commands/theory.ts');
      const before = statSync(theory).mtime;
      writeFileSync(theory, readFileSync(theory, 'utf8').replace('io.stdout(JSON.stringify(r) + \'\\n\');', "io.stdout(JSON.stringify({ ...r, edited: true }) + '\\n');"));
      const past = new Date(before.getTime() - 86_400_000);
      utimesSync(theory, past, past);
      const refused = run({ PLRF_NO_REBUILD: '1' });
      expect(refused.status).toBe(1);
      expect(refused.stdout).toBe('');
      expect(refused.stderr).toMatch(/sources changed since the last build \(src-main\/cli\/commands\/theory\.ts\).*npm run build:node/);
      const rebuilt = run();
      expect(rebuilt.status).toBe(0);
      expect(rebuilt.stderr).toMatch(/sources changed since the last build \(src-main\/cli\/commands\/theory\.ts\): building/);
      expect(JSON.parse(rebuilt.stdout)).toMatchObject({ phase: 'Ia', edited: true });
      // 3. fresh again: silent
      const again = run({ PLRF_NO_REBUILD: '1' });
      expect(again.status).toBe(0);
      expect(again.stderr).toBe('');
      expect(JSON.parse(again.stdout)).toMatchObject({ edited: true });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('app build stamp (npm start, plrf web)', () => {
  it('lists the app sources and reports an edited one', async () => {
    const { appSources, appBuildChanges, appStampFile } = await import('../../../src-main/builder/app-build.mjs');
    const root = mkdtempSync(join(tmpdir(), 'plrf-appstamp-'));
    try {
      for (const d of ['src-main/electron', 'src-main/native/linalg-addon/build', 'src-shared', 'src-renderer/views', 'out']) mkdirSync(join(root, d), { recursive: true });
      for (const f of ['electron.vite.config.ts', 'package.json', 'src-main/electron/main.ts', 'src-main/native/linalg-addon/build/x.node', 'src-shared/a.ts', 'src-renderer/views/V.vue'])
        writeFileSync(join(root, f), `// ${f}\n`);
      const old = new Date('2024-01-01T00:00:00Z');
      for (const f of appSources(root)) utimesSync(join(root, f), old, old);
      expect(appSources(root).sort()).toEqual(['electron.vite.config.ts', 'package.json', 'src-main/electron/main.ts', 'src-renderer/views/V.vue', 'src-shared/a.ts']);
      expect(appBuildChanges(root)).toEqual(['(no build)']);
      writeStamp(appStampFile(root), { id: 'app', files: fingerprint(root, appSources(root)) });
      expect(appBuildChanges(root)).toEqual([]);
      writeFileSync(join(root, 'src-renderer/views/V.vue'), '<template>changed</template>\n');
      expect(appBuildChanges(root)).toEqual(['src-renderer/views/V.vue']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
