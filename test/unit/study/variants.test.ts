// Study variants (issue 18): validation of `vary` / `reference` (bad key, bad value, CLI spellings),
// a 2 × 2 grid (batch × τ) against the single studies it combines (same curves, same fits and
// intervals: shared draws, same resampling indices), shared spectral problems (counted through the
// backend), and the paired-bootstrap Δη interval against an independent resampling written here
// (with an unpaired resampling as the negative control that must not match).
import { describe, expect, it } from 'vitest';
import { runStudy, planJobs } from '../../../src-shared/compute/study-task';
import { validateStudySpec } from '../../../src-shared/params/study-params';
import { isParamError } from '../../../src-shared/params/errors';
import { portableBackend } from '../../../src-shared/linalg/portable';
import type { LinalgBackend } from '../../../src-shared/linalg/backend';
import { analyzeStudy, deltaEta } from '../../../src-shared/study/analyze';
import { computeFrontier, logGrid } from '../../../src-shared/study/frontier';
import { fitFrontier } from '../../../src-shared/study/fit';
import { ResampleRng, percentileInterval } from '../../../src-shared/study/bootstrap';
import { STUDY_PRESETS, getPreset } from '../../../src-shared/study/presets';
import { studySpecSchema } from '../../../src-shared/params/study-params';
import { getKind } from '../../../src-shared/compute/registry';
import { resolveSpectrumAxis } from '../../../src-main/services/spectrum-axis';

const ctx = { progress: () => {}, cancelled: () => false };
const base = { alpha: 0.6, beta: 0.2, dgrid: [16, 32, 64, 128], vRatio: 2, draws: 3, bootstrap: 60, checkpoints: 60 };

function paramError(raw: unknown): { param: string; message: string } {
  try {
    validateStudySpec(raw);
  } catch (e) {
    expect(isParamError(e)).toBe(true);
    return e as { param: string; message: string };
  }
  throw new Error('expected a ParamError');
}

