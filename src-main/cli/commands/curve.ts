// `plrf curve`: one expected-risk curve (DESIGN.md §6). Options map 1:1 onto CurveParams
// (src-shared/params/model-params.ts); validation errors are ParamErrors naming the flag's field
// (exit 2). JSON: { params (resolved, incl. gamma, gammaFraction, gammaMax), r, risk, sigma2?,
// quantiles?, stderr?, riskInfinity?, draws, divergence?, timings }.
import { resolvedOptimizerText, type ResolvedOptimizer } from '../../../src-shared/params/optimizer-params';
import type { Command } from '../command';
import { helpText, parseArgs, type OptSpecs } from '../args';
import { ParamError } from '../../../src-shared/params/errors';
import { runCurve } from '../../../src-shared/compute/curve-task';
import { CURVE_METHODS, DEFAULT_GAMMA_FRACTION, curveParamsSchema } from '../../../src-shared/params/model-params';
import { getBackend } from '../../linalg/select';
import { admitCli } from '../admit';
import { optimizerHelp, optimizerSpecs, takeOptimizerArgs } from '../optimizer-args';
import { loadSpectrumFile } from '../spectrum-input';

const d = (k: keyof typeof curveParamsSchema.shape): string => curveParamsSchema.shape[k].description ?? '';

const specs: OptSpecs = {
  method: { type: 'string', help: `${CURVE_METHODS.join('|')}: ${d('method')}`, default: 'exact' },
  alpha: { type: 'number', help: d('alpha') },
  beta: { type: 'number', help: d('beta') },
  v: { type: 'int', help: d('v') },
  d: { type: 'int', help: d('d') },
  tau: { type: 'number', help: d('tau'), default: 0 },
  gamma: { type: 'string', help: d('gamma') + '; or C,P[,T0]: SGD schedule γ_t = C·(1 + t/T0)^P' },
  'gamma-fraction': { type: 'number', help: d('gammaFraction') },
  batch: { type: 'int', help: d('batch'), default: 1 },
  rmax: { type: 'int', help: d('rmax'), default: 10000 },
  checkpoints: { type: 'int', help: d('checkpoints'), default: 100 },
  draws: { type: 'int', help: d('draws'), default: 1 },
  runs: { type: 'int', help: d('runs'), default: 100 },
  seed: { type: 'int', help: d('seed'), default: 0 },
  naive: { type: 'bool', help: d('naive') },
  yes: { type: 'bool', help: 'run even if the time estimate is over the time budget (PLRF_TIME_BUDGET)' },
  ...optimizerSpecs,
  spectrum: { type: 'string', help: 'data spectrum file (CSV lambda,b | JSON | .npy | .npz) in place of --alpha/--beta; v from the file' },
  'spectrum-name': { type: 'string', help: 'display name of the --spectrum (default the file name)' },
  json: { type: 'bool', help: 'print one JSON document on stdout' },
  help: { type: 'bool', help: 'show this help' },
};

const usage =
  'usage: plrf curve --method exact|sgd|de (--alpha A --beta B --v V | --spectrum FILE [--v V]) --d D [--tau C] [--gamma G | --gamma-fraction F]\n' +
  '                  [--batch B] [--rmax R] [--checkpoints N] [--draws K] [--runs N] [--seed S] [--naive] [--json]\n' +
  '                  [--optimizer sgd|momentum|dana|dana-constant|dana-decaying] [--gamma G | --gamma C,P[,T0]] [--momentum MU]\n' +
  '                  [--g1 S] [--g2 S] [--g3 S] [--delta S] [--lr-schedule power|wsd|cosine] [--warmup N] [--decay-fraction F]';

const extra = [
  'Step size: γ = F·γ_max with F = --gamma-fraction (default ' + DEFAULT_GAMMA_FRACTION + '), γ_max the exact stability',
  'limit of the drawn problem (sup γ with γ(B+1)λ_max < 2 and Σ_j γλ_j/(2 − γ(B+1)λ_j) < 1), the minimum over draws',
  'when --draws > 1. --gamma G gives γ directly and must be below γ_max. The resolved gamma, gammaFraction and',
  'gammaMax are recorded in the result. τ = c/√d with c = --tau. Checkpoints are log-spaced steps 0..rmax.',
  'Methods: exact = closed-form expected risk per draw; sgd = simulated SGD (rotated, exact in law; --naive for the',
  'O(B·v·d) reference), mean and quantile bands over runs; de = deterministic equivalent (γ_max of its support',
  'measure: the outlier as one point mass, negligible top atoms merged; the result carries gammaLimit: 2).',
  optimizerHelp,
].join('\n');

