// `plrf study`: a compute-optimal study (DESIGN.md §4, §6) — risk curves over a grid of model
// sizes for each variant (`--vary KEY=V1,V2`, repeatable: a grid; `--tau 0,1` is `--vary
// tau=0,1`), the frontier R*(C) = min_d R_d(C/(B d)), fits of η and ξ with bootstrap intervals,
// and Δη of every variant against the reference (`--reference KEY=V`, default the first).
// Units (variant, d, draw) run on worker threads (src-main/study/pool.ts; PLRF_STUDY_THREADS or
// --threads, default all cores).
//
// JSON (--json): { "fits": [ { "tau", "variant", "s", "eta", "eta_ci", "xi", "xi_ci", "window",
// "delta_eta", "delta_eta_ci", "theory", … } ], "delta_eta": [per fit, the reference's 0],
// "delta_eta_ci": [[lo, hi] per fit], "reference", "theory": { "phase", "eta", "xi", … }, … } —
// extended with delta_eta_window_range / delta_eta_ci_combined (per fit, window sensitivity, study/window-sensitivity.ts),
// fits[].eta_window / eta_window_range / eta_ci_combined, gammaLimit (method de), C_ref, params, frontiers, isoflop, curves (omit with --no-curves), timings. NaN is
// written as null.
import { getKind } from '../../../src-shared/compute/registry';
import { EtaEstimator } from '../../../src-shared/compute/eta';
import { setEstimateMachine } from '../../../src-shared/compute/cost-model';
import { configureEstimateMachine } from '../../services/budget';
import type { Command, CliIO } from '../command';
import { helpText, parseArgs, type OptSpecs } from '../args';
import { ParamError } from '../../../src-shared/params/errors';
import { validateStudySpec, type StudySpecInput } from '../../../src-shared/params/study-params';
import { STUDY_PRESETS, getPreset } from '../../../src-shared/study/presets';
import type { StudyResult } from '../../../src-shared/compute/study-task';
import type { TaskContext } from '../../../src-shared/compute/task';
import { runStudyParallel } from '../../study/run';
import { YES_OPT, admitCli } from '../admit';
import { runPhaseSweep } from '../../../src-shared/study/sweep';
import { getBackend } from '../../linalg/select';
import { threadExecutor } from '../../study/pool';
import { optimizerFlags, optimizerHelp, optimizerSpecs, takeOptimizerArgs } from '../optimizer-args';
import { loadSpectrumFile } from '../spectrum-input';
import { DATASET_PRESETS, getDatasetPreset } from '../../services/datasets';
import { resolveSpectrumAxis } from '../../services/spectrum-axis';

const specs: OptSpecs = {
  preset: { type: 'string', help: `start from a preset (${STUDY_PRESETS.map((p) => p.name).join(', ')}; other options override it), or phase-sweep (one de study per phase: measured η vs theory)` },
  alpha: { type: 'number', help: 'data exponent α > 0' },
  beta: { type: 'number', help: 'target exponent β (2α + 2β > 1)' },
  dgrid: { type: 'intlist', help: 'model sizes, e.g. 50,100,200,400,800,1600 (≥ 3)' },
  'v-ratio': { type: 'number', help: 'latent dimension v = ⌈ratio·d⌉ (> 1; default 2)' },
  v: { type: 'int', help: 'fixed latent dimension v (> every d)' },
  tau: { type: 'numlist', help: 'spike strengths c, τ = c/√d (default 0,1, or 0 with --vary); same as --vary tau=…' },
  vary: { type: 'string', help: 'KEY=V1,V2[,…]: a variant per value (repeatable: every combination); KEY any setting key, e.g. batch, gamma-fraction, v-ratio, method, rmax-factor, tau, spectrum (power-law, digits, file:PATH)' },
  reference: { type: 'string', help: 'KEY=V[,KEY=V]: the reference variant of Δη (default the first)' },
  method: { type: 'string', help: 'exact | sgd | de (default exact)' },
  draws: { type: 'int', help: 'draws of W̃ per (τ, d) (default 3)' },
  runs: { type: 'int', help: 'SGD runs per draw (method sgd, default 20)' },
  'gamma-fraction': { type: 'number', help: 'γ = F·γ_max of each draw, F in (0, 1) (default 0.5)' },
  batch: { type: 'int', help: 'batch size B (default 1)' },
  seed: { type: 'int', help: 'base seed (default 0)' },
  'rmax-factor': { type: 'number', help: 'rmax_d = factor · d^{2α} · E tr K / B (default 10: every size reaches its plateau)' },
  rmax: { type: 'numlist', help: 'explicit rmax: one value, or one per size' },
  checkpoints: { type: 'int', help: 'checkpoints per curve (default 160)' },
  window: { type: 'numlist', help: 'fit window Cmin,Cmax (default: where d* is an interior grid size)' },
  bootstrap: { type: 'int', help: 'bootstrap replicates (default 400; 0 = none)' },
  level: { type: 'number', help: 'confidence level of the intervals (default 0.95)' },
  'per-decade': { type: 'int', help: 'frontier points per decade of C (default 40)' },
  'isoflop-points': { type: 'int', help: 'points per IsoFLOP profile in the parabola fit: 3 or 5 (default 3)' },
  spectrum: { type: 'string', help: 'data spectrum file (CSV lambda,b | JSON | .npy | .npz) in place of --alpha/--beta; v fixed (its length, or --v ≤ it)' },
  'spectrum-name': { type: 'string', help: 'display name of the --spectrum (default the file name)' },
  threads: { type: 'int', help: 'computing lanes: this thread + (threads − 1) worker threads (default: PLRF_STUDY_THREADS or all cores)' },
  ...optimizerSpecs,
  'no-curves': { type: 'bool', help: 'leave the risk curves out of the JSON' },
  ...YES_OPT,
  json: { type: 'bool', help: 'one JSON document on stdout' },
  help: { type: 'bool', help: 'this help' },
};

