// Issue 13: the UI export dialog lays the chart out at column presets (not the window size),
// with names from the run that are never mangled.
import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import FigureExport from '../../src-renderer/components/FigureExport.vue';
import { riskChartOption, type ChartStyle } from '../../src-renderer/charts/risk';
import { LIGHT } from '../../src-renderer/charts/theme';
import { safeName } from '../../src-renderer/util/download';

const input = { theme: LIGHT, xMode: 'compute' as const, curves: [{ d: 50, x: [10, 100, 1000, 1e4], mean: [1, 0.5, 0.2, 0.15] }, { d: 100, x: [20, 200, 2000, 2e4], mean: [1, 0.4, 0.12, 0.07] }] };

function svgOf(w: ReturnType<typeof mount>): string {
  const src = w.find('[data-testid="figure-preview"]').attributes('src')!;
  return decodeURIComponent(src.slice(src.indexOf(',') + 1));
}

describe('figure export dialog', () => {
  it('one- and two-column presets set the figure size in points; the file name is the run’s', async () => {
    const calls: ChartStyle[] = [];
    const w = mount(FigureExport, {
      props: { name: 'run2-tau0-frontier', option: riskChartOption(input), figure: (st: ChartStyle) => (calls.push(st), riskChartOption({ ...input, style: st, interactive: false })) },
    });
    expect(svgOf(w)).toMatch(/<svg[^>]*width="234"[^>]*height="183"/);
    expect(calls.at(-1)).toMatchObject({ width: 234, fontSize: 8, fontFamily: 'DejaVu Serif' });
    expect(w.find('[data-testid="figure-filename"]').text()).toBe('run2-tau0-frontier.svg');
    await w.find('[data-field="fe-width"]').setValue('6.75in');
    expect(svgOf(w)).toMatch(/<svg[^>]*width="486"[^>]*height="243"/);
    await w.find('[data-field="fe-format"]').setValue('png');
    expect(w.find('[data-testid="figure-filename"]').text()).toBe('run2-tau0-frontier.png');
  });

  it('names are not mangled (run names pass unchanged) and odd characters collapse', () => {
    expect(safeName('run12-tau0-frontier')).toBe('run12-tau0-frontier');
    expect(safeName('compare-runs2-3-overlay')).toBe('compare-runs2-3-overlay');
    expect(safeName('run1-τ = 0')).toBe('run1-0');
    expect(safeName('a/b c')).toBe('a-b-c');
  });
});
