// `plrf spectrum --method de|empirical --alpha A --beta B --v V --d D [--tau C] [--draws K]
// [--seed S] [--bins N] [--json]` (DESIGN.md §6): eigenvalue density of K = W̃ᵀDW̃ (normalised
// per unit λ over the d nonzero eigenvalues), F₀ and the outlier. JSON:
// { lambda, density, F0, outlier: null | {lambda, weight}, method, params, … extras }.
import type { Command } from '../command';
import { helpText, parseArgs, type OptSpecs } from '../args';
import { ParamError } from '../../../src-shared/params/errors';
import { runSpectrum } from '../../../src-shared/compute/spectrum-task';
import { getBackend } from '../../linalg/select';
import { YES_OPT, admitCli } from '../admit';
import { loadSpectrumFile } from '../spectrum-input';
import { spectrumImport } from './spectrum-import';

const specs: OptSpecs = {
  method: { type: 'string', help: 'de (deterministic equivalent) | empirical (histogram over draws)', default: 'de' },
  alpha: { type: 'number', help: 'data exponent α > 0' },
  beta: { type: 'number', help: 'target exponent β, 2α + 2β > 1' },
  v: { type: 'int', help: 'latent dimension v > d' },
  d: { type: 'int', help: 'model size d' },
  tau: { type: 'number', help: 'spike strength c, τ = c/√d', default: 0 },
  draws: { type: 'int', help: 'empirical: number of draws', default: 10 },
  seed: { type: 'int', help: 'empirical: random seed', default: 0 },
  bins: { type: 'int', help: 'empirical: number of log-spaced bins', default: 60 },
  ...YES_OPT,
  spectrum: { type: 'string', help: 'data spectrum file in place of --alpha/--beta (v from the file)' },
  'spectrum-name': { type: 'string', help: 'display name of the --spectrum (default the file name)' },
  json: { type: 'bool', help: 'print one JSON document on stdout' },
  help: { type: 'bool', help: 'show this help' },
};
const usage =
  'usage: plrf spectrum --method de|empirical (--alpha A --beta B --v V | --spectrum FILE) --d D [--tau C] [--draws K] [--seed S] [--bins N] [--json]\n' +
  '       plrf spectrum import FILE | --data X.npy (--target y.npy | --target-column K|last) [--name N] [--fit-range J0,J1] [--out FILE] [--json]';

function fmt(x: number): string {
  return Number.isFinite(x) ? x.toPrecision(6) : String(x);
}

export const spectrumCommand: Command = {
  name: 'spectrum',
  summary: 'eigenvalue density, F0 and outlier (deterministic equivalent or empirical)',
  async run(argv, io) {
    if (argv[0] === 'import') return spectrumImport(argv.slice(1), io);
    const { opts } = parseArgs(argv, specs);
    if (opts.help) {
      io.stdout(helpText(usage, specs));
      return 0;
    }
    const spectrum = opts.spectrum !== undefined ? loadSpectrumFile(String(opts.spectrum), opts['spectrum-name'] as string | undefined).spectrum : undefined;
    for (const k of spectrum ? ['d'] : ['alpha', 'beta', 'v', 'd']) if (opts[k] === undefined) throw new ParamError(k, 'required');
    const method = opts.method as string;
    if (method !== 'de' && method !== 'empirical') throw new ParamError('method', `must be de or empirical, got "${method}"`);
    let last = '';
    const ctx = {
      progress: (p: { fraction: number; phase: string }) => {
        if (io.tty && p.phase !== last) io.stderr(`\r${(100 * p.fraction).toFixed(0).padStart(3)}% ${p.phase}\x1b[K`);
        last = p.phase;
      },
      cancelled: () => false,
    };
    const raw = {
      method,
      alpha: opts.alpha as number,
      beta: opts.beta as number,
      v: opts.v as number,
      d: opts.d as number,
      tau: opts.tau as number,
      draws: opts.draws as number,
      seed: opts.seed as number,
      bins: opts.bins as number,
      ...(spectrum ? { spectrum } : {}),
    };
    // memory and time budget before any work (v = 1e6, d = 1000 would fill an 8 GB array)
    admitCli('spectrum', raw, opts.yes === true);
    const res = runSpectrum(
      raw as Parameters<typeof runSpectrum>[0],
      method === 'empirical' ? getBackend() : (null as never),
      ctx,
    );
    if (io.tty) io.stderr('\r\x1b[K');
    if (opts.json) {
      io.stdout(JSON.stringify(res) + '\n');
      return 0;
    }
    const p = res.params;
    const lines = [
      `spectrum method=${p.method} alpha=${p.alpha} beta=${p.beta} v=${p.v} d=${p.d} tau=${p.tau}/√d` + (p.method === 'empirical' ? ` draws=${p.draws}` : ''),
      `F0 = ${fmt(res.F0)}` + (res.F0_se !== undefined ? ` ± ${fmt(res.F0_se)}` : ''),
      `outlier: ${res.outlier ? `lambda = ${fmt(res.outlier.lambda)}, weight (aᵀu)² = ${fmt(res.outlier.weight)}` : 'none'}`,
      `${res.lambda.length} points, λ from ${fmt(res.lambda[0]!)} to ${fmt(res.lambda[res.lambda.length - 1]!)} (density per unit λ, ∫ = 1)`,
      '',
      `${'lambda'.padStart(14)} ${'density'.padStart(14)}`,
    ];
    const step = Math.max(1, Math.floor(res.lambda.length / 60));
    for (let i = 0; i < res.lambda.length; i += step) lines.push(`${fmt(res.lambda[i]!).padStart(14)} ${fmt(res.density[i]!).padStart(14)}`);
    io.stdout(lines.join('\n') + '\n');
    return 0;
  },
};