const USAGE =
  'usage: plrf study --alpha A --beta B --dgrid 50,100,…,1600 (--v-ratio X | --v V) --tau 0,1 --method exact|sgd|de\n' +
  '                  [--vary KEY=V1,V2 …] [--reference KEY=V] [--draws K] [--runs N] [--gamma-fraction F] [--batch B] [--seed S] [--json]\n' +

  '                  [--optimizer sgd|momentum|dana|dana-constant|dana-decaying] [--momentum MU] [--g1 S] [--g2 S] [--g3 S] [--delta S]\n' +
  '                  [--gamma-power P] [--gamma-t0 T0] [--lr-schedule power|wsd|cosine] (one optimizer for the whole study)';

const EXTRA = [
  'Compute C = B·d·r. Each size is simulated from r = 1 to rmax_d (default: 10 × the time scale d^{2α}·E tr K/B',
  'of the d-th eigenvalue, so every size reaches its plateau). Frontier: R*(C) = min_d R_d(C/(B d)), log–log',
  'interpolation, only where ≥ 2 sizes are in range. Fits: log R* = log s − η log C over the window; ξ from the',
  'size switches (d* = √(d_i d_{i+1}) at each switch); IsoFLOP parabolas as a second ξ estimate.',
  'Variants: --vary KEY=V1,V2 (repeatable: every combination, first key outermost) on shared draws; Δη of every',
  'variant against the reference (--reference KEY=V, default the first) with a paired-bootstrap interval.',
  'Spectrum as a variant: --vary spectrum=power-law,digits (or file:PATH, read as --spectrum reads it): the built-in',
  'power law vs a data spectrum at one fixed v (default the spectrum\'s length); without --alpha/--beta the power',
  'law takes the data\'s fitted exponents. Draws share the Gaussian Z, not the same W̃ᵀDW̃ (Δη is labelled so).',
  'Intervals: percentile bootstrap over draws (paired across variants; over runs for sgd with one draw), else residual',
  'bootstrap (one draw, or de). Warnings flag windows/frontiers limited by the grid or by rmax.',
  optimizerHelp + ' In a study the SGD/momentum γ is always gamma-fraction·γ_max of each draw.',
  'Presets: ' + [...STUDY_PRESETS, ...DATASET_PRESETS].map((p) => `${p.name} — ${p.title}`).join('; '),
].join('\n');

/** take the repeatable --vary out of argv (the option parser keeps one value per flag) */
export function extractVary(argv: string[]): { rest: string[]; vary: string[] } {
  const rest: string[] = [];
  const vary: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--vary') {
      const v = argv[++i];
      if (v === undefined) throw new ParamError('--vary', 'missing value (KEY=V1,V2)');
      vary.push(v);
    } else if (a.startsWith('--vary=')) vary.push(a.slice('--vary='.length));
    else rest.push(a);
  }
  return { rest, vary };
}

