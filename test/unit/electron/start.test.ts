// `npm start` (src-main/electron/start.mjs) on a machine without the Electron binary: one line
// saying so, then the web mode itself — the URL with its token first on stdout, the API
// answering — instead of exit 1. Extra arguments reach `plrf web`; SIGTERM stops both processes.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const START = resolve(__dirname, '../../../src-main/electron/start.mjs');

describe('npm start without the Electron binary', () => {
  it('says so in one line and serves the web mode', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plrf-start-'));
    const child = spawn(process.execPath, [START, '--port', '0', '--no-open', '--no-build'], {
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: join(dir, 'no-electron-here'), PLRF_DB: join(dir, 'runs.db'), CI: '1', PLRF_NO_REBUILD: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (err += s));
    const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
    try {
      for (let i = 0; i < 600 && !out.includes('\n'); i++) await new Promise((r) => setTimeout(r, 50));
      const url = out.split('\n')[0]!;
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+$/);
      const lines = err.split('\n');
      expect(lines[0]).toMatch(/^plrf start: the Electron binary is not installed .* starting the web mode instead/);
      expect(lines.filter((l) => l.startsWith('plrf start:')).length).toBe(1);
      const u = new URL(url);
      const res = await fetch(`${u.origin}/api/rpc/listRuns`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${u.searchParams.get('token')}` },
        body: '{}',
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ ok: true, result: { total: 0 } });
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
