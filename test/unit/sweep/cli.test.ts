// `plrf sweep` CLI contract (DESIGN §6 + issue 15): create prints {"id", "cells"} with --json,
// status --json has the documented counts, bad input is exit 2 with ONE line naming the flag and
// nothing is created, list/show read the same database. In-process (main() with captured I/O).
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src-main/cli/main';
import type { CliIO } from '../../../src-main/cli/command';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function plrf(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { stdout: (s) => void (out += s), stderr: (s) => void (err += s), tty: false };
  const code = await main(argv, io);
  return { code, out, err };
}

describe('plrf sweep CLI', () => {
  it('create / status / list / show, and exit 2 with one line naming the flag on bad input (nothing created)', async () => {
    const d = mkdtempSync(join(tmpdir(), 'plrf-sweep-cli-'));
    dirs.push(d);
    const db = join(d, 'runs.db');
    const base = ['sweep', 'create', 'curve', '--beta', '0.4', '--v', '40', '--d', '20', '--db', db];
    for (const [axis, flag, msg] of [
      [['--axis', 'foo=1,2'], '--axis foo', /unknown parameter/],
      [['--axis', 'alpha=1.5:0.3:0.1'], '--axis alpha', /empty range/],
      [['--axis', 'd=1:1000:1', '--axis', 'seed=0:999:1', '--v', '2000'], '--yes', /1000000 cells/],
      [['--axis', 'alpha=-1,1'], '--axis alpha', /cell 0 \(alpha=-1\)/],
      [[], '--axis', /at least one/],
    ] as const) {
      const r = await plrf([...base, ...axis]);
      expect(r.code, r.err).toBe(2);
      const lines = r.err.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`invalid ${flag}:`);
      expect(lines[0]).toMatch(msg);
    }
    expect(JSON.parse((await plrf(['sweep', 'list', '--json', '--db', db])).out)).toEqual([]);

    const c = await plrf([...base, '--axis', 'alpha=0.6:1:0.2', '--axis', 'tau=0,1', '--label', 'cli', '--json']);
    expect(c.code).toBe(0);
    expect(JSON.parse(c.out)).toEqual({ id: 1, cells: 6 });
    const st = JSON.parse((await plrf(['sweep', 'status', '1', '--json', '--db', db])).out) as Record<string, unknown>;
    expect(st).toMatchObject({ cells: 6, done: 0, failed: 0, pending: 6, running: 0 });
    const show = await plrf(['sweep', 'show', '1', '--db', db]);
    expect(show.out).toContain('alpha = 0.6,0.8,1; tau = 0,1');
    expect((await plrf(['sweep', 'status', '9', '--db', db])).code).toBe(2);
    const ex = await plrf(['sweep', 'submit', '1', '--db', db]);
    expect(ex.code).toBe(2);
    expect(ex.err).toMatch(/invalid --executor: required: --executor slurm/);
    const t = await plrf(['sweep', 'submit', '1', '--executor', 'slurm', '--time', 'soon', '--db', db]);
    expect(t.err.trim()).toMatch(/^plrf sweep: invalid --time: "soon" is not a Slurm time/);
    const dry = await plrf(['sweep', 'submit', '1', '--executor', 'slurm', '--max-parallel', '3', '--dry-run', '--db', db]);
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('#SBATCH --array=0-5%3');
    const extra = await plrf(['sweep', 'submit', '1', '--executor', 'slurm', '--sbatch=--account=abc,--qos=low', '--dry-run', '--db', db]);
    expect(extra.out).toContain('#SBATCH --account=abc\n#SBATCH --qos=low');
    const badExtra = await plrf(['sweep', 'submit', '1', '--executor', 'slurm', '--sbatch=--account=a;b', '--dry-run', '--db', db]);
    expect(badExtra.err).toMatch(/invalid --sbatch:/);
    expect((await plrf(['sweep', 'bogus'])).code).toBe(2);
  });
});