const parseValue = (t: string): number | string => {
  const s = t.trim();
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s) ? Number(s) : s;
};

/** "KEY=V1,V2" → [KEY, values] (numbers where they parse as numbers) */
function parseAssignment(flag: string, text: string): [string, (number | string)[]] {
  const eq = text.indexOf('=');
  if (eq <= 0 || eq === text.length - 1) throw new ParamError(flag, `expected KEY=V1,V2,…, got "${text}"`);
  const values = text
    .slice(eq + 1)
    .split(',')
    .map((x) => x.trim());
  if (values.some((x) => x === '')) throw new ParamError(flag, `empty value in "${text}"`);
  return [text.slice(0, eq).trim(), values.map(parseValue)];
}

function buildInput(o: Record<string, unknown>, vary: string[] = []): StudySpecInput {
  let base: Partial<StudySpecInput> = {};
  const dp = o.preset !== undefined ? getDatasetPreset(String(o.preset)) : undefined;
  if (dp) base = { ...dp.spec(getBackend()) };
  else if (o.preset !== undefined) {
    const p = getPreset(String(o.preset));
    if (!p) throw new ParamError('--preset', `unknown preset "${String(o.preset)}" (allowed: ${[...STUDY_PRESETS, ...DATASET_PRESETS].map((x) => x.name).join(', ')})`);
    base = { ...p.spec };
  }
  const set = <K extends keyof StudySpecInput>(k: K, flag: string) => {
    if (o[flag] !== undefined) (base as Record<string, unknown>)[k] = o[flag];
  };
  set('alpha', 'alpha');
  set('beta', 'beta');
  set('dgrid', 'dgrid');
  if (o['v-ratio'] !== undefined || o.v !== undefined) {
    delete base.vRatio;
    delete base.v;
  }
  set('vRatio', 'v-ratio');
  set('v', 'v');
  set('tau', 'tau');
  // an explicit --tau replaces a preset's varied τ
  if (o.tau !== undefined && base.vary && 'tau' in base.vary) {
    const { tau: _t, ...rest } = base.vary;
    void _t;
    base.vary = Object.keys(rest).length ? rest : undefined;
    if (!base.vary) delete base.vary;
  }
  set('method', 'method');
  set('draws', 'draws');
  set('runs', 'runs');
  set('gammaFraction', 'gamma-fraction');
  set('batch', 'batch');
  set('seed', 'seed');
  set('rmaxFactor', 'rmax-factor');
  if (o.rmax !== undefined) {
    const r = o.rmax as number[];
    base.rmax = r.length === 1 ? r[0]! : r;
  }
  set('checkpoints', 'checkpoints');
  if (o.window !== undefined) {
    const w = o.window as number[];
    if (w.length !== 2) throw new ParamError('--window', `expected two numbers Cmin,Cmax, got ${w.length}`);
    base.window = [w[0]!, w[1]!];
  }
  set('bootstrap', 'bootstrap');
  set('level', 'level');
  set('perDecade', 'per-decade');
  set('isoflopPoints', 'isoflop-points');
  Object.assign(base, takeOptimizerArgs({ ...o }));
  if (vary.length) {
    const v: Record<string, NonNullable<StudySpecInput['vary']>[string]> = { ...(base.vary ?? {}) };
    for (const text of vary) {
      const [k, values] = parseAssignment('--vary', text);
      if (k in v) throw new ParamError('--vary', `key "${k}" given twice`);
      v[k] = values;
    }
    // a preset's τ list gives way to a varied τ
    if ('tau' in v && o.tau === undefined) delete base.tau;
    base.vary = v;
  }
  if (o.reference !== undefined) {
    const ref: Record<string, number | string> = {};
    for (const part of String(o.reference).split(/[;,](?=[^,;=]+=)/)) {
      const [k, values] = parseAssignment('--reference', part);
      if (values.length !== 1) throw new ParamError('--reference', `one value per key (KEY=V), got "${part}"`);
      ref[k] = values[0]!;
    }
    base.reference = ref;
  }
  if (o['spectrum-name'] !== undefined && o.spectrum === undefined) throw new ParamError('--spectrum-name', 'needs --spectrum FILE');
  if (o.spectrum !== undefined) {
    if (o.alpha !== undefined || o.beta !== undefined) throw new ParamError(o.alpha !== undefined ? '--alpha' : '--beta', 'give either --alpha/--beta or --spectrum, not both');
    (base as Record<string, unknown>).spectrum = loadSpectrumFile(String(o.spectrum), o['spectrum-name'] as string | undefined).spectrum;
    delete base.alpha;
    delete base.beta;
    delete base.vRatio;
  }
  // names on a spectrum axis (power-law, a data set, file:PATH) → spectrum objects (services/spectrum-axis.ts)
  try {
    base = resolveSpectrumAxis(base, { backend: getBackend, files: true });
  } catch (e) {
    if (e instanceof ParamError) throw flagError(e);
    throw e;
  }
  const dataAxis = ((base.vary as Record<string, unknown[]> | undefined)?.spectrum ?? []).some((x) => typeof x === 'object');
  for (const [k, flag] of [
    ['alpha', '--alpha'],
    ['beta', '--beta'],
    ['dgrid', '--dgrid'],
  ] as const) {
    if (base[k] === undefined && !((k === 'alpha' || k === 'beta') && ((base as Record<string, unknown>).spectrum || dataAxis))) throw new ParamError(flag, 'required (or give --preset or --spectrum)');
  }
  return base as StudySpecInput;
}

