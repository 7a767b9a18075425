// ECharts option builders checked in Node with SVG server-side rendering: log axes with decade
// ticks, one line (+ band) per d, frontier and fitted law in the legend, linked bounds,
// consistent colours, spectrum outlier, phase-plane geometry against independent checks.
import { describe, expect, it } from 'vitest';
import { decadeBounds, unionBounds } from '../../../src-renderer/charts/axes';
import { decadeLabel, fitLabel, sci } from '../../../src-renderer/charts/format';
import { bandPolygon, fitPoints, riskBounds, riskChartOption, type BandCurve } from '../../../src-renderer/charts/risk';
import { histogramSteps, spectrumChartOption } from '../../../src-renderer/charts/spectrum';
import { phaseChartOption } from '../../../src-renderer/charts/phases';
import { renderSvg, resolvedOption } from '../../../src-renderer/charts/ssr';
import { DARK, LIGHT, dColor } from '../../../src-renderer/charts/theme';
import { toCsv, riskCurvesCsv } from '../../../src-renderer/charts/csv';
import {
  boxPolygon,
  centroid,
  clip,
  DEFAULT_BOX,
  infeasiblePolygon,
  PHASES,
  polygonArea,
  regionOf,
  regionPolygon,
} from '../../../src-renderer/phases/regions';

// synthetic study: R_d(r) = d^{-1} + (r+1)^{-0.8}, quantile bands ±20 %; compute C = B·d·r
const B = 1;
const DGRID = [50, 100, 200, 400, 800, 1600];
function curves(xMode: 'steps' | 'compute'): BandCurve[] {
  return DGRID.map((d) => {
    const r = Array.from({ length: 60 }, (_, i) => Math.round(10 ** ((5 * i) / 59)));
    const mean = r.map((t) => 1 / d + (t + 1) ** -0.8);
    return { d, x: xMode === 'steps' ? r : r.map((t) => B * d * t), mean, lo: mean.map((m) => 0.8 * m), hi: mean.map((m) => 1.2 * m) };
  });
}

/** the drawn strings; rich-text runs of one label (same transform, consecutive) joined */
function texts(svg: string): string[] {
  const out: string[] = [];
  let lastT: string | null = null;
  for (const m of svg.matchAll(/<text([^>]*)>([^<]*)<\/text>/g)) {
    const t = /transform="([^"]*)"/.exec(m[1]!)?.[1] ?? null;
    const v = m[2]!.replace(/&amp;/g, '&').replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n)));
    if (t !== null && t === lastT && out.length) out[out.length - 1] += v;
    else out.push(v);
    lastT = t;
  }
  return out;
}

describe('axes and formatting', () => {
  it('decade bounds enclose the data with whole decades (brute force check)', () => {
    const vals = [3.2e-7, 0.5, 12, -1, 0, NaN, Infinity];
    const b = decadeBounds(vals)!;
    expect(b).toEqual({ min: 1e-7, max: 100 });
    for (let trial = 0; trial < 200; trial++) {
      const xs = Array.from({ length: 5 }, () => 10 ** (24 * Math.random() - 12));
      const bb = decadeBounds(xs)!;
      expect(Math.min(...xs)).toBeGreaterThanOrEqual(bb.min);
      expect(Math.max(...xs)).toBeLessThanOrEqual(bb.max * (1 + 1e-12));
      // tight: one decade less on either side would cut a point
      expect(Math.min(...xs)).toBeLessThan(bb.min * 10);
      expect(Math.max(...xs)).toBeGreaterThan(bb.max / 10 / (1 + 1e-12));
    }
    expect(decadeBounds([5, 5])).toEqual({ min: 1, max: 10 });
    expect(decadeBounds([-1])).toBeNull();
    expect(unionBounds({ min: 1, max: 10 }, null, { min: 0.1, max: 1 })).toEqual({ min: 0.1, max: 10 });
  });
  it('labels decades with superscripts only', () => {
    expect(decadeLabel(1e-3)).toBe('10⁻³');
    expect(decadeLabel(1e12)).toBe('10¹²');
    expect(decadeLabel(1)).toBe('1');
    expect(decadeLabel(10)).toBe('10');
    expect(decadeLabel(3e-3)).toBe('');
    expect(sci(0.000123456)).toBe('1.23×10⁻⁴');
    expect(sci(42.42)).toBe('42.4');
    expect(fitLabel(2.5, 0.3456)).toBe('fit R̂(C) = 2.5·C^(−0.346)');
    expect(fitLabel(2.1e-5, 0.41)).toBe('fit R̂(C) = 2.1×10⁻⁵·C^(−0.410)');
  });
});

