// Issue 13, chart layout and colours (SSR options, independent checks):
// one colour per τ whatever the method; line colours ≥ 3:1 contrast (WCAG 2.1) on white and
// on the dark background; axis ranges fit the data; at most ~8 decade labels even when risks
// underflow to 1e-290; the legend box holds no data (checked point by point on the drawn
// series in the axes' log coordinates) or sits below the plot.
import { describe, expect, it } from 'vitest';
import { spectrumChartOption } from '../../../src-renderer/charts/spectrum';
import { riskChartOption } from '../../../src-renderer/charts/risk';
import { DARK, LIGHT, dColor, tauColor } from '../../../src-renderer/charts/theme';
import { contrast } from '../../../src-renderer/charts/contrast';
import { fitBounds, legendPlacement, legendSize } from '../../../src-renderer/charts/layout';
import { logTicks } from '../../../src-renderer/charts/axes';
import { renderSvg } from '../../../src-renderer/charts/ssr';

type S = { name: string; type: string; lineStyle?: { color: string }; data: [number, number][] };

describe('colours', () => {
  it('spectrum: empirical τ = 0 and DE τ = 0 share one colour; τ = 1/√d has another', () => {
    const lam = [0.001, 0.01, 0.1, 1];
    const o = spectrumChartOption({
      theme: LIGHT,
      sides: [
        { label: 'τ = 0 (run 1)', tau: 0, hist: { edges: [0.001, 0.01, 0.1, 1], density: [1, 2, 3] } },
        { label: 'τ = 0 (run 2)', tau: 0, de: { lambda: lam, density: [1, 2, 3, 4] } },
        { label: 'τ = 1/√d (run 3)', tau: 1, de: { lambda: lam, density: [1, 2, 3, 4] } },
      ],
    }) as { series: S[] };
    const col = (n: string) => o.series.find((s) => s.name === n)!.lineStyle!.color;
    expect(col('empirical τ = 0 (run 1)')).toBe(col('deterministic equivalent τ = 0 (run 2)'));
    expect(col('deterministic equivalent τ = 1/√d (run 3)')).not.toBe(col('empirical τ = 0 (run 1)'));
    // the histogram's filled area reaches the bottom of the plot: the legend is not put there
    const corner = (o as unknown as { legend: { plrfCorner: string } }).legend.plrfCorner;
    expect(['bottom-left', 'bottom-right']).not.toContain(corner);
  });

  it('every d and τ colour has ≥ 3:1 contrast against the background, in both themes', () => {
    for (const th of [LIGHT, DARK]) {
      for (const n of [2, 3, 6, 12]) {
        const grid = Array.from({ length: n }, (_, i) => 50 * 2 ** i);
        const cs = grid.map((d) => dColor(d, grid, th));
        for (const c of cs) expect(contrast(c, th.bg)).toBeGreaterThanOrEqual(3);
        expect(new Set(cs).size).toBe(n);
      }
      for (const t of [0, 1, 2, 4]) expect(contrast(tauColor(t, [0, 1, 2, 4], th), th.bg)).toBeGreaterThanOrEqual(3);
    }
    // negative control: the raw viridis end (yellow) fails on white
    expect(contrast('#fde725', '#ffffff')).toBeLessThan(3);
  });
});

