// The renderer's reading of stored studies (src-renderer/data/adapt.ts studyView): runs with
// variants (meta.variant, Δη list) give one panel per variant labelled by what differs, with its
// Δη and interval; runs stored before variants (panels per τ, a single Δη number) open as before.
import { describe, expect, it } from 'vitest';
import type { RunDetail } from '../../../src-shared/api';
import { getKind } from '../../../src-shared/compute/registry';
import { portableBackend } from '../../../src-shared/linalg/portable';
import { studyView } from '../../../src-renderer/data/adapt';
import { studyComparisonText, variantRows } from '../../../src-renderer/data/variant-rows';
import { LIGHT } from '../../../src-renderer/charts/theme';

const ctx = { progress: () => {}, cancelled: () => false };
const asRun = (params: Record<string, unknown>, out: { summary: Record<string, unknown>; curves: { key: string; meta: Record<string, unknown>; columns: Record<string, ArrayLike<number>> }[] }) =>
  ({
    id: 7,
    kind: 'study',
    params,
    result: { summary: JSON.parse(JSON.stringify(out.summary)), curves: out.curves.map((c) => ({ key: c.key, meta: c.meta, columns: Object.fromEntries(Object.entries(c.columns).map(([k, v]) => [k, Array.from(v)])) })) },
  }) as unknown as RunDetail;

describe('studyView', () => {
  it('a stored 2 × 2 variant study: four panels by variant, Δη with intervals, the reference marked', async () => {
    const kind = getKind('study');
    const params = kind.validate({ alpha: 0.6, beta: 0.2, dgrid: [16, 32, 64], draws: 2, bootstrap: 30, checkpoints: 40, vary: { batch: [1, 4], tau: [0, 1] }, reference: { batch: 4, tau: 0 } }) as Record<string, unknown>;
    const out = await kind.run(params, { backend: portableBackend } as never, ctx);
    const v = studyView(asRun(params, out as never));
    expect(v.panels.map((p) => p.label)).toEqual(['B = 1, τ = 0', 'B = 1, τ = 1/√d', 'B = 4, τ = 0', 'B = 4, τ = 1/√d']);
    expect(v.panels.map((p) => p.curves.length)).toEqual([3, 3, 3, 3]);
    expect(v.panels.every((p) => p.frontier && p.fit)).toBe(true);
    expect(v.panels.map((p) => p.reference)).toEqual([false, false, true, false]);
    const s = out.summary as { delta_eta: number[]; delta_eta_ci: [number, number][]; fits: { eta: number }[] };
    v.panels.forEach((p, i) => {
      expect(p.deltaEta).toBe(s.delta_eta[i]);
      expect(p.deltaEtaCi).toEqual(s.delta_eta_ci[i]);
      expect(p.fit!.eta).toBe(s.fits[i]!.eta);
    });
    // the x axis of each panel uses its own batch: C = B·d·r
    const c4 = v.panels[2]!.curves[0]!;
    const c1 = v.panels[0]!.curves[0]!;
    expect(c4.x[5]! / c1.x[5]!).toBeCloseTo(4 * (out.curves.find((c) => c.meta.variant === 2 && c.meta.role === 'risk')!.columns.r[5]! / out.curves.find((c) => c.meta.variant === 0 && c.meta.role === 'risk')!.columns.r[5]!), 10);
    expect(studyComparisonText(v, 7)).toBe('Run 7 compares 4 variants of one setting (B ∈ {1, 4} × τ ∈ {0, 1/√d}) on shared draws; Δη = η − η(B = 4, τ = 0) with 95 % paired-bootstrap intervals.');
    const rows = variantRows(v, LIGHT);
    expect(new Set(rows.map((r) => r.color)).size).toBe(4);
    expect(rows.map((r) => r.theoryEta === null)).toEqual([false, true, false, true]);
  });

  it('a study stored before variants (τ panels, one Δη number) opens unchanged', () => {
    const r = [0, 1, 10, 100];
    const curve = (tau: number, d: number) => ({ key: `tau=${tau}/d=${d}`, meta: { role: 'risk', tau, d, batch: 1 }, columns: { r, risk: r.map((x) => 1 / (1 + x) + 1 / d) } });
    const old = {
      summary: {
        fits: [
          { tau: 0, s: 1, eta: 0.25, eta_ci: [0.2, 0.3], xi: 0.4, xi_ci: [0.3, 0.5], window: [10, 100] },
          { tau: 1, s: 1, eta: 0.56, eta_ci: [0.5, 0.6], xi: 0.5, xi_ci: [0.4, 0.6], window: [10, 100] },
        ],
        delta_eta: 0.31,
        delta_eta_ci: [0.27, 0.35],
        theory: { phase: 'Ia', boundary: [], eta: 0.27, xi: 0.45 },
      },
      curves: [curve(0, 10), curve(0, 20), curve(1, 10), curve(1, 20), { key: 'tau=1/frontier', meta: { role: 'frontier', tau: 1 }, columns: { C: [1, 2], risk: [1, 0.5], dstar: [10, 20] } }],
    };
    const v = studyView(asRun({ alpha: 0.6, beta: 0.2, tau: [0, 1] }, old));
    expect(v.panels.map((p) => p.label)).toEqual(['τ = 0', 'τ = 1/√d']);
    expect(v.panels.map((p) => p.curves.length)).toEqual([2, 2]);
    expect(v.panels[1]!.frontier).not.toBeNull();
    expect(v.deltaEta).toBe(0.31);
    expect(v.deltaEtaCi).toEqual([0.27, 0.35]);
    expect(v.panels[0]!.reference).toBe(true);
    expect(v.panels[1]!.deltaEta).toBe(0.31);
    expect(v.panels[1]!.deltaEtaCi).toEqual([0.27, 0.35]);
    const rows = variantRows(v, LIGHT);
    expect(rows.map((x) => x.color)).toEqual([...LIGHT.tau]);
    expect(rows.map((x) => x.theoryEta)).toEqual([0.27, null]);
  });
});
