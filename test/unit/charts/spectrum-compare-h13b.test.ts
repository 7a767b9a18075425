// Issue 13 (h13b): Compare of spectrum runs overlays their spectra with the Spectrum view's
// builder — log–log axes, one colour per run, each run labelled by the parameters that differ,
// the legend off the data. Independent checks: the series' data are the runs' own (λ, density)
// points (identity with the inputs, not with the builder's output), the labels are computed from
// the params by hand here, and the negative controls (identical params → "same parameters";
// only τ differs → the τ colours of every τ chart).
import { describe, expect, it } from 'vitest';
import type { RunDetail } from '../../../src-shared/api';
import { differingParams, spectrumCompareOption, spectrumCompareSides } from '../../../src-renderer/charts/spectrum-compare';
import { tauColor, themeByName } from '../../../src-renderer/charts/theme';
import { renderSvg } from '../../../src-renderer/charts/ssr';

function specRun(id: number, params: Record<string, unknown>, scale = 1): RunDetail {
  const lambda = Array.from({ length: 30 }, (_, i) => 10 ** (-4 + i * 0.15));
  const density = lambda.map((l) => scale * l ** -0.8);
  return {
    id, kind: 'spectrum', status: 'done', label: '', tags: [], notes: '', params, seed: null, codeVersion: 't', createdAt: 0, startedAt: null, finishedAt: null, durationMs: null,
    error: null, progress: null, parentId: null, deleted: false, partialKeys: [], headline: { eta: null, deltaEta: null, finalRisk: null, F0: null },
    result: { summary: { F0: 0.01, outlier: null }, curves: [{ key: 'density', meta: { role: 'density', method: 'de' }, columns: { lambda, density } }] },
    partials: [],
  };
}
const base = { alpha: 0.6, beta: 0.2, v: 1000, d: 500, method: 'de' };

describe('Compare of spectrum runs (issue 13)', () => {
  const light = themeByName('light');
  it('labels by what differs, one colour per run, log–log axes, the runs’ own points', () => {
    const runs = [specRun(3, { ...base, tau: 0 }), specRun(4, { ...base, tau: 1 }, 2), specRun(5, { ...base, tau: 0, d: 250 }, 3)];
    expect(differingParams(runs)).toEqual(['d', 'tau']);
    const sides = spectrumCompareSides(runs, light);
    expect(sides.map((s) => s.label)).toEqual(['d = 500, τ = 0 (run 3)', 'd = 500, τ = 1/√d (run 4)', 'd = 250, τ = 0 (run 5)']);
    // runs 3 and 5 share τ = 0 but are different runs: different colours
    expect(new Set(sides.map((s) => s.color)).size).toBe(3);
    const opt = spectrumCompareOption(runs, light)! as { series: { name: string; data: [number, number][]; lineStyle: { color: string } }[]; xAxis: { type: string }; yAxis: { type: string }; legend: { plrfCorner: string } };
    expect(opt.xAxis.type).toBe('log');
    expect(opt.yAxis.type).toBe('log');
    const s4 = opt.series.find((s) => s.name === 'deterministic equivalent d = 500, τ = 1/√d (run 4)')!;
    expect(s4.data.length).toBe(30);
    expect(s4.data[10]![1]).toBeCloseTo(2 * s4.data[10]![0] ** -0.8, 12);
    expect(s4.lineStyle.color).toBe(sides[1]!.color);
    // the SSR render has the three runs in its legend
    const svg = renderSvg(opt, 800, 480);
    for (const id of [3, 4, 5]) expect(svg).toContain(`(run ${id})`);
  });

  it('only τ differs → the τ colours of the app; identical params → "same parameters"', () => {
    const runs = [specRun(1, { ...base, tau: 0 }), specRun(2, { ...base, tau: 1 })];
    const opt = spectrumCompareOption(runs, light)! as { series: { name: string; lineStyle: { color: string } }[] };
    expect(opt.series[0]!.name).toBe('deterministic equivalent τ = 0 (run 1)');
    expect(opt.series[0]!.lineStyle.color).toBe(tauColor(0, [0, 1], light));
    expect(opt.series[1]!.lineStyle.color).toBe(tauColor(1, [0, 1], light));
    const same = spectrumCompareSides([specRun(1, base), specRun(2, base)], light);
    expect(same.map((s) => s.label)).toEqual(['same parameters (run 1)', 'same parameters (run 2)']);
    expect(same[0]!.color).not.toBe(same[1]!.color);
    // no spectrum runs → no chart
    expect(spectrumCompareOption([], light)).toBeNull();
  });
});
