// Crash safety of the store: a process writing results in a loop (fixtures/writer-loop.ts) is
// killed with SIGKILL at random moments, 20 times, on the same database file. After every kill:
// the file opens, PRAGMA integrity_check is ok, every result the writer reported as committed
// is there with every value intact, and every run is either complete (done, all curves) or,
// after start-up recovery, visibly interrupted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { openDatabase } from '../../src-main/services/store/db';
import { RunStore } from '../../src-main/services/store/run-store';
import { value } from './fixtures/writer-loop';

const WRITER_TS = resolve(__dirname, 'fixtures/writer-loop.ts');
const KILLS = 20;
let WRITER = '';

// bundle the writer once (esbuild, which tsx ships with) so each of the 20 processes starts as
// plain Node in ~0.1 s instead of compiling TypeScript again
beforeAll(async () => {
  const { build } = await import('esbuild');
  // inside node_modules/.cache so the bundle resolves better-sqlite3 from the project
  const cache = resolve(__dirname, '../../node_modules/.cache');
  mkdirSync(cache, { recursive: true });
  WRITER = join(mkdtempSync(join(cache, 'plrf-writer-')), 'writer.mjs');
  await build({ entryPoints: [WRITER_TS], bundle: true, platform: 'node', format: 'esm', external: ['better-sqlite3'], outfile: WRITER, logLevel: 'error' });
});
afterAll(() => rmSync(dirname(WRITER), { recursive: true, force: true }));

function rng(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 16807) % 2147483647) - 1) / 2147483646;
}

async function writeAndKill(db: string, delayMs: number): Promise<{ done: number[]; pid: number }> {
  const child = spawn(process.execPath, [WRITER], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, PLRF_WRITER_DB: db } });
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  await new Promise<void>((res, rej) => {
    const t = setInterval(() => {
      if (out.includes('ready\n')) {
        clearInterval(t);
        res();
      }
    }, 5);
    child.once('exit', (c) => {
      clearInterval(t);
      rej(new Error(`writer exited early (${c})`));
    });
  });
  await new Promise((r) => setTimeout(r, delayMs));
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  const done = out
    .split('\n')
    .filter((l) => l.startsWith('done '))
    .map((l) => Number(l.slice(5)));
  return { done, pid: child.pid! };
}

describe('kill -9 while writing results', () => {
  it(`survives ${KILLS} kills at random moments without losing a finished result`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plrf-crash-'));
    const db = join(dir, 'runs.db');
    const r = rng(20261122);
    const committed = new Set<number>();
    try {
      const verify = (store: RunStore, id: number) => {
        const curves = store.getCurvesTyped(id);
        expect(store.getSummary(id)!.status, `committed run ${id}`).toBe('done');
        expect(curves.length).toBe(3);
        curves.forEach((c, ci) => {
          const risk = c.columns.risk!;
          expect(risk.length).toBe(400);
          for (let i = 0; i < 400; i += 37) expect(risk[i]).toBe(value(id, ci, i));
          expect(risk[399]).toBe(value(id, ci, 399));
        });
      };
      for (let k = 0; k < KILLS; k++) {
        const { done } = await writeAndKill(db, 20 + Math.floor(r() * 300));
        const older = [...committed];
        for (const id of done) committed.add(id);
        const store = new RunStore(openDatabase({ path: db }));
        try {
          expect(store.integrityCheck()).toBe('ok');
          store.recoverInterrupted(() => false, process.pid);
          const rows = store.db.prepare('SELECT id, status, curve_count, summary FROM runs ORDER BY id').all() as { id: number; status: string; curve_count: number; summary: string | null }[];
          for (const row of rows) {
            if (row.status === 'done') {
              expect(row.curve_count).toBe(3);
              expect(JSON.parse(row.summary!)).toEqual({ id: row.id, ok: true });
            } else {
              expect(row.status, `run ${row.id}`).toBe('interrupted');
              expect(row.summary).toBeNull();
              expect(store.getCurvesTyped(row.id)).toEqual([]);
            }
          }
          // every commit reported by this writer is there value by value, and a sample of older ones
          for (const id of done) verify(store, id);
          for (let j = 0; j < 20 && older.length; j++) verify(store, older[Math.floor(r() * older.length)]!);
        } finally {
          store.close();
        }
      }
      expect(committed.size).toBeGreaterThan(KILLS);
      // finally all of them
      const store = new RunStore(openDatabase({ path: db }));
      try {
        for (const id of committed) verify(store, id);
      } finally {
        store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
