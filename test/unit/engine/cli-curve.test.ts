import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { runCurve } from '../../../src-shared/compute/curve-task';
import { portableBackend } from '../../../src-shared/linalg/portable';
import { silentContext } from '../../../src-shared/compute/task';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..');
function plrf(args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'src-main/cli/plrf.mjs'), 'curve', ...args], { encoding: 'utf8', cwd: root, env: { ...process.env, PLRF_BACKEND: 'portable' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('plrf curve (CLI)', () => {
  it('exit code 2 with one line naming the parameter for bad input', () => {
    const base = ['--alpha', '1', '--beta', '0.7', '--v', '40', '--d', '20'];
    const bad: [string[], string][] = [
      [['--alpha', '-1', '--beta', '0.7', '--v', '40', '--d', '20'], 'alpha'],
      [['--alpha', '0.2', '--beta', '0.2', '--v', '40', '--d', '20'], 'beta'],
      [['--alpha', '1', '--beta', '0.7', '--v', '40', '--d', '40'], 'd'],
      [[...base, '--gamma', '1000'], 'gamma'],
      [[...base, '--batch', '0'], 'batch'],
    ];
    for (const [args, param] of bad) {
      const r = plrf(args);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(new RegExp(`^plrf curve: invalid --${param}:`));
    }
  });

  it('--json prints the contract shape and matches the in-process task', () => {
    const r = plrf(['--alpha', '1', '--beta', '0.7', '--v', '60', '--d', '30', '--tau', '1', '--rmax', '1000', '--checkpoints', '12', '--draws', '2', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.params.gamma).toBeGreaterThan(0);
    expect(j.params.gammaFraction).toBe(0.5);
    expect(j.r).toHaveLength(12);
    expect(j.risk).toHaveLength(12);
    expect(typeof j.sigma2).toBe('number');
    const local = runCurve({ alpha: 1, beta: 0.7, v: 60, d: 30, tau: 1, rmax: 1000, checkpoints: 12, draws: 2 }, portableBackend, silentContext);
    for (let k = 0; k < 12; k++) expect(Math.abs(j.risk[k] - local.risk[k]!) / local.risk[k]!).toBeLessThan(1e-12);
  });

  it('--help documents the default γ rule', () => {
    const r = plrf(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/gamma-fraction/);
    expect(r.stdout).toMatch(/γ_max/);
  });
});