describe('variant validation', () => {
  it('the τ list is the τ axis: tau [0, 1] ≡ vary {tau: [0, 1]}; the default τ is [0] once something else varies', () => {
    const a = validateStudySpec({ ...base, tau: [0, 1] });
    const b = validateStudySpec({ ...base, vary: { tau: [0, 1] } });
    expect(a.variants.map((v) => v.values)).toEqual([{ tau: 0 }, { tau: 1 }]);
    expect(b.variants.map((v) => v.values)).toEqual([{ tau: 0 }, { tau: 1 }]);
    expect(a.variants.map((v) => v.key)).toEqual(['tau=0', 'tau=1']);
    expect(b.variants[1]!.setting.rmaxgrid).toEqual(a.variants[1]!.setting.rmaxgrid);
    expect(a.variants.map((v) => v.label)).toEqual(['τ = 0', 'τ = 1/√d']);
    const c = validateStudySpec({ ...base, vary: { batch: [1, 8] } });
    expect(c.variants.map((v) => v.values)).toEqual([
      { batch: 1, tau: 0 },
      { batch: 8, tau: 0 },
    ]);
    expect(c.variants.map((v) => v.label)).toEqual(['B = 1', 'B = 8']);
    // equal compute range: rmax = ⌈x / B⌉, so 8·rmax(B = 8) − rmax(B = 1) ∈ (−1, 8)
    const r1 = c.variants[0]!.setting.rmaxgrid;
    const r8 = c.variants[1]!.setting.rmaxgrid;
    r1.forEach((r, i) => {
      expect(r8[i]! * 8 - r).toBeLessThan(8);
      expect(r8[i]! * 8 - r).toBeGreaterThan(-1);
    });
  });

  it('a grid: first key outermost, CLI spellings accepted, --reference picks the reference', () => {
    const s = validateStudySpec({ ...base, vary: { 'gamma-fraction': [0.3, 0.6], tau: [0, 1] }, reference: { 'gamma-fraction': 0.6, tau: 0 } });
    expect(s.variants.map((v) => v.key)).toEqual(['gammaFraction=0.3,tau=0', 'gammaFraction=0.3,tau=1', 'gammaFraction=0.6,tau=0', 'gammaFraction=0.6,tau=1']);
    expect(s.variants.map((v) => v.setting.gammaFraction)).toEqual([0.3, 0.3, 0.6, 0.6]);
    expect(s.variants.map((v) => v.setting.tau)).toEqual([[0], [1], [0], [1]]);
    expect(s.reference).toBe(2);
    expect(s.tau).toEqual([0, 1]);
    expect(s.vary).toEqual({ gammaFraction: [0.3, 0.6], tau: [0, 1] });
    // v and vRatio replace each other in a variant
    const v = validateStudySpec({ ...base, vary: { v: [300, 600] } });
    expect(v.variants.map((x) => x.setting.vgrid)).toEqual([
      [300, 300, 300, 300],
      [600, 600, 600, 600],
    ]);
  });

  it('every key in its CLI (kebab-case) spelling: lr-schedule, gamma-power, decay-fraction, gamma-t0', () => {
    const s = validateStudySpec({ ...base, vary: { 'lr-schedule': ['wsd', 'cosine'], warmup: [0, 100] }, reference: { 'lr-schedule': 'cosine', warmup: 0 } } as never);
    expect(s.vary).toMatchObject({ lrSchedule: ['wsd', 'cosine'], warmup: [0, 100] });
    expect(Object.keys(s.vary!).filter((k) => k !== 'tau')).toEqual(['lrSchedule', 'warmup']);
    expect(s.variants.map((v) => [v.setting.lrSchedule, v.setting.warmup])).toEqual([['wsd', 0], ['wsd', 100], ['cosine', 0], ['cosine', 100]]);
    expect(s.reference).toBe(2);
    const w = validateStudySpec({ ...base, lrSchedule: 'wsd', vary: { 'decay-fraction': [0.1, 0.3] } } as never);
    expect(w.variants.map((v) => v.setting.decayFraction)).toEqual([0.1, 0.3]);
    const p = validateStudySpec({ ...base, vary: { 'gamma-power': [0, -0.5], 'gamma-t0': [100] } } as never);
    expect(p.variants.map((v) => [v.setting.gammaPower, v.setting.gammaT0])).toEqual([[0, 100], [-0.5, 100]]);
    // a kebab spelling of no key is still refused, named as typed
    expect(paramError({ ...base, vary: { 'lr-scheduel': ['wsd'] } }).param).toBe('vary.lr-scheduel');
  });

  it('a bad key is named with the allowed keys', () => {
    let e = paramError({ ...base, vary: { foo: [1, 2] } });
    expect(e.param).toBe('vary.foo');
    expect(e.message).toMatch(/unknown key "foo"/);
    expect(e.message).toMatch(/batch/);
    e = paramError({ ...base, vary: { dgrid: [1, 2] } });
    expect(e.param).toBe('vary.dgrid');
    expect(e.message).toMatch(/cannot be varied/);
    e = paramError({ ...base, vary: { batch: [1, 2] }, reference: { method: 'exact' } });
    expect(e.param).toBe('reference.method');
    e = paramError({ ...base, vary: { batch: [1, 2] }, reference: { batch: 3 } });
    expect(e.param).toBe('reference');
    expect(e.message).toMatch(/batch=3/);
    e = paramError({ ...base, tau: [0, 1], vary: { tau: [0, 2] } });
    expect(e.param).toBe('vary.tau');
  });

  it('a bad value is named with its key and value (through the study schema)', () => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ batch: [1, 0] }, 'vary.batch', /batch=0/],
      [{ gammaFraction: [0.5, 1.5] }, 'vary.gammaFraction', /gammaFraction=1\.5/],
      [{ method: ['exact', 'magic'] }, 'vary.method', /method=magic/],
      [{ vRatio: [2, 0.5] }, 'vary.vRatio', /vRatio=0\.5/],
      [{ tau: [0, -1] }, 'vary.tau', /tau/],
      [{ tau: [0, 'x'] }, 'vary.tau', /tau=x/],
      [{ batch: [1, 1] }, 'vary.batch', /distinct/],
      [{ batch: [1, 2, 3, 4, 5], gammaFraction: [0.1, 0.2, 0.3, 0.4] }, 'vary', /at most 16/],
    ];
    for (const [vary, param, re] of cases) {
      const e = paramError({ ...base, vary });
      expect(e.param, JSON.stringify(vary)).toBe(param);
      expect(e.message, JSON.stringify(vary)).toMatch(re);
    }
  });
});

