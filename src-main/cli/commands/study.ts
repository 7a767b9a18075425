// `plrf study`: a compute-optimal study (DESIGN.md §4, §6) — risk curves over a grid of model
// sizes for each τ, the frontier R*(C) = min_d R_d(C/(B d)), fits of η and ξ with bootstrap
// intervals, and Δη between the first and the last τ. Units (τ, d, draw) run on worker threads
// (src-main/study/pool.ts; PLRF_STUDY_THREADS or --threads, default all cores).
//
// JSON (--json): { "fits": [ { "tau", "s", "eta", "eta_ci", "xi", "xi_ci", "window", … } ],
// "delta_eta", "theory": { "phase", "eta", "xi", … }, … } — extended with delta_eta_ci, C_ref,
// params, frontiers, isoflop, curves (omit with --no-curves), timings. NaN is written as null.
import type { Command, CliIO } from '../command';
import { helpText, parseArgs, type OptSpecs } from '../args';
import { ParamError } from '../../../src-shared/params/errors';
import { validateStudySpec, type StudySpecInput } from '../../../src-shared/params/study-params';
import { STUDY_PRESETS, getPreset } from '../../../src-shared/study/presets';
import type { StudyResult } from '../../../src-shared/compute/study-task';
import type { TaskContext } from '../../../src-shared/compute/task';
import { runStudyParallel } from '../../study/run';
import { runPhaseSweep } from '../../../src-shared/study/sweep';
import { getBackend } from '../../linalg/select';
import { threadExecutor } from '../../study/pool';
import { loadSpectrumFile } from '../spectrum-input';
import { DATASET_PRESETS, getDatasetPreset } from '../../services/datasets';

const specs: OptSpecs = {
  preset: { type: 'string', help: `start from a preset (${STUDY_PRESETS.map((p) => p.name).join(', ')}; other options override it), or phase-sweep (one de study per phase: measured η vs theory)` },
  alpha: { type: 'number', help: 'data exponent α > 0' },
  beta: { type: 'number', help: 'target exponent β (2α + 2β > 1)' },
  dgrid: { type: 'intlist', help: 'model sizes, e.g. 50,100,200,400,800,1600 (≥ 3)' },
  'v-ratio': { type: 'number', help: 'latent dimension v = ⌈ratio·d⌉ (> 1; default 2)' },
  v: { type: 'int', help: 'fixed latent dimension v (> every d)' },
  tau: { type: 'numlist', help: 'spike strengths c, τ = c/√d (default 0,1; Δη = η(last) − η(first))' },
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
  spectrum: { type: 'string', help: 'data spectrum file (CSV lambda,b | JSON | .npy | .npz) in place of --alpha/--beta; v fixed (its length, or --v ≤ it)' },
  'spectrum-name': { type: 'string', help: 'display name of the --spectrum (default the file name)' },
  threads: { type: 'int', help: 'computing lanes: this thread + (threads − 1) worker threads (default: PLRF_STUDY_THREADS or all cores)' },
  'no-curves': { type: 'bool', help: 'leave the risk curves out of the JSON' },
  json: { type: 'bool', help: 'one JSON document on stdout' },
  help: { type: 'bool', help: 'this help' },
};

const USAGE =
  'usage: plrf study --alpha A --beta B --dgrid 50,100,…,1600 (--v-ratio X | --v V) --tau 0,1 --method exact|sgd|de\n' +
  '                  [--draws K] [--runs N] [--gamma-fraction F] [--batch B] [--seed S] [--json]';

const EXTRA = [
  'Compute C = B·d·r. Each size is simulated from r = 1 to rmax_d (default: 10 × the time scale d^{2α}·E tr K/B',
  'of the d-th eigenvalue, so every size reaches its plateau). Frontier: R*(C) = min_d R_d(C/(B d)), log–log',
  'interpolation, only where ≥ 2 sizes are in range. Fits: log R* = log s − η log C over the window; ξ from the',
  'size switches (d* = √(d_i d_{i+1}) at each switch); IsoFLOP parabolas as a second ξ estimate.',
  'Intervals: percentile bootstrap over draws (paired across τ; over runs for sgd with one draw), else residual',
  'bootstrap (one draw, or de). Warnings flag windows/frontiers limited by the grid or by rmax.',
  'Presets: ' + [...STUDY_PRESETS, ...DATASET_PRESETS].map((p) => `${p.name} — ${p.title}`).join('; '),
].join('\n');