/** map a spec field to its CLI flag for error messages */
const FLAG: Record<string, string> = {
  alpha: '--alpha',
  beta: '--beta',
  dgrid: '--dgrid',
  v: '--v',
  vRatio: '--v-ratio',
  batch: '--batch',
  gammaFraction: '--gamma-fraction',
  tau: '--tau',
  method: '--method',
  draws: '--draws',
  runs: '--runs',
  seed: '--seed',
  rmaxFactor: '--rmax-factor',
  rmax: '--rmax',
  checkpoints: '--checkpoints',
  window: '--window',
  bootstrap: '--bootstrap',
  level: '--level',
  perDecade: '--per-decade',
  isoflopPoints: '--isoflop-points',
  vary: '--vary',
  reference: '--reference',
  ...optimizerFlags,
  spectrum: '--spectrum',
};

/** a ParamError of the spec → the same error naming the CLI flag ("vary.batch" → "--vary batch") */
export function flagError(e: ParamError): ParamError {
  const [head, sub] = e.param.split('.');
  const detail = e.message.slice(e.param.length + 2);
  if ((head === 'vary' || head === 'reference') && sub) return new ParamError(`${FLAG[head]} ${sub}`, detail);
  return new ParamError(FLAG[head!] ?? e.param, detail);
}

/** progress on stderr with a stable ETA (compute/eta.ts; `priorSeconds`: the study's time estimate) */
function progressReporter(io: CliIO, priorSeconds: number | null = null): TaskContext['progress'] {
  let last = 0;
  const t0 = Date.now();
  const eta = new EtaEstimator(priorSeconds);
  return (p) => {
    const t = Date.now();
    const e = eta.update(p.fraction, t - t0);
    const etaS = e === null || p.fraction >= 1 ? '' : `  ETA ${e < 60 ? e.toFixed(0) + ' s' : (e / 60).toFixed(1) + ' min'}`;
    if (io.tty) io.stderr(`\r\x1b[K${(100 * p.fraction).toFixed(0).padStart(3)}%  ${p.phase}${etaS}`);
    else if (t - last >= 1000 || p.fraction >= 1) {
      io.stderr(`${(100 * p.fraction).toFixed(0).padStart(3)}%  ${p.phase}${etaS}\n`);
      last = t;
    }
    if (io.tty && p.fraction >= 1) io.stderr('\n');
  };
}

const tauLabel = (c: number) => (c === 0 ? 'τ = 0' : c === 1 ? 'τ = 1/√d' : `τ = ${c}/√d`);
const f4 = (x: number) => (Number.isFinite(x) ? x.toFixed(4) : 'n/a');
const e3 = (x: number) => (Number.isFinite(x) ? x.toExponential(3) : 'n/a');