describe('stored params of a variant study', () => {
  it('the stored (schema-parsed) params validate to the same variants as the input', () => {
    for (const raw of [
      { ...base, vary: { tau: [0, 1], batch: [1, 2] } },
      { ...base, vary: { batch: [1, 2] } },
      { ...base, tau: [0, 1], vary: { batch: [1, 2] } },
      { ...base, tau: [0, 1] },
    ]) {
      const stored = getKind('study').validate(raw) as Record<string, unknown>;
      expect(validateStudySpec(stored).variants.map((v) => v.key)).toEqual(validateStudySpec(raw).variants.map((v) => v.key));
    }
  });
});

describe('variant presets', () => {
  it('every listed preset validates; presets needing a key the schema lacks are not listed', () => {
    // data-set names (spectrum-digits) are resolved at the edge, as the CLI and the service do
    const resolve = (x: unknown) => resolveSpectrumAxis(x, { backend: () => portableBackend, files: false });
    for (const p of STUDY_PRESETS) expect(validateStudySpec(resolve(p.spec)).variants.length, p.name).toBeGreaterThanOrEqual(2);
    expect(validateStudySpec(getPreset('tau')!.spec).variants.map((v) => v.values)).toEqual([{ tau: 0 }, { tau: 1 }]);
    expect(validateStudySpec(getPreset('batch-1-8')!.spec).variants.map((v) => v.label)).toEqual(['B = 1', 'B = 8']);
    expect(getPreset('sgd-dana') !== undefined).toBe('optimizer' in studySpecSchema.shape);
  });
});

/** counts the eigendecompositions (spectralMeasure) and Gram products of a backend */
function counting(b: LinalgBackend) {
  const n = { gram: 0, eig: 0 };
  const wrapped: LinalgBackend = Object.create(b);
  wrapped.gram = (...a: Parameters<LinalgBackend['gram']>) => (n.gram++, b.gram(...a));
  wrapped.spectralMeasure = (...a: Parameters<LinalgBackend['spectralMeasure']>) => (n.eig++, b.spectralMeasure(...a));
  return { backend: wrapped, n };
}

