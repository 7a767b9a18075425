// Issue 14, point 6: the spectrum is stored with the run (content hash + the numbers), so a run is
// reproducible when the file is gone: re-running it gives the same curve bit for bit. A stored
// spectrum whose numbers were altered fails its hash check (negative control).
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import Database from 'better-sqlite3';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'plrf-stored-'));
const db = join(dir, 'runs.db');
function plrf(args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'src-main/cli/plrf.mjs'), ...args], { encoding: 'utf8', cwd: dir, env: { ...process.env, PLRF_BACKEND: 'portable' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('a data spectrum stored with the run', () => {
  it('re-runs identically after the file is deleted; an altered stored spectrum is refused', () => {
    const f = join(dir, 's.csv');
    writeFileSync(f, 'lambda,b\n1,1\n0.5,0.7\n0.25,0.5\n0.125,0.3\n0.06,0.2\n0.01,0.1\n');
    expect(plrf(['run', 'curve', '--spectrum', f, '--d', '3', '--tau', '1', '--draws', '2', '--rmax', '300', '--checkpoints', '8', '--db', db, '--create']).code).toBe(0);
    rmSync(f);
    const r = plrf(['runs', 'rerun', '1', '--db', db]);
    expect(r.code, r.stderr).toBe(0);
    const a = JSON.parse(plrf(['runs', 'show', '1', '--json', '--db', db]).stdout);
    const b = JSON.parse(plrf(['runs', 'show', '2', '--json', '--db', db]).stdout);
    expect(b.status).toBe('done');
    expect(b.params.spectrum).toEqual(a.params.spectrum);
    expect(a.params.spectrum.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(b.result.curves[0].columns.risk).toEqual(a.result.curves[0].columns.risk);
    // tamper with the stored numbers (not the hash): the re-run is refused naming the field
    const con = new Database(db);
    const p = JSON.parse((con.prepare('SELECT params FROM runs WHERE id = 1').get() as { params: string }).params);
    p.spectrum.b[2] = 0.51;
    con.prepare('UPDATE runs SET params = ? WHERE id = 1').run(JSON.stringify(p));
    con.close();
    const t = plrf(['runs', 'rerun', '1', '--db', db]);
    expect(t.code).not.toBe(0);
    expect(t.stderr).toMatch(/params\.spectrum\.hash: does not match the content/);
  });
});