describe('risk chart', () => {
  const fit = { s: 2.1, eta: 0.41, etaCi: [0.39, 0.43] as [number, number], window: [1e3, 1e7] as [number, number] };
  const frontier = { C: [1e3, 1e4, 1e5, 1e6, 1e7], risk: [0.2, 0.05, 0.02, 0.008, 0.003] };

  it('has log axes, one line and one band per d, frontier and fit in the legend', () => {
    const opt = riskChartOption({ theme: LIGHT, xMode: 'compute', curves: curves('compute'), frontier, fit, title: 'τ = 0' });
    const r = resolvedOption(opt) as { xAxis: { type: string }[]; yAxis: { type: string }[]; series: { type: string; name: string }[]; legend: { data: string[] }[] };
    expect(r.xAxis[0]!.type).toBe('log');
    expect(r.yAxis[0]!.type).toBe('log');
    const lines = r.series.filter((s) => s.type === 'line');
    const bands = r.series.filter((s) => s.type === 'custom');
    expect(lines.length).toBe(DGRID.length + 2);
    expect(bands.length).toBe(DGRID.length);
    const legend = r.legend[0]!.data;
    expect(legend).toContain('frontier R*(C)');
    expect(legend).toContain(fitLabel(fit.s, fit.eta));
    expect(legend).toContain('fit R̂(C) = 2.1·C^(−0.410)');
    expect(legend.slice(0, DGRID.length)).toEqual(DGRID.map((d) => `d = ${d}`));
  });

  it('renders to SVG with decade tick labels, axis names and the fitted law', () => {
    const svg = renderSvg(riskChartOption({ theme: LIGHT, xMode: 'compute', curves: curves('compute'), frontier, fit, interactive: false }), 900, 560);
    expect(svg.startsWith('<svg')).toBe(true);
    const t = texts(svg);
    // compute spans 50·1 … 1600·1e5 = 1.6e8 → axis 50 … 2×10⁸ (1–2–5 bounds, issue 13): the
    // decades inside are labelled, 10⁹ (a decade of empty space) is not on the axis
    expect(t).toContain('10⁸');
    expect(t).not.toContain('10⁹');
    expect(t.some((s) => /^10[⁰¹²³⁴⁵⁶⁷⁸⁹]*$/.test(s))).toBe(true);
    expect(t.some((s) => s.startsWith('10⁻'))).toBe(true); // risk axis below 1
    expect(t).toContain('compute C = B·d·r (flops)');
    expect(t).toContain('risk R');
    // the fitted law set as a formula: the exponent is its own (superscript) run, no "^("
    expect(t.some((s) => s.includes('2.1·C−0.410'))).toBe(true);
    expect(t.some((s) => s.includes('^('))).toBe(false);
    // no unlabelled-number clutter: every axis label is a decade or an axis name/legend entry
    expect(t.filter((s) => /^\d/.test(s) && !/^10?[⁰¹²³⁴⁵⁶⁷⁸⁹⁻]*$/.test(s))).toEqual([]);
  });

  it('steps mode uses r on x and shares colours per d with compute mode', () => {
    const a = riskChartOption({ theme: LIGHT, xMode: 'steps', curves: curves('steps') }) as { series: { type: string; name: string; lineStyle?: { color: string } }[]; xAxis: { name: string } };
    const b = riskChartOption({ theme: LIGHT, xMode: 'compute', curves: curves('compute').slice(2), dGrid: DGRID }) as typeof a;
    expect(a.xAxis.name).toBe('SGD steps {it|r}');
    const colorOf = (o: typeof a, name: string) => o.series.find((s) => s.type === 'line' && s.name === name)!.lineStyle!.color;
    for (const d of [200, 400, 800, 1600]) expect(colorOf(b, `d = ${d}`)).toBe(colorOf(a, `d = ${d}`));
    // distinct colours within a chart
    expect(new Set(DGRID.map((d) => colorOf(a, `d = ${d}`))).size).toBe(DGRID.length);
    expect(dColor(50, DGRID, DARK)).not.toBe(dColor(50, DGRID, LIGHT));
  });

  it('linked axes: given bounds override the data bounds', () => {
    const cs = curves('compute');
    const own = riskBounds({ curves: cs });
    const o = riskChartOption({ theme: LIGHT, xMode: 'compute', curves: cs.slice(0, 2), xBounds: own.x, yBounds: own.y }) as { xAxis: { min: number; max: number }; yAxis: { min: number; max: number } };
    expect([o.xAxis.min, o.xAxis.max]).toEqual([own.x!.min, own.x!.max]);
    expect([o.yAxis.min, o.yAxis.max]).toEqual([own.y!.min, own.y!.max]);
  });

  it('bands and fit lines are geometrically right', () => {
    const poly = bandPolygon([1, 2, 3], [1, 1, 0], [2, 2, 2]);
    // the point with lo = 0 cannot be drawn on a log axis and is dropped from both sides
    expect(poly).toEqual([[1, 2], [2, 2], [2, 1], [1, 1]]);
    const pts = fitPoints({ s: 3, eta: 0.5, window: [1e2, 1e6] }, 5);
    expect(pts[0]![0]).toBeCloseTo(1e2, 8);
    expect(pts[4]![0]).toBeCloseTo(1e6, 2);
    for (const [C, R] of pts) expect(R * Math.sqrt(C)).toBeCloseTo(3, 10);
  });

  it('dark theme renders', () => {
    const svg = renderSvg(riskChartOption({ theme: DARK, xMode: 'steps', curves: curves('steps'), interactive: false }), 600, 400);
    expect(svg).toContain(DARK.bg);
  });
});