describe('a 2 × 2 variant grid (batch × τ), exact method', () => {
  it('each variant equals its single study; Δη against the reference; draws and eigendecompositions shared', async () => {
    const grid = validateStudySpec({ ...base, vary: { batch: [1, 4], tau: [0, 1] } });
    const cg = counting(portableBackend);
    const res = await runStudy(grid, cg.backend, ctx);
    expect(res.fits.map((f) => f.variant)).toEqual([
      { batch: 1, tau: 0 },
      { batch: 1, tau: 1 },
      { batch: 4, tau: 0 },
      { batch: 4, tau: 1 },
    ]);
    expect(res.fits.map((f) => f.variant_label)).toEqual(['B = 1, τ = 0', 'B = 1, τ = 1/√d', 'B = 4, τ = 0', 'B = 4, τ = 1/√d']);
    // one Gram per (d, draw), one eigendecomposition per (d, draw, τ): as many as the τ study alone
    const units = base.dgrid.length * base.draws;
    expect(cg.n.gram).toBe(units);
    expect(cg.n.eig).toBe(2 * units);
    expect(planJobs(grid).length).toBe(units);

    for (const B of [1, 4]) {
      const single = await runStudy({ ...base, batch: B, tau: [0, 1] }, portableBackend, ctx);
      for (const t of [0, 1]) {
        const i = res.fits.findIndex((f) => f.variant.batch === B && f.tau === t);
        const f = res.fits[i]!;
        const g = single.fits[t]!;
        // same curves → same fits, to the last bit; same resampling indices → same intervals
        expect(f.eta).toBe(g.eta);
        expect(f.xi).toBe(g.xi);
        expect(f.eta_ci).toEqual(g.eta_ci);
        const c = res.curves.find((x) => x.variant === i && x.d === 64)!;
        const c1 = single.curves.find((x) => x.tau === t && x.d === 64)!;
        expect(c.risk).toEqual(c1.risk);
        expect(c.rmax).toBe(c1.rmax);
        expect(res.frontiers[i]!.C).toEqual(single.frontiers[t]!.C);
        // theory only where it exists (τ = 0; SGD at any batch)
        expect(f.theory === null).toBe(t !== 0);
      }
    }
    // Δη: aligned with fits, the reference's 0, each the difference of the fits' η
    expect(res.reference).toBe(0);
    expect(res.delta_eta[0]).toBe(0);
    expect(res.delta_eta_ci[0]).toEqual([0, 0]);
    for (let i = 1; i < 4; i++) {
      expect(res.delta_eta[i]).toBeCloseTo(res.fits[i]!.eta - res.fits[0]!.eta, 14);
      expect(res.fits[i]!.delta_eta).toBe(res.delta_eta[i]);
      const [lo, hi] = res.delta_eta_ci[i]!;
      expect(lo).toBeLessThanOrEqual(hi);
    }
  });

  it('a reference other than the first; sgd and exact variants share the eigendecompositions', async () => {
    const spec = validateStudySpec({ ...base, dgrid: [16, 32, 64], draws: 2, bootstrap: 20, vary: { method: ['exact', 'sgd'] }, runs: 4, reference: { method: 'sgd' } });
    expect(spec.reference).toBe(1);
    const cg = counting(portableBackend);
    const res = await runStudy(spec, cg.backend, ctx);
    expect(cg.n.eig).toBe(3 * 2);
    expect(res.delta_eta[1]).toBe(0);
    expect(res.delta_eta[0]).toBeCloseTo(res.fits[0]!.eta - res.fits[1]!.eta, 14);
    // the exact variant's curves are those of the exact study alone (same draws)
    const alone = await runStudy({ ...base, dgrid: [16, 32, 64], draws: 2, bootstrap: 20, tau: [0] }, portableBackend, ctx);
    expect(res.fits[0]!.eta).toBe(alone.fits[0]!.eta);
  });
});

// ---- the paired-bootstrap Δη interval against an independent resampling -------------------

/** 32-bit LCG (Numerical Recipes constants): independent of the study's resampling generator */
function lcg(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return Math.floor((s / 4294967296) * n);
  };
}

function mean(curves: Float64Array[], idx: number[]): Float64Array {
  const out = new Float64Array(curves[0]!.length);
  for (const i of idx) for (let j = 0; j < out.length; j++) out[j]! += curves[i]![j]! / idx.length;
  return out;
}

/** η of the frontier of one variant from the mean of the chosen draws per size */
function etaOf(sizes: { d: number; r: Float64Array; draws: Float64Array[] }[], pick: (d: number) => number[]): number {
  const curves = sizes.map((s) => ({ d: s.d, r: s.r, risk: mean(s.draws, pick(s.d)) }));
  return fitFrontier(computeFrontier(curves, { batch: 1, perDecade: 20 })).eta;
}

