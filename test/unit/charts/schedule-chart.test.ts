// The schedules chart of the Run page (src-renderer/charts/schedule.ts): the plotted values are the
// resolved coefficients at each step, zero coefficients are left out, and the option has log axes;
// a study's chart (one colour per variant, one dash per coefficient) rendered server-side, light and dark.
import { describe, expect, it } from 'vitest';
import { scheduleChartOption, scheduleSeries, studyScheduleChartOption } from '../../../src-renderer/charts/schedule';
import { renderSvg } from '../../../src-renderer/charts/ssr';
import { variantColor } from '../../../src-renderer/charts/variant-colors';
import { themeByName } from '../../../src-renderer/charts/theme';
import { coefsAt, optimizerParamsSchema, resolveOptimizer } from '../../../src-shared/params/optimizer-params';

const ctx = { alpha: 1, beta: 0.6, v: 400, d: 200, batch: 1, rmax: 1e6 };

describe('schedule chart', () => {
  it('dana-decaying: four lines equal to coefsAt at their steps', () => {
    const o = resolveOptimizer(optimizerParamsSchema.parse({ optimizer: 'dana-decaying' }), ctx);
    const s = scheduleSeries(o, 1e6);
    expect(s.lines.map((l) => l.key)).toEqual(['g1', 'g2', 'g3', 'delta']);
    for (const l of s.lines) s.r.forEach((t, i) => expect(l.y[i]).toBe(coefsAt(o, t)[l.key as 'g1']));
    expect(s.r[0]).toBe(1);
    expect(s.r.at(-1)).toBe(1e6);
    const opt = scheduleChartOption({ theme: themeByName('light'), optimizer: o, rmax: 1e6 }) as { xAxis: { type: string }; yAxis: { type: string }; series: unknown[] };
    expect([opt.xAxis.type, opt.yAxis.type]).toEqual(['log', 'log']);
    expect(opt.series).toHaveLength(4);
  });
  it('SGD schedule: only g2 = γ_t is drawn', () => {
    const o = resolveOptimizer(optimizerParamsSchema.parse({ optimizer: 'sgd', gammaPower: -0.5 }), { ...ctx, gamma: 0.3 });
    const s = scheduleSeries(o, 1e4);
    expect(s.lines.map((l) => l.key)).toEqual(['g2']);
    expect(s.lines[0]!.y[0]).toBeCloseTo(0.3 * Math.pow(2, -0.5), 14);
  });
});

describe('study schedule chart (SSR)', () => {
  // two variants: SGD with a decaying step γ_t = 0.2(1 + t/10)^{-1/2}, and DANA-decaying
  const sgd = resolveOptimizer(optimizerParamsSchema.parse({ optimizer: 'sgd', gammaPower: -0.5, gammaT0: 10 }), { ...ctx, gamma: 0.2 });
  const dana = resolveOptimizer(optimizerParamsSchema.parse({ optimizer: 'dana-decaying' }), ctx);
  for (const theme of [themeByName('light'), themeByName('dark')]) {
    it(`renders every variant in its colour, dashes per coefficient, the dash code and log ticks (${theme.name})`, () => {
      const lines = [
        { label: 'gammaPower −0.5', color: variantColor(0, 2, theme), optimizer: sgd, rmax: 1e6 },
        { label: 'optimizer dana-decaying', color: variantColor(1, 2, theme), optimizer: dana, rmax: 1e6 },
      ];
      const svg = renderSvg(studyScheduleChartOption({ theme, lines, subtitle: 'largest size d = 200, draw 0', interactive: false }), 900, 380);
      expect(svg).toContain('hyperparameter schedules (largest size d = 200, draw 0)');
      expect(svg).toContain('solid g2 (gradient step) · dashed g3 (momentum step) · dotted Δ (momentum decay) · dash-dot g1 (into y)');
      expect(svg).toContain('gammaPower −0.5');
      for (const l of lines) expect(svg.toLowerCase()).toContain(`stroke="${l.color.toLowerCase()}"`);
      // dashed and dotted coefficients are drawn with dash arrays
      expect((svg.match(/stroke-dasharray/g) ?? []).length).toBeGreaterThanOrEqual(3);
      // the SGD line is γ_t itself at every plotted step
      const opt = studyScheduleChartOption({ theme, lines }) as { series: { data: [number, number | null][] }[] };
      for (const [t, y] of opt.series[0]!.data) expect(y).toBeCloseTo(0.2 * Math.pow(1 + t / 10, -0.5), 15);
    });
  }
});
