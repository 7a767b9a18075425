// Issue 14 CLI contract: `--spectrum FILE` on curve/study/spectrum, `plrf spectrum import`, exit 2
// with one line naming the parameter for bad files; the scikit-learn digits data set (installed by
// .ci/install from Debian's python3-sklearn) imported from its gzip CSV with no Python involved.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..');
function plrf(args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'src-main/cli/plrf.mjs'), ...args], { encoding: 'utf8', cwd: root, env: { ...process.env, PLRF_BACKEND: 'portable' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const dir = mkdtempSync(join(tmpdir(), 'plrf-spec-cli-'));
const pl = join(dir, 'pl.csv');
writeFileSync(pl, ['lambda,b', ...Array.from({ length: 60 }, (_, i) => `${(i + 1) ** -1.2},${(i + 1) ** -0.2}`)].join('\n'));
export const DIGITS = '/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz';

describe('plrf … --spectrum FILE', () => {
  it('curve --spectrum equals curve --alpha/--beta (same seed) and names the spectrum', () => {
    const a = plrf(['curve', '--alpha', '0.6', '--beta', '0.2', '--v', '60', '--d', '20', '--tau', '1', '--rmax', '500', '--checkpoints', '8', '--json']);
    const b = plrf(['curve', '--spectrum', pl, '--spectrum-name', 'my power law', '--d', '20', '--tau', '1', '--rmax', '500', '--checkpoints', '8', '--json']);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    const ja = JSON.parse(a.stdout);
    const jb = JSON.parse(b.stdout);
    expect(jb.params.spectrum.name).toBe('my power law');
    expect(jb.params.v).toBe(60);
    ja.risk.forEach((x: number, i: number) => expect(Math.abs(jb.risk[i] / x - 1)).toBeLessThan(1e-9));
  });

  it('bad files: exit 2, one line naming --spectrum, the file, row and column', () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'lambda,b\n1,1\n-0.5,1\n');
    const r = plrf(['curve', '--spectrum', bad, '--d', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^plrf curve: invalid --spectrum: file "bad.csv", row 3, column "lambda": eigenvalue must be > 0/);
    const m = plrf(['study', '--spectrum', join(dir, 'missing.csv'), '--dgrid', '5,10,20']);
    expect(m.code).toBe(2);
    expect(m.stderr).toMatch(/invalid --spectrum: cannot read .*ENOENT/);
    const v = plrf(['curve', '--spectrum', pl, '--v', '100', '--d', '10']);
    expect(v.code).toBe(2);
    expect(v.stderr).toMatch(/invalid --v: must be ≤ the spectrum's length 60/);
  });

  it('spectrum import FILE --json: fit of an exact power law', () => {
    const r = plrf(['spectrum', 'import', pl, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.spectrum.v).toBe(60);
    expect(Math.abs(j.fit.alpha - 0.6)).toBeLessThan(1e-12);
    expect(Math.abs(j.fit.beta - 0.2)).toBeLessThan(1e-12);
    expect(j.fit.farFromPowerLaw).toBe(false);
  });

  it('spectrum --method empirical --spectrum FILE', () => {
    const r = plrf(['spectrum', '--method', 'empirical', '--spectrum', pl, '--d', '20', '--draws', '2', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.params.spectrum.name).toBe('pl.csv');
    expect(j.F0).toBeGreaterThan(0);
  });
});

describe.skipIf(!existsSync(DIGITS))('scikit-learn digits (Debian python3-sklearn)', () => {
  it('spectrum import --data digits.csv.gz --target-column last: 64 features, zero directions dropped, numpy agrees', () => {
    const r = plrf(['spectrum', 'import', '--data', DIGITS, '--target-column', 'last', '--name', 'digits', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.source.samples).toBe(1797);
    expect(j.source.features).toBe(64);
    // independent path: numpy's covariance eigenvalues and target coefficients (centred, 1/n)
    const py = spawnSync(
      '/usr/bin/python3',
      [
        '-c',
        `import numpy as np, gzip, json
a = np.loadtxt(gzip.open('${DIGITS}'), delimiter=',')
X = a[:, :-1]; y = a[:, -1]
X = X - X.mean(0); y = y - y.mean()
n = X.shape[0]
S = X.T @ X / n; g = X.T @ y / n
w, U = np.linalg.eigh(S)
keep = w > 1e-12 * 64 * w.max()
w = w[keep]; p = (U.T @ g)[keep]
o = np.argsort(-w)
print(json.dumps({"lambda": list(w[o]), "b": list(np.abs(p[o]) / w[o])}))`,
      ],
      { encoding: 'utf8' },
    );
    expect(py.status, py.stderr).toBe(0);
    const ref = JSON.parse(py.stdout);
    expect(j.spectrum.v).toBe(ref.lambda.length);
    const lmax = ref.lambda[0];
    // eigenvalues: backward error ~ ε·‖S‖·(small factor); coefficients: relative to the eigenvalue gap
    j.spectrum.lambda.forEach((l: number, i: number) => expect(Math.abs(l - ref.lambda[i])).toBeLessThan(1e-10 * lmax));
    for (let i = 0; i < 40; i++) expect(Math.abs(j.spectrum.b[i] - ref.b[i])).toBeLessThan(1e-6 * Math.max(1e-3, ref.b[i]));
    expect(j.fit.farFromPowerLaw).toBe(true);
  });

  it('study --preset digits: a compute-optimal study on the digits spectrum with its fitted (α, β)', () => {
    const r = plrf(['study', '--preset', 'digits', '--bootstrap', '20', '--draws', '2', '--json', '--no-curves']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.spectrum.name).toBe('sklearn digits');
    expect(j.spectrum.v).toBe(61);
    expect(j.params.vgrid.every((v: number) => v === 61)).toBe(true);
    expect(j.params.alpha).toBe(j.spectrum.fit.alpha);
    expect(j.fits).toHaveLength(2);
    for (const f of j.fits) expect(f.eta).toBeGreaterThan(0);
    // the theory row is the phase of the fitted exponents
    expect(typeof j.theory.phase).toBe('string');
  });
});