describe('axes', () => {
  it('ranges fit the data: a maximum of 1.2 gives an upper bound of 2, not 10', () => {
    expect(fitBounds([1.2, 0.05])).toEqual({ min: 0.05, max: 2 });
    expect(fitBounds([1.2, 0.031])!.min).toBe(0.02);
  });

  it('underflowing risks: floor at 1e-16 of the top, at most 9 decade labels', () => {
    const b = fitBounds([1, 1e-290, 0])!;
    expect(b.min).toBeGreaterThanOrEqual(1e-16);
    const wide = { min: 1e-290, max: 1 };
    expect(logTicks(wide).labels.length).toBeLessThanOrEqual(9);
    const svg = renderSvg(riskChartOption({ theme: LIGHT, xMode: 'steps', curves: [{ d: 50, x: [1, 10, 100, 1000], mean: [1, 1e-3, 1e-200, 0] }], interactive: false }), 800, 440);
    const labels = [...svg.matchAll(/>(10[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+|1)<\/text>/g)].map((m) => m[1]);
    expect(labels.length).toBeLessThanOrEqual(14); // both axes together
  });
});

describe('legend placement', () => {
  const box = { width: 800, height: 440, left: 62, right: 17, top: 16, bottom: 52 };
  function check(lines: [number, number][][], names: string[]) {
    const xs = lines.flat().map((p) => p[0]);
    const ys = lines.flat().map((p) => p[1]);
    const xB = fitBounds(xs, 0)!;
    const yB = fitBounds(ys)!;
    const place = legendPlacement(lines, xB, yB, names, box);
    if (place.corner === 'below') return place;
    // the box in px, then every drawn point mapped to px must lie outside it
    const { w, h } = legendSize(names, 12);
    const pw = box.width - box.left - box.right;
    const ph = box.height - box.top - box.bottom;
    const toPx = ([x, y]: [number, number]) => [box.left + (pw * Math.log10(x / xB.min)) / Math.log10(xB.max / xB.min), box.height - box.bottom - (ph * Math.log10(y / yB.min)) / Math.log10(yB.max / yB.min)];
    const p = place.position as Record<string, number>;
    const x0 = p.left !== undefined ? p.left : box.width - p.right! - w;
    const y0 = p.top !== undefined ? p.top : box.height - p.bottom! - h;
    for (const l of lines) for (const q of l) {
      const [px, py] = toPx(q);
      expect(px >= x0 && px <= x0 + w && py >= y0 && py <= y0 + h).toBe(false);
    }
    return place;
  }
  it('decreasing curves: an empty corner (lower left) is used', () => {
    const lines = [50, 100, 200].map((d) => Array.from({ length: 40 }, (_, i) => [d * 10 ** (i / 8), 1 / d + 10 ** (-i / 10)] as [number, number]));
    expect(check(lines, ['d = 50', 'd = 100', 'd = 200']).corner).toBe('bottom-left');
  });
  it('data in every corner: the legend goes below the plot', () => {
    const corners: [number, number][][] = [
      [[1, 1], [1.5, 1.5]],
      [[1, 1000], [1.5, 900]],
      [[1000, 1], [900, 1.5]],
      [[1000, 1000], [900, 900]],
    ];
    expect(check(corners, ['a', 'b', 'c', 'd']).corner).toBe('below');
  });
  it('rising data (lower right and upper left full): another empty corner is chosen', () => {
    const l: [number, number][] = Array.from({ length: 50 }, (_, i) => [10 ** (i / 10), 10 ** (i / 10)]);
    const c = check([l], ['rising line']).corner;
    expect(['top-left', 'bottom-right']).toContain(c);
  });
});

describe('phase plane labels and legend (issue 13)', () => {
  it('every region label fits its band (IVb included); the grey region has a legend entry', async () => {
    const { phaseChartOption, labelFit } = await import('../../../src-renderer/charts/phases');
    const svg = renderSvg(phaseChartOption({ theme: LIGHT }), 900, 560);
    expect(svg).toContain('infeasible (2α + 2β ≤ 1)');
    // IVb's band is narrow: its label is smaller than 15 px or upright
    const m = /<text[^>]*font-size:(\d+)px[^>]*>IVb<\/text>|<text[^>]*style="[^"]*?(\d+)px[^"]*"[^>]*>IVb<\/text>/.exec(svg);
    expect(m).not.toBeNull();
    // the fitting rule itself: a 20 px wide, 200 px tall band cannot hold a 15 px "IVb" across
    const narrow = labelFit('IVb', [[0, 0], [20, 0], [20, 200], [0, 200]]);
    expect(narrow.rotate || narrow.size * 0.62 * 3 <= 20).toBe(true);
    expect(labelFit('Ia', [[0, 0], [300, 0], [300, 200], [0, 200]])).toEqual({ size: 15, rotate: false });
  });
});
