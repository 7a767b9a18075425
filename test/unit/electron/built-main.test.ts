// The BUILT desktop main process (electron-vite build → out/main, built here into a scratch
// folder inside the project with the project's config) loaded under plain Node with a mocked
// `electron` module (fixtures/mock-electron.mjs): it boots, serves the renderer over app://,
// and runs a study with PLRF_STUDY_THREADS=2 through the real API channel in a utilityProcess on
// the bundled worker.js. Both lanes must have computed units (PLRF_POOL_TRACE) — before, the
// bundle pointed at ./unit-worker-boot.mjs, which the build did not emit, so the pool silently
// ran on one lane. No TypeScript loader is involved anywhere.
// The same build also checks the packaging config (electron-builder.yml, `npm run dist`): valid
// against electron-builder's own schema, fuses set, and every file the packaged app loads at run
// time — each built file, each relative path the bundles open, each package they import — is in
// the package (the `files` globs, or a production dependency electron-builder adds).
// (js-yaml and minimatch come with electron-builder.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { builtinModules, createRequire } from 'node:module';
import { minimatch } from 'minimatch';

const ROOT = resolve(__dirname, '../../..');
const OUT = join(ROOT, 'out', `test-main-${process.pid}`);
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'plrf-built-main-'));
  const b = spawnSync(process.execPath, [join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, PLRF_OUT_DIR: OUT },
  });
  if (b.status !== 0) throw new Error(`electron-vite build failed: ${b.stderr}`);
});
afterAll(() => {
  rmSync(OUT, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
});

/** one study through the built app in a fresh process; the run and the units per lane */
type DriverOut = { status: string; error: string | null; url: string; forked: string[]; pdf: { head: string; fontFiles: number; mediaBox: string | null } };
function study(tag: string): { out: DriverOut; units: number[] } {
  const trace = join(dir, `pool-${tag}.jsonl`);
  const r = spawnSync(process.execPath, [join(__dirname, 'fixtures/built-main-driver.mjs'), join(OUT, 'main', 'index.js')], {
    encoding: 'utf8',
    timeout: 240_000,
    env: { ...process.env, PLRF_DB: join(dir, `runs-${tag}.db`), MOCK_USER_DATA: dir, PLRF_STUDY_THREADS: '2', PLRF_POOL_TRACE: trace, PLRF_BACKEND: 'portable' },
  });
  expect(r.status, r.stderr).toBe(0);
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as DriverOut;
  expect(existsSync(trace)).toBe(true);
  const runs = readFileSync(trace, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { units: number[] });
  expect(runs.length).toBe(1);
  return { out, units: runs[0]!.units };
}

describe('built desktop main process (mocked electron)', () => {
  it('emits the pool thread next to its chunks and runs a 2-lane study on both lanes', () => {
    const files = readdirSync(join(OUT, 'main'));
    expect(files).toEqual(expect.arrayContaining(['index.js', 'worker.js', 'unit-worker.js']));
    // every chunk is in out/main itself (the pool resolves ./unit-worker.js next to its chunk)
    expect(files.every((f) => f.endsWith('.js'))).toBe(true);
    const pool = files.map((f) => readFileSync(join(OUT, 'main', f), 'utf8')).find((s) => s.includes('unit-worker.js'));
    expect(pool).toBeDefined();

    const { out, units } = study('a');
    expect(out).toMatchObject({ status: 'done', error: null, url: 'app://plrf/index.html' });
    // the UI's PDF export through IPC in the built app (issue 13): a PDF of the figure's size, a font embedded
    expect(out.pdf).toEqual({ head: '%PDF-1.7', fontFiles: 1, mediaBox: '0 0 234 100' });
    expect(out.forked.length).toBeGreaterThan(0); // the run's worker (+ the pre-warmed spare)
    for (const f of out.forked) expect(f).toBe(join(OUT, 'main', 'worker.js'));
    // 6 sizes × 2 τ × 1 draw = 12 units, over exactly two lanes, each with work
    expect(units.length).toBe(2);
    expect(units[0]! + units[1]!).toBe(12);
    expect(units[0]).toBeGreaterThan(0);
    expect(units[1]).toBeGreaterThan(0);

    // negative control: without the emitted thread script the pool silently computes on one lane
    const uw = join(OUT, 'main', 'unit-worker.js');
    renameSync(uw, `${uw}.away`);
    try {
      const broken = study('b');
      expect(broken.out.status).toBe('done');
      expect(broken.units[1] ?? 0).toBe(0);
    } finally {
      renameSync(`${uw}.away`, uw);
    }
  });

  it('electron-builder.yml is valid, sets the fuses, and packages every file the app loads', async () => {
    const req = createRequire(join(ROOT, 'package.json'));
    const yaml = req('js-yaml') as { load(text: string): unknown };
    const cfg = yaml.load(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as {
      files: string[];
      asar?: boolean;
      electronFuses: Record<string, boolean>;
      extraMetadata?: { main?: string };
    };
    const { validateConfiguration } = req('app-builder-lib/out/util/config/config') as { validateConfiguration: (c: unknown, l: unknown) => Promise<void> };
    const { DebugLogger } = req('builder-util') as { DebugLogger: new (on: boolean) => unknown };
    await validateConfiguration(cfg, new DebugLogger(false));
    // negative control: the schema check does reject a misspelt fuse
    await expect(validateConfiguration({ ...cfg, electronFuses: { ...cfg.electronFuses, runAsNod: false } }, new DebugLogger(false))).rejects.toThrow(/electronFuses/);
    expect(cfg.electronFuses).toMatchObject({ runAsNode: false, enableCookieEncryption: true, enableEmbeddedAsarIntegrityValidation: true, onlyLoadAppFromAsar: true });
    expect(cfg.asar).not.toBe(false);
    expect(cfg.extraMetadata?.main).toBe('out/main/index.js');

    const include = cfg.files.filter((g) => !g.startsWith('!'));
    const exclude = cfg.files.filter((g) => g.startsWith('!')).map((g) => g.slice(1));
    const packaged = (rel: string) => include.some((g) => minimatch(rel, g, { dot: true })) && !exclude.some((g) => minimatch(rel, g, { dot: true }));
    // every built file of main, preload and renderer (as it sits in out/ after `npm run build`)
    const built: string[] = [];
    for (const part of ['main', 'preload', 'renderer'])
      for (const f of readdirSync(join(OUT, part), { recursive: true, withFileTypes: true }))
        if (f.isFile()) built.push(`out/${relative(OUT, join(f.parentPath, f.name)).replace(/\\/g, '/')}`);
    expect(built).toEqual(expect.arrayContaining(['out/main/index.js', 'out/main/worker.js', 'out/main/unit-worker.js', 'out/preload/index.cjs', 'out/renderer/index.html']));
    for (const f of built.filter((f) => !f.endsWith('.map'))) expect(packaged(f), f).toBe(true);
    expect(packaged('package.json')).toBe(true);
    expect(packaged('out/node/abc/cli.js')).toBe(false); // negative control: the CLI build is not shipped

    // relative files the bundles open at run time exist in the build (hence are packaged)
    const mainJs = readdirSync(join(OUT, 'main')).map((f) => readFileSync(join(OUT, 'main', f), 'utf8')).join('\n');
    for (const rel of ['../preload/index.cjs', '../renderer', 'worker.js', './unit-worker.js']) expect(mainJs).toContain(rel);
    // packages the bundles import: built-ins, electron, or production (optional) dependencies
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; optionalDependencies?: Record<string, string> };
    const shipped = new Set([...Object.keys(pkg.dependencies), ...Object.keys(pkg.optionalDependencies ?? {})]);
    const imported = new Set<string>();
    for (const part of ['main', 'preload'])
      for (const f of readdirSync(join(OUT, part))) {
        const js = readFileSync(join(OUT, part, f), 'utf8');
        for (const m of js.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*)["']([^"'./][^"']*)["']/g)) imported.add(m[1]!);
      }
    expect(imported.has('better-sqlite3')).toBe(true);
    const pkgName = (s: string) => (s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]!);
    for (const spec of imported) {
      if (spec.startsWith('node:') || builtinModules.includes(spec) || spec === 'electron') continue;
      expect(shipped.has(pkgName(spec)), `${spec} is imported by the packaged app but is not a production dependency`).toBe(true);
    }
    // devDependencies (tsx, esbuild, vite…) are never needed by the packaged app
    expect([...imported].filter((s) => ['tsx', 'esbuild', 'vite', 'electron-vite'].includes(pkgName(s)))).toEqual([]);
  });
});