export function formatStudy(res: StudyResult): string {
  const lines: string[] = [];
  const p = res.params;
  if (res.spectrum) {
    const f = res.spectrum.fit;
    lines.push(`spectrum "${res.spectrum.name}" (${res.spectrum.hash.slice(0, 19)}…), v = ${res.spectrum.v}`);
    lines.push(`  power-law fit over j = ${f.D.range[0]}..${f.D.range[1]}: D_j ≈ ${Math.exp(f.D.logC).toPrecision(4)}·j^-${(2 * f.alpha).toFixed(4)} (α = ${f4(f.alpha)}, rms ${f.D.rmsLog10.toFixed(3)} decades), |b_j| ≈ ${Math.exp(f.b.logC).toPrecision(4)}·j^-${f4(f.beta)} (β = ${f4(f.beta)}, rms ${f.b.rmsLog10.toFixed(3)} decades)`);
    for (const n of f.notes) lines.push(`  note: ${n}`);
  }
  lines.push(`study (α, β) = (${p.alpha}, ${p.beta}), method ${p.method}, d = ${p.dgrid.join(',')}, ${p.v !== undefined ? `v = ${p.v}` : `v = ${p.vRatio}·d`}, B = ${p.batch}, γ = ${p.gammaFraction}·γ_max, draws ${p.draws}`);
  lines.push('');
  const labels = res.fits.map((f) => f.variant_label ?? tauLabel(f.tau));
  const w = Math.max(6, ...labels.map((l) => l.length));
  lines.push(`  ${'variant'.padEnd(w)}        s        η   η interval            ξ   ξ interval        window [Cmin, Cmax]        R(C_ref)   IsoFLOP ξ  η halves (L/R)`);
  res.fits.forEach((f, i) => {
    lines.push(
      `  ${labels[i]!.padEnd(w)} ${e3(f.s).padStart(10)} ${f4(f.eta).padStart(8)}   [${f4(f.eta_ci[0])}, ${f4(f.eta_ci[1])}]  ${f4(f.xi).padStart(7)}   [${f4(f.xi_ci[0])}, ${f4(f.xi_ci[1])}]  [${e3(f.window[0])}, ${e3(f.window[1])}]  ${e3(f.R_ref).padStart(10)}  ${f4(f.isoflop_xi).padStart(8)}  ${f4(f.halves.left)}/${f4(f.halves.right)}`,
    );
  });
  lines.push('');
  res.fits.forEach((f, i) => {
    for (const x of f.warnings) lines.push(`warning (${labels[i]}): ${x}`);
  });
  const refLabel = labels[res.reference] ?? '';
  res.fits.forEach((_f, i) => {
    if (i === res.reference || res.fits.length < 2) return;
    const pairing = res.fits[i]!.delta_eta_pairing;
    const how = pairing === 'paired-z' ? ' (paired over draws of Z; the spectra differ)' : pairing === 'independent' ? ' (independent intervals)' : '';
    lines.push(`Δη = η(${labels[i]}) − η(${refLabel}) = ${f4(res.delta_eta[i]!)}   interval [${f4(res.delta_eta_ci[i]![0])}, ${f4(res.delta_eta_ci[i]![1])}]${how}`);
  });
  res.fits.forEach((f, i) =>
    lines.push(`η (${labels[i]}) over ${f.eta_window.length} sub-windows: [${f4(f.eta_window_range[0])}, ${f4(f.eta_window_range[1])}]; bootstrap ∪ window: [${f4(f.eta_ci_combined[0])}, ${f4(f.eta_ci_combined[1])}]`),
  );
  res.fits.forEach((_f, i) => {
    if (i === res.reference || res.fits.length < 2) return;
    const wr = res.delta_eta_window_range[i];
    const cc = res.delta_eta_ci_combined[i];
    if (wr && cc) lines.push(`Δη (${labels[i]}) over the sub-windows: [${f4(wr[0])}, ${f4(wr[1])}]; bootstrap ∪ window: [${f4(cc[0])}, ${f4(cc[1])}]`);
  });
  const t = res.theory;
  lines.push(`theory (τ = 0): phase ${t.phase}${t.boundary.length ? ` (on the ${t.boundary.join('/')} boundary)` : ''}, η = ${f4(t.eta)}, ξ = ${f4(t.xi)}`);
  const cim = res.fits[0]?.ci_method ?? 'none';
  lines.push(`C_ref = ${e3(res.C_ref)}; intervals: ${cim === 'none' ? 'none' : `${cim} bootstrap (${p.bootstrap} replicates), level ${p.level}`}; ${res.timings.units} units in ${(res.timings.totalMs / 1000).toFixed(2)} s`);
  return lines.join('\n') + '\n';
}

