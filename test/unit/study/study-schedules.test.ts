// Issue 17: a study's optimizer schedules (study/schedules.ts, stored as summary.schedules) are the
// coefficients its units actually ran with — checked by recomputing the stored risk curve of the
// representative unit (largest d, draw 0) from the stored schedule on an independently drawn and reduced
// problem (exact moments for DANA, the SGD closed form for SGD). Negative control: another unit's
// schedule (d = 100) does not reproduce the d = 200 curve. The Run page's reading (data/study-schedules.ts
// + charts/schedule.ts): one colour per variant (the panel's), one dash per coefficient, log–log axes.
import { describe, expect, it } from 'vitest';
import type { RunDetail } from '../../../src-shared/api';
import { getKind } from '../../../src-shared/compute/registry';
import { portableBackend } from '../../../src-shared/linalg/portable';
import { makeProblem } from '../../../src-shared/model/problem';
import { reduceProblem } from '../../../src-shared/model/spectral-reduction';
import { measureFromProblem } from '../../../src-shared/dynamics/measure';
import { familyExactRisk } from '../../../src-shared/dynamics/family-resolve';
import { prepareClosedForm } from '../../../src-shared/dynamics/closed-form';
import { gammaMax } from '../../../src-shared/dynamics/stability';
import { resolveOptimizer } from '../../../src-shared/params/optimizer-params';
import type { StudySchedule } from '../../../src-shared/study/schedules';
import { studyView } from '../../../src-renderer/data/adapt';
import { studyScheduleLines } from '../../../src-renderer/data/study-schedules';
import { COEF_DASH, studyScheduleChartOption } from '../../../src-renderer/charts/schedule';
import { DARK, LIGHT } from '../../../src-renderer/charts/theme';
import { variantColor } from '../../../src-renderer/charts/variant-colors';

const ctx = { progress: () => {}, cancelled: () => false };
type Out = { summary: Record<string, unknown>; curves: { key: string; meta: Record<string, unknown>; columns: Record<string, ArrayLike<number>> }[] };
const asRun = (params: Record<string, unknown>, out: Out) =>
  ({
    id: 9,
    kind: 'study',
    params,
    result: { summary: JSON.parse(JSON.stringify(out.summary)), curves: out.curves.map((c) => ({ key: c.key, meta: c.meta, columns: Object.fromEntries(Object.entries(c.columns).map(([k, v]) => [k, Array.from(v)])) })) },
  }) as unknown as RunDetail;
const maxRel = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!) / Math.abs(b[i]!));
  return m;
};

