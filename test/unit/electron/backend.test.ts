// The desktop backend over the real services (no Electron needed): the dispatcher validates
// payloads and answers from a real SQLite store in the given userData folder.
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDesktopBackend } from '../../../src-main/electron/backend';

describe('desktop backend', () => {
  it('opens runs.db in userData and serves the API through the validating dispatcher', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plrf-desktop-'));
    const saved = process.env.PLRF_DB;
    delete process.env.PLRF_DB;
    const b = await createDesktopBackend({ userData: dir });
    try {
      expect(existsSync(join(dir, 'runs.db'))).toBe(true);
      const list = await b.dispatch('listRuns', { limit: 5 });
      expect(list).toMatchObject({ ok: true, result: { total: 0, items: [] } });
      expect(await b.dispatch('listRuns', { limit: -1 })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
      expect(await b.dispatch('getRun', { id: 99 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
      const bad = await b.dispatch('startRun', { kind: 'study', params: { alpha: -1, beta: 0.5, dgrid: [10, 20, 40] } });
      expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_param', field: 'params.alpha' } });
    } finally {
      await b.close();
      if (saved !== undefined) process.env.PLRF_DB = saved;
    }
  });
});