export const studyCommand: Command = {
  name: 'study',
  summary: 'compute-optimal study: frontier, fits of η and ξ, variants (τ = 0 vs c/√d, batch, …) and Δη',
  async run(argv, io) {
    const { rest, vary } = extractVary(argv);
    const { opts } = parseArgs(rest, specs);
    if (opts.help) {
      io.stdout(helpText(USAGE, specs, EXTRA));
      return 0;
    }
    if (opts.preset === 'phase-sweep') {
      if (vary.length) throw new ParamError('--vary', 'not allowed with --preset phase-sweep');
      return runSweep(opts, io);
    }
    const input = buildInput(opts, vary);
    let spec;
    try {
      spec = validateStudySpec(input);
      admitCli('study', input as Record<string, unknown>, opts.yes === true);
    } catch (e) {
      if (e instanceof ParamError) throw flagError(e);
      throw e;
    }
    if (opts.threads !== undefined && !((opts.threads as number) >= 1)) throw new ParamError('--threads', 'an integer ≥ 1');
    let prior: number | null = null;
    try {
      configureEstimateMachine();
      if (opts.threads !== undefined) setEstimateMachine({ lanes: opts.threads as number });
      const k = getKind('study');
      prior = k.estimate(k.validate(input)).seconds;
    } catch {
      prior = null;
    }
    const ctx: TaskContext = { progress: progressReporter(io, prior), cancelled: () => false };
    const res = await runStudyParallel(spec, ctx, { threads: opts.threads as number | undefined });
    if (opts.json) {
      const out: Record<string, unknown> = {
        fits: res.fits,
        delta_eta: res.delta_eta,
        theory: res.theory,
        delta_eta_ci: res.delta_eta_ci,
        delta_eta_window_range: res.delta_eta_window_range,
        delta_eta_ci_combined: res.delta_eta_ci_combined,
        reference: res.reference,
        C_ref: res.C_ref,
        params: res.params,
        frontiers: res.frontiers,
        isoflop: res.isoflop,
        timings: res.timings,
        ...(res.gammaLimit !== undefined ? { gammaLimit: res.gammaLimit } : {}),
        ...(res.spectrum ? { spectrum: res.spectrum } : {}),
      };
      if (!opts['no-curves']) out.curves = res.curves;
      io.stdout(JSON.stringify(out) + '\n');
    } else io.stdout(formatStudy(res));
    return 0;
  },
};

async function runSweep(o: Record<string, unknown>, io: CliIO): Promise<number> {
  const overrides: Partial<StudySpecInput> = {};
  if (o.method !== undefined) overrides.method = o.method as StudySpecInput['method'];
  if (o.dgrid !== undefined) overrides.dgrid = o.dgrid as number[];
  if (o['v-ratio'] !== undefined) overrides.vRatio = o['v-ratio'] as number;
  if (o.draws !== undefined) overrides.draws = o.draws as number;
  if (o.bootstrap !== undefined) overrides.bootstrap = o.bootstrap as number;
  if (o['gamma-fraction'] !== undefined) overrides.gammaFraction = o['gamma-fraction'] as number;
  for (const k of ['alpha', 'beta', 'tau', 'v', 'window', 'rmax']) if (o[k] !== undefined) throw new ParamError(`--${k}`, 'not allowed with --preset phase-sweep (the sweep sets it)');
  const backend = getBackend();
  const ctx: TaskContext = { progress: progressReporter(io), cancelled: () => false };
  const executor = threadExecutor({ threads: o.threads as number | undefined, fallbackBackend: backend });
  let res;
  try {
    res = await runPhaseSweep(backend, ctx, overrides, { executor });
  } finally {
    await executor.close();
  }
  if (o.json) io.stdout(JSON.stringify({ sweep: res.rows }) + '\n');
  else {
    const lines = ['phase sweep (τ = 0): measured η, ξ vs theory', '', '  phase      (α, β)        η theory   η fit   η interval        fit−theory  ξ theory  ξ fit'];
    for (const r of res.rows) {
      lines.push(
        `  ${r.theory.phase.padEnd(8)} (${r.alpha}, ${r.beta})`.padEnd(26) +
          `${f4(r.theory.eta).padStart(9)} ${f4(r.eta).padStart(8)}   [${f4(r.eta_ci[0])}, ${f4(r.eta_ci[1])}]  ${f4(r.eta_error).padStart(7)}  ${f4(r.theory.xi).padStart(8)} ${f4(r.xi).padStart(7)}`,
      );
    }
    io.stdout(lines.join('\n') + '\n');
  }
  return 0;
}