describe('study schedules', () => {
  const alpha = 1;
  const beta = 0.7;
  const run = (async () => {
    const kind = getKind('study');
    const params = kind.validate({ alpha, beta, dgrid: [50, 100, 200], vRatio: 2, tau: [0], vary: { optimizer: ['sgd', 'dana-decaying'] }, draws: 1, bootstrap: 0, checkpoints: 30 }) as Record<string, unknown>;
    const out = (await kind.run(params, { backend: portableBackend } as never, ctx)) as unknown as Out;
    return { params, out };
  })();

  it('are the coefficients the units ran with (recomputed curves), one per variant at the largest d', async () => {
    const { out } = await run;
    const sch = out.summary.schedules as StudySchedule[];
    expect(sch.map((s) => [s.variant, s.d, s.draw, s.optimizer.optimizer])).toEqual([
      [0, 200, 0, 'sgd'],
      [1, 200, 0, 'dana-decaying'],
    ]);
    const curve = (vi: number, d: number) => out.curves.find((c) => c.meta.role === 'risk' && c.meta.variant === vi && c.meta.d === d)!;
    const c1 = curve(1, 200);
    const r = Array.from(c1.columns.r);
    expect(sch[1]!.rmax).toBe(r.at(-1));
    // an independent draw + reduction of the same unit (seed 0, draw 0, v = 2d)
    const sp = reduceProblem(makeProblem({ alpha, beta, v: 400, d: 200, tau: 0, seed: 0, draw: 0 }), portableBackend);
    const m = measureFromProblem(sp);
    const dana = familyExactRisk(m, 1, sch[1]!.optimizer, r).risk;
    expect(maxRel(dana, c1.columns.risk)).toBeLessThan(1e-9);
    // SGD: a constant γ = ½ γ_max of that draw, and its closed form is the stored curve
    const o0 = sch[0]!.optimizer;
    expect(o0.constant).toBe(true);
    expect(Math.abs(o0.g2.c / (0.5 * gammaMax(sp.lambda, 1)) - 1)).toBeLessThan(1e-12);
    const sgd = prepareClosedForm(m, { gamma: o0.g2.c, batch: 1 }).risk(Float64Array.from(r));
    expect(maxRel(sgd, curve(0, 200).columns.risk)).toBeLessThan(1e-9);
    // negative control: the d = 100 unit's DANA coefficients (T over v = 200) do not give the d = 200 curve
    const other = resolveOptimizer({ optimizer: 'dana-decaying' }, { alpha, beta, v: 200, d: 100, tau: 0, batch: 1, rmax: sch[1]!.rmax });
    expect(maxRel(familyExactRisk(m, 1, other, r).risk, c1.columns.risk)).toBeGreaterThan(1e-6);
  });

  it('a study of plain constant-step SGD stores none', async () => {
    const kind = getKind('study');
    const params = kind.validate({ alpha: 0.6, beta: 0.2, dgrid: [16, 32, 64], draws: 1, bootstrap: 0, checkpoints: 20 }) as Record<string, unknown>;
    const out = (await kind.run(params, { backend: portableBackend } as never, ctx)) as unknown as Out;
    expect(out.summary.schedules).toBeUndefined();
    expect(studyScheduleLines(asRun(params, out), studyView(asRun(params, out)), LIGHT)).toBeNull();
  });

  for (const theme of [LIGHT, DARK]) {
    it(`Run page lines and chart (${theme.name}): variant colours and labels, dash per coefficient, log–log`, async () => {
      const { params, out } = await run;
      const rd = asRun(params, out);
      const view = studyView(rd);
      const l = studyScheduleLines(rd, view, theme)!;
      expect(l.lines.map((x) => x.label)).toEqual(view.panels.map((p) => p.label));
      expect(l.lines.map((x) => x.color)).toEqual([variantColor(0, 2, theme), variantColor(1, 2, theme)]);
      expect(l.subtitle).toMatch(/d = 200/);
      const opt = studyScheduleChartOption({ theme, lines: l.lines, subtitle: l.subtitle }) as { xAxis: { type: string }; yAxis: { type: string }; series: { name: string; lineStyle: { color: string; type: unknown }; data: [number, number | null][] }[] };
      expect([opt.xAxis.type, opt.yAxis.type]).toEqual(['log', 'log']);
      // SGD: g2 only; DANA-decaying: g1, g2, g3, Δ
      expect(opt.series.map((s) => [s.name, s.lineStyle.type])).toEqual([
        [view.panels[0]!.label, COEF_DASH.g2],
        [view.panels[1]!.label, COEF_DASH.g1],
        [view.panels[1]!.label, COEF_DASH.g2],
        [view.panels[1]!.label, COEF_DASH.g3],
        [view.panels[1]!.label, COEF_DASH.delta],
      ]);
      expect(opt.series.map((s) => s.lineStyle.color)).toEqual([l.lines[0]!.color, ...Array(4).fill(l.lines[1]!.color)]);
      // the g3 line is the decaying c·(1 + t)^{-1/(2α)} of the stored schedule
      const g3 = opt.series[3]!.data;
      const o = l.lines[1]!.optimizer;
      for (const [t, y] of g3) expect(y).toBeCloseTo(o.g3.c * Math.pow(1 + t, -1 / (2 * alpha)), 15);
    });
  }
});
