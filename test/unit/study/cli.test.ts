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
      [[...small, '--vary', 'foo=1,2'], /--vary foo.*unknown key "foo"/],
      [[...small, '--vary', 'batch=1,0'], /--vary batch.*batch=0/],
      [[...small, '--vary', 'gamma-fraction=0.5,2'], /--vary gamma-fraction.*gamma-fraction=2/],
      [[...small, '--vary', 'batch'], /--vary/],
      [[...small, '--vary', 'batch=1,2', '--reference', 'batch=3'], /--reference.*batch=3/],
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

  it('--vary KEY=… (repeatable) runs a grid of variants; --reference sets the reference of Δη', async () => {
    let out = '';
    let err = '';
    const args = [...small, '--bootstrap', '20', '--vary', 'batch=1,4', '--vary', 'tau=0,1', '--reference', 'batch=4,tau=0', '--json', '--no-curves'];
    const code = await main(['study', ...args], { stdout: (s) => (out += s), stderr: (s) => (err += s), tty: false });
    expect(code, err).toBe(0);
    const o = JSON.parse(out);
    expect(o.fits.map((f: { variant: unknown }) => f.variant)).toEqual([
      { batch: 1, tau: 0 },
      { batch: 1, tau: 1 },
      { batch: 4, tau: 0 },
      { batch: 4, tau: 1 },
    ]);
    expect(o.fits.map((f: { tau: number }) => f.tau)).toEqual([0, 1, 0, 1]);
    expect(o.reference).toBe(2);
    expect(o.delta_eta).toHaveLength(4);
    expect(o.delta_eta[2]).toBe(0);
    expect(o.delta_eta[0]).toBeCloseTo(o.fits[0].eta - o.fits[2].eta, 12);
    expect(o.delta_eta_ci).toHaveLength(4);
    expect(o.fits[0].theory.phase).toBe('Ia');
    expect(o.fits[1].theory).toBeNull();
    // human output: one row per variant, Δη against the reference
    out = '';
    expect(await main(['study', ...args.filter((a) => a !== '--json' && a !== '--no-curves')], { stdout: (s) => (out += s), stderr: () => {}, tty: false })).toBe(0);
    expect(out).toMatch(/B = 4, τ = 1\/√d/);
    expect(out).toMatch(/Δη = η\(B = 1, τ = 0\) − η\(B = 4, τ = 0\) = /);
  });
});