describe('spectrum chart', () => {
  it('draws histogram steps, DE density and the outlier with its weight on log axes', () => {
    const edges = Array.from({ length: 41 }, (_, i) => 10 ** (-8 + (8 * i) / 40));
    const density = edges.slice(1).map((e, i) => (i === 5 ? 0 : 1 / e));
    const steps = histogramSteps(edges, density);
    expect(steps.filter((p) => Number.isNaN(p[0])).length).toBe(1); // the empty bin breaks the outline
    expect(steps.length).toBe(2 * 39 + 1);
    const opt = spectrumChartOption({
      theme: LIGHT,
      sides: [
        { label: 'τ = 0', de: { lambda: edges, density: edges.map((e) => 1 / e) }, hist: { edges, density } },
        { label: 'τ = 1/√d', de: { lambda: edges, density: edges.map((e) => 0.9 / e) }, outlier: { lambda: 3.5, weight: 0.62 } },
      ],
    });
    const r = resolvedOption(opt) as { xAxis: { type: string }[]; yAxis: { type: string }[]; series: { type: string }[] };
    expect(r.xAxis[0]!.type).toBe('log');
    expect(r.yAxis[0]!.type).toBe('log');
    expect(r.series.length).toBe(4);
    const t = texts(renderSvg(opt));
    expect(t.some((s) => s.includes('weight (aᵀu)² = 0.62'))).toBe(true);
    expect(t).toContain('10⁻⁸');
  });
});

describe('phase plane', () => {
  it('the seven regions tile the feasible part of the box', () => {
    const box = DEFAULT_BOX;
    const total = polygonArea(boxPolygon(box));
    const sum = PHASES.reduce((s, n) => s + polygonArea(regionPolygon(n, box)), 0);
    expect(sum + polygonArea(infeasiblePolygon(box))).toBeCloseTo(total, 12);
    for (const n of PHASES) {
      const p = regionPolygon(n, box);
      expect(p.length).toBeGreaterThanOrEqual(3);
      // independent: the centroid of the clipped polygon is classified into the same region
      const [a, b] = centroid(p);
      expect(regionOf(a, b)).toBe(n);
    }
  });
  it('classification matches a point-in-polygon test at random points', () => {
    let seed = 12345;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const inside = (p: [number, number][], x: number, y: number) => {
      let c = false;
      for (let i = 0, j = p.length - 1; i < p.length; j = i++) {
        const [xi, yi] = p[i]!;
        const [xj, yj] = p[j]!;
        if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) c = !c;
      }
      return c;
    };
    const polys = PHASES.map((n) => [n, regionPolygon(n)] as const);
    for (let k = 0; k < 2000; k++) {
      const a = DEFAULT_BOX.alpha[0] + rnd() * (DEFAULT_BOX.alpha[1] - DEFAULT_BOX.alpha[0]);
      const b = DEFAULT_BOX.beta[0] + rnd() * (DEFAULT_BOX.beta[1] - DEFAULT_BOX.beta[0]);
      const hits = polys.filter(([, p]) => inside(p as [number, number][], a, b)).map(([n]) => n);
      const r = regionOf(a, b);
      if (2 * a + 2 * b <= 1) expect(r).toBeNull();
      else expect(hits).toEqual(r ? [r] : []);
    }
    // seed 000's cases: (0.5, 0.7) lies on the III/IVa boundary, (0.6, 0.2) in Ia
    expect(regionOf(0.5, 0.7)).toBeNull();
    expect(regionOf(0.6, 0.2)).toBe('Ia');
    expect(clip([[0, 0], [1, 0], [1, 1], [0, 1]], { a: 1, b: 0, c: 0.5 })).toEqual([[0, 0], [0.5, 0], [0.5, 1], [0, 1]]);
  });
  it('renders regions, boundaries and measured points', () => {
    const opt = phaseChartOption({ theme: LIGHT, measured: [{ alpha: 0.6, beta: 0.2, eta: 0.33, runId: 4 }] });
    const svg = renderSvg(opt);
    const t = texts(svg);
    for (const n of PHASES) expect(t).toContain(n);
    expect(t.some((s) => s.includes('η̂ = 0.330'))).toBe(true);
    expect(t).toContain('data exponent α');
  });
});

describe('csv', () => {
  it('quotes, round-trips doubles, and writes long-format curves', () => {
    expect(toCsv({ a: [1, 0.1 + 0.2], 'b,c': ['x"y', null] })).toBe('a,"b,c"\n1,"x""y"\n0.30000000000000004,\n');
    const csv = riskCurvesCsv([{ d: 10, x: [1, 2], mean: [0.5, 0.25] }], 'C');
    expect(csv.split('\n')[0]).toBe('series,d,C,risk_mean,risk_lo,risk_hi');
    expect(csv.split('\n')[2]).toBe('d = 10,10,2,0.25,,');
  });
});
