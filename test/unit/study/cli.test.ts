// `plrf study` end to end in a child process: the JSON contract of DESIGN §6, human output,
// exit code 2 with one line naming the flag on bad input.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { main } from '../../../src-main/cli/main';

const bin = fileURLToPath(new URL('../../../src-main/cli/plrf.mjs', import.meta.url));
const plrf = (args: string[]) => spawnSync(process.execPath, [bin, 'study', ...args], { encoding: 'utf8', env: { ...process.env, PLRF_STUDY_THREADS: '2' }, timeout: 120_000 });

const small = ['--alpha', '0.6', '--beta', '0.2', '--dgrid', '16,32,64,128', '--v-ratio', '2', '--draws', '2', '--bootstrap', '40', '--checkpoints', '60'];

describe('plrf study', () => {
  it('--json follows the contract', () => {
    const p = plrf([...small, '--tau', '0,1', '--method', 'exact', '--json']);
    expect(p.status, p.stderr).toBe(0);
    const out = JSON.parse(p.stdout);
    expect(out.fits).toHaveLength(2);
    for (const f of out.fits) {
      for (const k of ['tau', 's', 'eta', 'xi']) expect(typeof f[k]).toBe('number');
      expect(f.eta_ci).toHaveLength(2);
      expect(f.xi_ci).toHaveLength(2);
      expect(f.window).toHaveLength(2);
      expect(f.window[0]).toBeLessThan(f.window[1]);
    }
    expect(out.fits.map((f: { tau: number }) => f.tau)).toEqual([0, 1]);
    expect(out.delta_eta[0]).toBe(0);
    expect(out.delta_eta[1]).toBeCloseTo(out.fits[1].eta - out.fits[0].eta, 12);
    expect(out.delta_eta_ci).toHaveLength(2);
    expect(out.fits.map((f: { variant: unknown }) => f.variant)).toEqual([{ tau: 0 }, { tau: 1 }]);
    expect(typeof out.theory.phase).toBe('string');
    expect(out.params.gammaFraction).toBe(0.5);
    expect(out.curves.length).toBe(8);
    expect(Array.isArray(out.fits[0].warnings)).toBe(true);
    // progress went to stderr, stdout is exactly one JSON document
    expect(p.stdout.trim().split('\n')).toHaveLength(1);
    expect(p.stderr).toMatch(/100%/);
  });

  it('human output prints both fits and Δη', () => {
    const p = plrf([...small, '--bootstrap', '0']);
    expect(p.status, p.stderr).toBe(0);
    expect(p.stdout).toMatch(/Δη = /);
    expect(p.stdout).toMatch(/theory \(τ = 0\): phase/);
  });

  it('bad input: exit 2 and one line naming the flag', async () => {
    const cases: [string[], RegExp][] = [
      [['--alpha', '0.6', '--dgrid', '16,32,64,128'], /--beta/],
      [[...small, '--gamma-fraction', '1.5'], /--gamma-fraction/],
      [[...small, '--method', 'foo'], /--method/],
      [['--alpha', '0.6', '--beta', '0.2', '--dgrid', '16,32,64,128', '--v', '40'], /--v/],
      [[...small, '--tau', '0,x'], /--tau/],
      [[...small, '--window', '5'], /--window/],
      [[...small, '--preset', 'nope'], /--preset/],
    ];
    // one in a child process (the real exit code), the rest through the same dispatcher in-process
    const p = plrf(cases[0]![0]);
    expect(p.status, p.stderr).toBe(2);
    expect(p.stderr.trim().split('\n').filter((l) => !/npm warn/.test(l))).toHaveLength(1);
    for (const [args, re] of cases) {
      let err = '';
      let out = '';
      const code = await main(['study', ...args], { stdout: (s) => (out += s), stderr: (s) => (err += s), tty: false });
      expect(code, err).toBe(2);
      expect(out).toBe('');
      const lines = err.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^plrf study: invalid /);
      expect(lines[0]).toMatch(re);
    }
  });
});
