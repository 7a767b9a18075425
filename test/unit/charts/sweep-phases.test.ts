// Sweep charts (src-renderer/charts/sweep-phases.ts), rendered server-side to SVG: points coloured
// by the phase regionOf assigns (grey on a boundary), labels with η̂, interval and theory on sparse
// grids, and the η̂-vs-theory chart with one interval bar per cell.
import { describe, expect, it } from 'vitest';
import { measuredVsTheoryOption, PHASE_POINT_COLORS, sweepPhasePlaneOption, type SweepPoint } from '../../../src-renderer/charts/sweep-phases';
import { renderSvg } from '../../../src-renderer/charts/ssr';
import { LIGHT } from '../../../src-renderer/charts/theme';

const pts: SweepPoint[] = [
  { alpha: 0.6, beta: 0.2, eta: 0.25, ci: [0.24, 0.26], theory: 0.25, cellIdx: 0, runId: 1 }, // Ia
  { alpha: 1.2, beta: 0.7, eta: 0.68, ci: [0.67, 0.72], theory: 0.74, cellIdx: 1, runId: 2 }, // II
  { alpha: 0.5, beta: 0.7, eta: 0.4, ci: null, theory: 0.4, cellIdx: 2, runId: 3 }, // III/IVa boundary
];

describe('sweep charts', () => {
  it('colours points by phase (grey on a boundary) and labels η̂ [interval] and θ', () => {
    const opt = sweepPhasePlaneOption(LIGHT, pts) as { series: { name: string; data: { itemStyle: { color: string } }[] }[] };
    const s = opt.series.find((x) => x.name === 'measured η')!;
    expect(s.data.map((d) => d.itemStyle.color)).toEqual([PHASE_POINT_COLORS.Ia, PHASE_POINT_COLORS.II, '#777777']);
    const svg = renderSvg(opt as unknown as Record<string, unknown>);
    expect(svg).toContain('η̂ 0.250 [0.240, 0.260]');
    expect(svg).toContain('θ 0.740');
  });

  it('plots η̂ against theory with interval bars and the diagonal', () => {
    const opt = measuredVsTheoryOption(LIGHT, pts) as { series: { type: string; name: string; data: unknown[] }[]; legend: { data: string[] } };
    expect(opt.legend.data).toEqual(['phase Ia', 'phase II', 'on a boundary']);
    const bars = opt.series.filter((x) => x.type === 'custom');
    expect(bars.map((b) => b.data.length)).toEqual([1, 1, 0]);
    expect(opt.series[0]!.name).toBe('η̂ = η');
    expect(() => renderSvg(opt as unknown as Record<string, unknown>)).not.toThrow();
  });
});
