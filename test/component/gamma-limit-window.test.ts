// Issue 11 UI pieces in isolation: the old-γ-limit mark appears only for finished DE runs with
// τ > 0 and no gammaLimit marker; the window-sensitivity panel names every interval and renders
// nothing for runs stored before the scan existed.
import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import GammaLimitMark from '../../src-renderer/components/GammaLimitMark.vue';
import WindowSensitivityPanel from '../../src-renderer/components/WindowSensitivityPanel.vue';
import { LIGHT } from '../../src-renderer/charts/theme';
import { windowChartOption, windowFits } from '../../src-renderer/charts/window-sensitivity';

describe('GammaLimitMark', () => {
  it('marks only old DE runs with τ > 0', () => {
    const m = (run: Record<string, unknown>) => mount(GammaLimitMark, { props: { run: { status: 'done', ...run } as never } }).find('[data-testid="old-gamma-limit"]');
    expect(m({ kind: 'volterra', params: { tau: 1 } }).exists()).toBe(true);
    expect(m({ kind: 'volterra', params: { tau: 1 } }).text()).toContain('computed with the old γ limit — re-run');
    expect(m({ kind: 'study', params: { method: 'de', tau: [0, 1] }, gammaLimit: null }).exists()).toBe(true);
    expect(m({ kind: 'volterra', params: { tau: 1 }, gammaLimit: 2 }).exists()).toBe(false);
    expect(m({ kind: 'volterra', params: { tau: 0 } }).exists()).toBe(false);
    expect(m({ kind: 'study', params: { method: 'exact', tau: [0, 1] } }).exists()).toBe(false);
  });
});

describe('WindowSensitivityPanel', () => {
  const fit = (tau: number, eta: number) => ({
    tau,
    eta,
    eta_ci: [eta - 0.002, eta + 0.002],
    eta_window: [
      { window: [1e3, 1e5], eta: eta - 0.01 },
      { window: [1e4, 1e6], eta: eta + 0.01 },
      { window: [1e3, 1e6], eta },
    ],
    eta_window_range: [eta - 0.01, eta + 0.01],
    eta_ci_combined: [eta - 0.01, eta + 0.01],
  });
  const summary = {
    fits: [
      { ...fit(0, 0.4), delta_eta: 0, delta_eta_ci: [0, 0], delta_eta_window_range: [0, 0], delta_eta_ci_combined: [0, 0] },
      { ...fit(1, 0.42), delta_eta: 0.02, delta_eta_ci: [0.015, 0.025], delta_eta_window_range: [0.02, 0.02], delta_eta_ci_combined: [0.015, 0.025] },
    ],
    delta_eta: [0, 0.02],
    delta_eta_ci: [[0, 0], [0.015, 0.025]],
  };

  it('builds one segment per window and a point per window per τ', () => {
    const opt = windowChartOption({ theme: LIGHT, fits: windowFits(summary), tauName: String }) as { series: { type: string; data: unknown[] }[] };
    expect(opt.series.filter((s) => s.type === 'line')).toHaveLength(6);
    const pts = opt.series.filter((s) => s.type === 'scatter');
    expect(pts).toHaveLength(2);
    expect(pts[0]!.data[0]).toEqual([Math.sqrt(1e3 * 1e5), 0.39]);
  });

  it('names the intervals (bootstrap, window range, combined) for η and Δη', () => {
    const w = mount(WindowSensitivityPanel, { props: { runId: 1, summary, theme: LIGHT } });
    const text = w.text();
    expect(text).toContain('bootstrap interval');
    expect(text).toContain('over 3 windows');
    expect(text).toContain('combined (covers both)');
    expect(text).toContain('Δη (τ = 1/√d)');
    expect(text).toContain('[0.0150, 0.0250]');
    expect(text).toContain('[0.3900, 0.4100]');
    expect(mount(WindowSensitivityPanel, { props: { runId: 1, summary: { fits: [{ tau: 0, eta: 0.4, eta_ci: [0.39, 0.41] }] }, theme: LIGHT } }).find('[data-testid="window-sensitivity"]').exists()).toBe(false);
  });
});