describe('paired-bootstrap Δη interval', () => {
  // R_d,k(r) = e_k r^{-a} + f_k d^{-1}: draw k's noise (e_k, f_k) is shared by both variants
  // (the same Z), a = 0.5 vs 0.7 (η = a/(a+1): 1/3 vs 0.7/1.7).
  const dgrid = [50, 100, 200, 400, 800, 1600];
  const K = 6;
  const r = logGrid(1, 1e8, 20);
  const g = new ResampleRng(11);
  const nrm = () => Math.sqrt(-2 * Math.log((g.u32() + 0.5) / 4294967296)) * Math.cos((2 * Math.PI * (g.u32() + 0.5)) / 4294967296);
  const noise = dgrid.map(() => Array.from({ length: K }, () => [Math.exp(0.3 * nrm()), Math.exp(0.3 * nrm())] as const));
  const mk = (a: number) => dgrid.map((d, i) => ({ d, r, draws: noise[i]!.map(([e, f]) => r.map((x) => e * x ** -a + f / d)) }));
  const A = mk(0.5);
  const B = mk(0.7);
  const nBoot = 2000;
  const level = 0.9;

  it('matches an independent paired resampling; an unpaired resampling (negative control) does not', () => {
    const res = analyzeStudy(
      [
        { tau: 0, variant: { a: 0.5 }, sizes: A },
        { tau: 0, variant: { a: 0.7 }, sizes: B },
      ],
      { batch: 1, bootstrap: nBoot, level, seed: 5, perDecade: 20 },
    );
    expect(res.fits.map((f) => f.ci_method)).toEqual(['draws', 'draws']);
    const ci = res.delta_eta_ci[1]!;
    const rnd = lcg(2024);
    const paired = new Float64Array(nBoot);
    const unpaired = new Float64Array(nBoot);
    for (let b = 0; b < nBoot; b++) {
      const idx = new Map(dgrid.map((d) => [d, Array.from({ length: K }, () => rnd(K))]));
      const idx2 = new Map(dgrid.map((d) => [d, Array.from({ length: K }, () => rnd(K))]));
      const ea = etaOf(A, (d) => idx.get(d)!);
      paired[b] = etaOf(B, (d) => idx.get(d)!) - ea;
      unpaired[b] = etaOf(B, (d) => idx2.get(d)!) - ea;
    }
    const ref = percentileInterval(paired, level);
    const ctl = percentileInterval(unpaired, level);
    const width = ref[1] - ref[0];
    // Monte-Carlo error of a 5 % / 95 % quantile from 2000 replicates: ≈ 0.045 σ each, ≈ 0.065 σ for the
    // difference of two such estimates, and the 90 % width is ≈ 3.3 σ → 6 SE ≈ 0.12 · width (the
    // resampled η takes few distinct values with K = 6 draws, so its quantiles are lumpy)
    const tol = 0.12 * width;
    expect(Math.abs(ci[0] - ref[0])).toBeLessThan(tol);
    expect(Math.abs(ci[1] - ref[1])).toBeLessThan(tol);
    expect(res.delta_eta[1]).toBeGreaterThanOrEqual(ci[0]);
    expect(res.delta_eta[1]).toBeLessThanOrEqual(ci[1]);
    // negative control: ignoring the pairing gives a much wider interval, outside the tolerance
    expect(ctl[1] - ctl[0]).toBeGreaterThan(1.5 * width);
    expect(Math.abs(ctl[0] - ci[0]) > tol || Math.abs(ctl[1] - ci[1]) > tol).toBe(true);
  });

  it('deltaEta: paired samples → percentile of differences; no samples → half-widths in quadrature', () => {
    const a = { eta: 0.3, eta_ci: [0.28, 0.33] as [number, number], boot: Float64Array.from([0.29, 0.3, 0.31, 0.32]) };
    const b = { eta: 0.5, eta_ci: [0.45, 0.52] as [number, number], boot: Float64Array.from([0.49, 0.5, 0.51, 0.52]) };
    const p = deltaEta(a, b, 0.5);
    expect(p.delta_eta).toBeCloseTo(0.2, 15);
    expect(p.delta_eta_ci[0]).toBeCloseTo(0.2, 12);
    expect(p.delta_eta_ci[1]).toBeCloseTo(0.2, 12);
    const q = deltaEta({ ...a, boot: undefined }, { ...b, boot: undefined }, 0.9);
    expect(q.delta_eta_ci[0]).toBeCloseTo(0.2 - Math.hypot(0.03, 0.05), 12);
    expect(q.delta_eta_ci[1]).toBeCloseTo(0.2 + Math.hypot(0.02, 0.02), 12);
  });
});
