// Issue 13, CLI details: `plrf` alone prints the usage and exits 2; `plrf help run` is run's
// help; `… --json | head` ends quietly (exit 0, no EPIPE stack) — negative control: the same
// pipe without the handler in plrf.mjs crashed with "write EPIPE" and exit 1.
import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../src-main/cli/main';
import { readableRun } from '../../src-main/cli/run-summary';
import { readFileSync } from 'node:fs';
import type { RunDetail } from '../../src-shared/api';

const ROOT = resolve(__dirname, '../..');
const PLRF = join(ROOT, 'src-main/cli/plrf.mjs');

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { stdout: (s: string) => void out.push(s), stderr: (s: string) => void err.push(s), tty: false } };
}

describe('plrf CLI (issue 13)', () => {
  it('`plrf` alone: usage on stderr, exit 2; `plrf --help`: stdout, exit 0', async () => {
    const a = io();
    expect(await main([], a.io)).toBe(2);
    expect(a.err.join('')).toMatch(/^usage: plrf <command>/);
    expect(a.out.join('')).toBe('');
    const b = io();
    expect(await main(['--help'], b.io)).toBe(0);
    expect(b.out.join('')).toMatch(/^usage: plrf <command>/);
  });

  it('`plrf help run` shows run’s help; `plrf help figure` the figure options', async () => {
    const a = io();
    expect(await main(['help', 'run'], a.io)).toBe(0);
    expect(a.out.join('') + a.err.join('')).toContain('usage: plrf run <curve|spectrum|study>');
    const b = io();
    expect(await main(['help', 'figure'], b.io)).toBe(0);
    expect(b.out.join('')).toContain('--font-size');
  });

  it('a JSON document piped into `head` ends quietly with exit 0', () => {
    const db = join(mkdtempSync(join(tmpdir(), 'plrf-i13-')), 'runs.db');
    execFileSync(process.execPath, [PLRF, 'run', 'study', '--alpha', '0.6', '--beta', '0.2', '--dgrid', '50,100,200', '--draws', '2', '--db', db, '--create'], { cwd: ROOT, stdio: 'pipe' });
    const r = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${PLRF}" runs show 1 --json --db "${db}" | head -c 20`], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stdout).toBe('{"id":1,"kind":"stud');
    expect(r.stderr).not.toContain('EPIPE');
    expect(r.status).toBe(0);
  });

  it('`runs show` is a readable summary: parameters per line, fits with [lo, hi], no "partial results" on a finished run', () => {
    const fx = JSON.parse(readFileSync(join(__dirname, '../component/fixtures/studies-i13.json'), 'utf8')) as RunDetail[];
    const when = () => '2026-01-01 00:00:00';
    const run2 = fx.find((r) => r.id === 2)!;
    const withPartials = { ...run2, partials: [{ key: 'tau=0/d=50' }] } as unknown as RunDetail;
    const t = readableRun(withPartials, when);
    expect(t).not.toContain('partial results');
    expect(t).toMatch(/^ {2}alpha {10}0\.5$/m);
    const f = (run2.result!.summary as { fits: { eta: number; eta_ci: [number, number] }[] }).fits[1]!;
    expect(t).toContain(`η = ${f.eta.toFixed(3)} [${f.eta_ci[0].toFixed(3)}, ${f.eta_ci[1].toFixed(3)}]`);
    expect(t).not.toMatch(/^summary: \{/m); // no one-line JSON
    expect(readableRun({ ...withPartials, status: 'running' } as RunDetail, when)).toContain('partial results so far: tau=0/d=50');
    const run1 = readableRun(fx.find((r) => r.id === 1)!, when);
    expect(run1).toContain('η = not estimable');
    expect(run1).toContain('Δη (last τ − first τ, same study): not estimable');
    expect(run1).not.toMatch(/NaN|Infinity/);
  });
});
