// Issue 14, "take it to Python": `plrf runs export` of many runs as tidy CSV, JSON, Parquet and NPZ.
// Round trip: NPZ values read by numpy (/usr/bin/python3) and Parquet values read by hyparquet (a
// second Parquet library — the writer is hyparquet-writer) equal the JSON export to the last bit.
// The documented Python example (docs/examples/read_runs.py, stdlib + numpy only) reads the
// database this test made and prints the stored numbers exactly.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { parquetReadObjects } from 'hyparquet';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'plrf-export-'));
const db = join(dir, 'runs.db');
function plrf(args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'src-main/cli/plrf.mjs'), ...args], { encoding: 'utf8', cwd: dir, env: { ...process.env, PLRF_BACKEND: 'portable' } });
  if (r.status !== 0) throw new Error(`plrf ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}
const decode = (x: number | string) => (typeof x === 'number' ? x : x === 'NaN' ? NaN : x === 'Infinity' ? Infinity : x === '-Infinity' ? -Infinity : x === '-0' ? -0 : Number(x));

writeFileSync(join(dir, 's.csv'), 'lambda,b\n1,1\n0.5,0.7\n0.25,0.5\n0.125,0.3\n0.0625,0.2\n0.03,0.1\n');
plrf(['run', 'curve', '--alpha', '0.6', '--beta', '0.2', '--v', '40', '--d', '20', '--tau', '1', '--rmax', '300', '--checkpoints', '7', '--db', db, '--create', '--label', 'power, "law"']);
plrf(['run', 'curve', '--spectrum', 's.csv', '--spectrum-name', 'tiny', '--d', '3', '--method', 'sgd', '--runs', '5', '--rmax', '100', '--checkpoints', '6', '--db', db, '--create']);
plrf(['run', 'study', '--spectrum', 's.csv', '--dgrid', '2,3,4', '--draws', '2', '--bootstrap', '10', '--checkpoints', '20', '--db', db]);
const json = JSON.parse(plrf(['runs', 'export', '--all', '--format', 'json', '--db', db]));

describe('plrf runs export (many runs)', () => {
  it('JSON: every run with params (the spectrum in full), summary and curves', () => {
    expect(json.format).toBe('plrf-runs');
    expect(json.runs.map((r: { id: number }) => r.id)).toEqual([1, 2, 3]);
    expect(json.runs[1].params.spectrum.name).toBe('tiny');
    expect(json.runs[1].params.spectrum.lambda).toEqual([1, 0.5, 0.25, 0.125, 0.0625, 0.03]);
    expect(json.runs[2].summary.spectrum.name).toBe('s.csv');
    // --filter: full-text search over label, tags, notes and params (the spectrum's name included)
    const f = JSON.parse(plrf(['runs', 'export', '--filter', 'tiny', '--format', 'json', '--db', db]));
    expect(f.runs.map((r: { id: number }) => r.id)).toEqual([2]);
  });

  it('NPZ read by numpy equals the JSON export bit for bit', () => {
    plrf(['runs', 'export', '1', '2', '3', '--format', 'npz', '--out', 'runs.npz', '--db', db]);
    const py = spawnSync(
      '/usr/bin/python3',
      ['-c', `import numpy as np, json
z = np.load('runs.npz')
out = {"run_ids": [float(x) for x in z["run_ids"]], "params": [json.loads(s) for s in z["params"]], "curves": {}}
for k in z.files:
    if '#' in k or k in ("run_ids", "params"): continue
    out["curves"][k] = {"columns": [str(c) for c in z[k + "#columns"]], "meta": json.loads(str(z[k + "#meta"])), "rows": [[repr(float(v)) for v in row] for row in z[k]]}
print(json.dumps(out))`],
      { cwd: dir, encoding: 'utf8' },
    );
    expect(py.status, py.stderr).toBe(0);
    const z = JSON.parse(py.stdout);
    expect(z.run_ids).toEqual([1, 2, 3]);
    let n = 0;
    for (const run of json.runs) {
      expect(z.params[run.id - 1]).toEqual(run.params);
      for (const c of run.curves) {
        const got = z.curves[`run${run.id}/${c.key}`];
        expect(got.columns).toEqual(Object.keys(c.columns));
        expect(got.meta).toEqual(c.meta);
        got.columns.forEach((name: string, j: number) => {
          c.columns[name].forEach((x: number | string, i: number) => {
            expect(Object.is(Number(got.rows[i][j]), decode(x)), `${c.key} ${name}[${i}]`).toBe(true);
            n++;
          });
        });
      }
    }
    expect(n).toBeGreaterThan(100);
  });

  it('Parquet read by hyparquet equals the JSON export bit for bit; CSV has the same table', async () => {
    plrf(['runs', 'export', '--all', '--format', 'parquet', '--out', 'runs.parquet', '--db', db]);
    const buf = readFileSync(join(dir, 'runs.parquet'));
    const rows = (await parquetReadObjects({ file: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) })) as Record<string, unknown>[];
    const csv = plrf(['runs', 'export', '--all', '--format', 'csv', '--db', db]).trim().split('\n');
    expect(csv.length - 1).toBe(rows.length);
    const header = csv[0]!.split(',');
    expect(header.slice(0, 5)).toEqual(['run_id', 'kind', 'status', 'label', 'curve']);
    expect(Object.keys(rows[0]!)).toEqual(header);
    let i = 0;
    let n = 0;
    for (const run of json.runs) {
      for (const c of run.curves) {
        const len = (Object.values(c.columns)[0] as unknown[]).length;
        for (let k = 0; k < len; k++, i++) {
          const row = rows[i]!;
          expect(row.run_id).toBe(run.id);
          expect(row.curve).toBe(c.key);
          if (run.params.spectrum) expect(row.param_spectrum_hash).toBe(run.params.spectrum.hash);
          else expect(row.param_alpha).toBe(0.6);
          for (const [name, col] of Object.entries(c.columns as Record<string, (number | string)[]>)) {
            expect(Object.is(row[name], decode(col[k]!)), `${run.id} ${c.key} ${name}[${k}]`).toBe(true);
            n++;
          }
          if (c.columns.r && !c.columns.C) expect(row.C).toBe((run.params.batch ?? 1) * (c.meta.d ?? run.params.d) * decode(c.columns.r[k]));
        }
      }
    }
    expect(i).toBe(rows.length);
    expect(n).toBeGreaterThan(100);
    // the label with a comma and quotes survives CSV quoting
    expect(csv[1]).toContain('"power, ""law"""');
  });

  it('bad requests: exit 2 naming the parameter', () => {
    const r = spawnSync(process.execPath, [join(root, 'src-main/cli/plrf.mjs'), 'runs', 'export', '--all', '--format', 'xlsx', '--db', db], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/invalid --format: must be one of csv, json, parquet, npz/);
    const s = spawnSync(process.execPath, [join(root, 'src-main/cli/plrf.mjs'), 'runs', 'export', '--all', '--format', 'npz', '--db', db], { encoding: 'utf8' });
    expect(s.status).toBe(2);
    expect(s.stderr).toMatch(/invalid --out: required/);
  });

  it('the documented Python example reads runs.db with stdlib + numpy', () => {
    const py = spawnSync('/usr/bin/python3', [join(root, 'docs/examples/read_runs.py'), db], { encoding: 'utf8' });
    expect(py.status, py.stderr).toBe(0);
    const lines = py.stdout.trim().split('\n');
    expect(lines.filter((l) => l.startsWith('run ')).length).toBe(3);
    expect(py.stdout).toMatch(/spectrum=tiny \(sha256:/);
    // the last risk of run 1's curve, exactly as stored
    const m = /^ {2}curve mean \[.*\] n=7 last=(\{.*\})$/m.exec(py.stdout)!;
    const last = JSON.parse(m[1]!);
    const c1 = json.runs[0].curves.find((c: { key: string }) => c.key === 'mean');
    expect(last.risk).toBe(decode(c1.columns.risk[6]));
  });
});
