// The schedules chart of the Run page (src-renderer/charts/schedule.ts): the plotted values are the
// resolved coefficients at each step, zero coefficients are left out, and the option has log axes.
import { describe, expect, it } from 'vitest';
import { scheduleChartOption, scheduleSeries } from '../../../src-renderer/charts/schedule';
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