function buildInput(o: Record<string, unknown>): StudySpecInput {
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
  if (o['spectrum-name'] !== undefined && o.spectrum === undefined) throw new ParamError('--spectrum-name', 'needs --spectrum FILE');
  if (o.spectrum !== undefined) {
    if (o.alpha !== undefined || o.beta !== undefined) throw new ParamError(o.alpha !== undefined ? '--alpha' : '--beta', 'give either --alpha/--beta or --spectrum, not both');
    (base as Record<string, unknown>).spectrum = loadSpectrumFile(String(o.spectrum), o['spectrum-name'] as string | undefined).spectrum;
    delete base.alpha;
    delete base.beta;
    delete base.vRatio;
  }
  for (const [k, flag] of [
    ['alpha', '--alpha'],
    ['beta', '--beta'],
    ['dgrid', '--dgrid'],
  ] as const) {
    if (base[k] === undefined && !((k === 'alpha' || k === 'beta') && (base as Record<string, unknown>).spectrum)) throw new ParamError(flag, 'required (or give --preset or --spectrum)');
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
  spectrum: '--spectrum',
};

function progressReporter(io: CliIO): TaskContext['progress'] {
  let last = 0;
  return (p) => {
    const t = Date.now();
    if (io.tty) io.stderr(`\r\x1b[K${(100 * p.fraction).toFixed(0).padStart(3)}%  ${p.phase}`);
    else if (t - last >= 1000 || p.fraction >= 1) {
      io.stderr(`${(100 * p.fraction).toFixed(0).padStart(3)}%  ${p.phase}\n`);
      last = t;
    }
    if (io.tty && p.fraction >= 1) io.stderr('\n');
  };
}

const tauLabel = (c: number) => (c === 0 ? '0' : c === 1 ? '1/√d' : `${c}/√d`);
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
  lines.push('  τ·√d        s        η   η interval            ξ   ξ interval        window [Cmin, Cmax]        R(C_ref)   IsoFLOP ξ  η halves (L/R)');
  for (const f of res.fits) {
    lines.push(
      `  ${String(f.tau).padEnd(6)} ${e3(f.s).padStart(10)} ${f4(f.eta).padStart(8)}   [${f4(f.eta_ci[0])}, ${f4(f.eta_ci[1])}]  ${f4(f.xi).padStart(7)}   [${f4(f.xi_ci[0])}, ${f4(f.xi_ci[1])}]  [${e3(f.window[0])}, ${e3(f.window[1])}]  ${e3(f.R_ref).padStart(10)}  ${f4(f.isoflop_xi).padStart(8)}  ${f4(f.halves.left)}/${f4(f.halves.right)}`,
    );
  }
  lines.push('');
  for (const f of res.fits) for (const w of f.warnings) lines.push(`warning (τ = ${tauLabel(f.tau)}): ${w}`);
  if (res.fits.length >= 2) lines.push(`Δη = η(τ = ${tauLabel(res.fits[res.fits.length - 1]!.tau)}) − η(τ = ${tauLabel(res.fits[0]!.tau)}) = ${f4(res.delta_eta)}   interval [${f4(res.delta_eta_ci[0])}, ${f4(res.delta_eta_ci[1])}]`);
  const t = res.theory;
  lines.push(`theory (τ = 0): phase ${t.phase}${t.boundary.length ? ` (on the ${t.boundary.join('/')} boundary)` : ''}, η = ${f4(t.eta)}, ξ = ${f4(t.xi)}`);
  const cim = res.fits[0]?.ci_method ?? 'none';
  lines.push(`C_ref = ${e3(res.C_ref)}; intervals: ${cim === 'none' ? 'none' : `${cim} bootstrap (${p.bootstrap} replicates), level ${p.level}`}; ${res.timings.units} units in ${(res.timings.totalMs / 1000).toFixed(2)} s`);
  return lines.join('\n') + '\n';
}

export const studyCommand: Command = {
  name: 'study',
  summary: 'compute-optimal study: frontier, fits of η and ξ, τ = 0 vs τ = c/√d',
  async run(argv, io) {
    const { opts } = parseArgs(argv, specs);
    if (opts.help) {
      io.stdout(helpText(USAGE, specs, EXTRA));
      return 0;
    }
    if (opts.preset === 'phase-sweep') return runSweep(opts, io);
    const input = buildInput(opts);
    let spec;
    try {
      spec = validateStudySpec(input);
    } catch (e) {
      if (e instanceof ParamError) {
        const head = e.param.split('.')[0]!;
        throw new ParamError(FLAG[head] ?? e.param, e.message.slice(e.param.length + 2));
      }
      throw e;
    }
    if (opts.threads !== undefined && !((opts.threads as number) >= 1)) throw new ParamError('--threads', 'an integer ≥ 1');
    const ctx: TaskContext = { progress: progressReporter(io), cancelled: () => false };
    const res = await runStudyParallel(spec, ctx, { threads: opts.threads as number | undefined });
    if (opts.json) {
      const out: Record<string, unknown> = {
        fits: res.fits,
        delta_eta: res.delta_eta,
        theory: res.theory,
        delta_eta_ci: res.delta_eta_ci,
        C_ref: res.C_ref,
        params: res.params,
        frontiers: res.frontiers,
        isoflop: res.isoflop,
        timings: res.timings,
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
