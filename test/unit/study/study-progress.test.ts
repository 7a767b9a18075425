// Study progress is honest (issue 13): recorded progress events of small real studies (portable
// backend, exact closed form and SGD) are monotone, weighted by cost (no 0 % plateau followed by a
// jump: every step of the bar is at most one eigendecomposition's share of the cost model, well below
// the share of the largest job — what the bar jumped by when it only moved on finished units), the
// text counts draws finished per (variant, d) in order (1, 2, … of K, never an index) and never says
// "done" before the run is. Negative control: without progress from inside jobs (an injected unit
// computation) the largest jump is the largest job's share, which the bound rejects. The pool (two
// lanes) reports progress from inside jobs before the first unit is delivered.
import { describe, expect, it } from 'vitest';
import { planJobs, planUnits, runStudy } from '../../../src-shared/compute/study-task';
import type { TaskContext } from '../../../src-shared/compute/task';
import { validateStudySpec } from '../../../src-shared/params/study-params';
import { portableBackend } from '../../../src-shared/linalg/portable';
import { computeUnit } from '../../../src-shared/study/units';
import { threadExecutor } from '../../../src-main/study/pool';
import { runCurve } from '../../../src-shared/compute/curve-task';

type Ev = { fraction: number; phase: string };

function recorder(): { ctx: TaskContext; events: Ev[] } {
  const events: Ev[] = [];
  return { events, ctx: { progress: (p) => events.push({ fraction: p.fraction, phase: p.phase }), cancelled: () => false } };
}

/** largest single increase of the fraction among the events before the analysis (≤ 0.97) */
function maxJump(events: Ev[]): number {
  let m = events[0]!.fraction;
  for (let i = 1; i < events.length; i++) if (events[i]!.fraction <= 0.97) m = Math.max(m, events[i]!.fraction - events[i - 1]!.fraction);
  return m;
}

/** share (of 0.97) of the largest job, by the plan's own unit costs */
function largestJobShare(raw: Record<string, unknown>): number {
  const spec = validateStudySpec(raw);
  const units = planUnits(spec);
  const total = units.reduce((s, u) => s + u.cost, 0);
  return (0.97 * Math.max(...planJobs(spec, units).map((j) => j.reduce((s, u) => s + u.cost, 0)))) / total;
}

function checkEvents(events: Ev[], draws: number): void {
  // monotone, ends at 1
  for (let i = 1; i < events.length; i++) expect(events[i]!.fraction).toBeGreaterThanOrEqual(events[i - 1]!.fraction);
  expect(events[events.length - 1]!.fraction).toBe(1);
  // "done" only in the final event
  for (const e of events.slice(0, -1)) expect(e.phase).not.toMatch(/\bdone\b/);
  // counts per (variant, d) in order: 1, 2, …, draws
  const seen = new Map<string, number[]>();
  for (const e of events) {
    const m = /^(\d+) of (\d+) draws finished: (.*), d=(\d+) /.exec(e.phase);
    if (!m) continue;
    expect(Number(m[2])).toBe(draws);
    const k = `${m[3]}/${m[4]}`;
    const l = seen.get(k) ?? [];
    if (l[l.length - 1] !== Number(m[1])) l.push(Number(m[1]));
    seen.set(k, l);
  }
  expect(seen.size).toBeGreaterThan(0);
  for (const l of seen.values()) expect(l).toEqual(Array.from({ length: draws }, (_, i) => i + 1));
}

describe('study progress', () => {
  const exact = { alpha: 0.6, beta: 0.2, dgrid: [40, 80, 160], vRatio: 2, tau: [0, 1], draws: 3, bootstrap: 0 };
  const sgd = { alpha: 0.6, beta: 0.2, dgrid: [20, 40, 80], vRatio: 2, tau: [0, 1], method: 'sgd' as const, draws: 2, runs: 4, rmaxFactor: 0.5, bootstrap: 0 };

  it('exact, inline: monotone, cost-weighted steps (≤ one eigendecomposition), counts in order', async () => {
    const { ctx, events } = recorder();
    await runStudy(exact, portableBackend, ctx);
    checkEvents(events, 3);
    const jobShare = largestJobShare(exact);
    // a job of two τ on one Z: Gram v·d² = 2d³, two eigendecompositions 4d³ each, closed forms ≪ d³:
    // the largest step is ~0.4 of the job; 0.5 leaves room for the closed-form terms
    expect(maxJump(events)).toBeLessThan(0.5 * jobShare);
    // the first non-zero progress comes after at most that much of the work (no early plateau)
    expect(events.find((e) => e.fraction > 0)!.fraction).toBeLessThan(0.5 * jobShare);
  }, 60_000);

  it('negative control: progress only on finished units jumps by a whole job', async () => {
    const { ctx, events } = recorder();
    await runStudy(exact, portableBackend, ctx, { compute: computeUnit });
    expect(maxJump(events)).toBeGreaterThan(0.5 * largestJobShare(exact));
  }, 60_000);

  it('sgd, inline: progress from inside the SGD runs, counts in order', async () => {
    const { ctx, events } = recorder();
    await runStudy(sgd, portableBackend, ctx);
    checkEvents(events, 2);
    expect(maxJump(events)).toBeLessThan(0.5 * largestJobShare(sgd));
  }, 60_000);

  it('two lanes: monotone, counts in order, progress before the first unit is delivered', async () => {
    const { ctx, events } = recorder();
    const executor = threadExecutor({ threads: 2, fallbackBackend: portableBackend });
    try {
      await runStudy(exact, portableBackend, ctx, { executor });
    } finally {
      await executor.close();
    }
    checkEvents(events, 3);
    const first = events.findIndex((e) => /draws finished/.test(e.phase));
    expect(events.slice(0, first).some((e) => e.fraction > 0)).toBe(true);
  }, 60_000);

  it('curves (exact and sgd): monotone, draws counted in order, "done" only at the end', () => {
    for (const extra of [{ method: 'exact' }, { method: 'sgd', runs: 4, rmax: 3000 }]) {
      const { ctx, events } = recorder();
      runCurve({ alpha: 0.6, beta: 0.2, d: 100, v: 200, draws: 3, rmax: 3000, checkpoints: 40, ...extra }, portableBackend, ctx);
      for (let i = 1; i < events.length; i++) expect(events[i]!.fraction).toBeGreaterThanOrEqual(events[i - 1]!.fraction);
      expect(events[events.length - 1]!.fraction).toBe(1);
      for (const e of events.slice(0, -1)) expect(e.phase).not.toMatch(/\bdone\b/);
      // per pass (eigendecompositions, then closed forms or SGD): "draw k of 3 (k − 1 finished)", k in order
      const passes = new Map<string, number[]>();
      for (const e of events) {
        const m = /^(.*) (?:of|on) draw (\d+) of 3 \((?:d=\d+; )?(\d+) finished\)/.exec(e.phase);
        if (!m) continue;
        expect(Number(m[3])).toBe(Number(m[2]) - 1);
        const l = passes.get(m[1]!) ?? [];
        if (l[l.length - 1] !== Number(m[2])) l.push(Number(m[2]));
        passes.set(m[1]!, l);
      }
      expect(passes.size).toBe(2);
      for (const l of passes.values()) expect(l).toEqual([1, 2, 3]);
    }
  });
});