function fmt(x: number): string {
  return Number.isFinite(x) ? x.toPrecision(6) : String(x);
}

export const curveCommand: Command = {
  name: 'curve',
  summary: 'expected risk curve R(r) of one-pass SGD (exact, sgd or de)',
  async run(argv, io) {
    const { opts } = parseArgs(argv, specs);
    if (opts.help) {
      io.stdout(helpText(usage, specs, extra));
      return 0;
    }
    const raw: Record<string, unknown> = takeOptimizerArgs(opts);
    const map: Record<string, string> = { 'gamma-fraction': 'gammaFraction' };
    for (const [k, v] of Object.entries(opts)) {
      if (k === 'json' || k === 'help' || k === 'yes' || k === 'spectrum' || k === 'spectrum-name') continue;
      raw[map[k] ?? k] = v;
    }
    if (opts['spectrum-name'] !== undefined && opts.spectrum === undefined) throw new ParamError('spectrum-name', 'needs --spectrum FILE');
    if (opts.spectrum !== undefined) raw.spectrum = loadSpectrumFile(String(opts.spectrum), opts['spectrum-name'] as string | undefined).spectrum;
    let lastPhase = '';
    const ctx = {
      progress: (p: { fraction: number; phase: string }) => {
        if (p.phase !== lastPhase && io.tty) io.stderr(`\r${(100 * p.fraction).toFixed(0).padStart(3)}% ${p.phase}\x1b[K`);
        lastPhase = p.phase;
      },
      cancelled: () => false,
    };
    // the same admission as a stored run: memory and time budget before any work
    admitCli(raw.method === 'de' ? 'volterra' : 'sgd', raw, opts.yes === true);
    const res = runCurve(raw, getBackend(), ctx);
    if (io.tty) io.stderr('\r\x1b[K');
    if (opts.json) {
      io.stdout(JSON.stringify(res) + '\n');
      return 0;
    }
    const p = res.params;
    const lines = [
      ...(p.spectrum ? [`spectrum "${p.spectrum.name}" (${p.spectrum.hash.slice(0, 19)}…), fitted alpha=${p.alpha.toFixed(4)} beta=${p.beta.toFixed(4)}`] : []),
      `curve method=${p.method} alpha=${p.alpha} beta=${p.beta} v=${p.v} d=${p.d} tau=${p.tau}/√d batch=${p.batch} draws=${p.draws}` +
        (p.method === 'sgd' ? ` runs=${p.runs}${p.naive ? ' (naive)' : ''}` : ''),
      `gamma=${fmt(p.gamma)} (= ${fmt(p.gammaFraction)} · gamma_max, gamma_max=${fmt(p.gammaMax)})` +
        (res.sigma2 !== undefined ? `  sigma2=${fmt(res.sigma2)}` : '') +
        (res.riskInfinity !== undefined ? `  R(inf)=${fmt(res.riskInfinity)}` : ''),
      ...('optimizerResolved' in p && p.optimizerResolved ? [resolvedOptimizerText(p.optimizerResolved as ResolvedOptimizer)] : []),
      '',
      res.quantiles ? `${'r'.padStart(12)} ${'risk'.padStart(14)} ${'q05'.padStart(12)} ${'q95'.padStart(12)}` : `${'r'.padStart(12)} ${'risk'.padStart(14)}`,
    ];
    for (let k = 0; k < res.r.length; k++) {
      let line = `${String(res.r[k]).padStart(12)} ${fmt(res.risk[k]!).padStart(14)}`;
      if (res.quantiles) line += ` ${fmt(res.quantiles.q05[k]!).padStart(12)} ${fmt(res.quantiles.q95[k]!).padStart(12)}`;
      lines.push(line);
    }
    if (res.divergence) lines.push('', `warning: ${res.divergence.count} of ${res.divergence.runs} runs diverged and were left out`);
    io.stdout(lines.join('\n') + '\n');
    return 0;
  },
};
