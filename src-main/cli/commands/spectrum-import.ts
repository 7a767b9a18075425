// `plrf spectrum import FILE | --data X (--target y | --target-column K|last) [--name N]
// [--fit-range J0,J1] [--out FILE] [--json]` (issue 14): validate a spectrum file, or compute the
// covariance spectrum and target coefficients of a data matrix; fit power laws to D and |b| and
// show them. --out writes the spectrum as JSON (exact doubles) or CSV (shortest round-trip
// decimals) for later `--spectrum` use. JSON: { spectrum: {name, hash, v, lambda, b}, fit, notes,
// source: {kind: "file"|"data", …} }.
import { writeFileSync } from 'node:fs';
import type { CliIO } from '../command';
import { helpText, parseArgs, type OptSpecs } from '../args';
import { ParamError } from '../../../src-shared/params/errors';
import { fitSpectrum } from '../../../src-shared/spectrum/power-fit';
import { getBackend } from '../../linalg/select';
import { loadDataSpectrum, loadSpectrumFile } from '../spectrum-input';

const specs: OptSpecs = {
  data: { type: 'string', help: 'data matrix, samples × features (.npy or .csv, .gz allowed)' },
  target: { type: 'string', help: 'target vector, one per sample (.npy or one-column .csv)' },
  'target-column': { type: 'string', help: 'take the target from this column of --data (1-based, or "last")' },
  name: { type: 'string', help: 'display name (default the file name)' },
  'fit-range': { type: 'intlist', help: 'index range J0,J1 of the power-law fits (default 1,v)' },
  out: { type: 'string', help: 'write the spectrum to this file (.json or .csv)' },
  json: { type: 'bool', help: 'print one JSON document on stdout' },
  help: { type: 'bool', help: 'show this help' },
};
const usage = 'usage: plrf spectrum import FILE | --data X.npy (--target y.npy | --target-column K|last) [--name N] [--fit-range J0,J1] [--out FILE] [--json]';

const g = (x: number) => (Number.isFinite(x) ? x.toPrecision(6) : String(x));

export async function spectrumImport(argv: string[], io: CliIO): Promise<number> {
  const { opts, positionals } = parseArgs(argv, specs);
  if (opts.help) {
    io.stdout(helpText(usage, specs, 'A spectrum file has columns lambda,b (CSV), keys "lambda","b" (JSON/.npz) or shape (v, 2) (.npy).'));
    return 0;
  }
  const name = opts.name as string | undefined;
  let parsed;
  let source: Record<string, unknown>;
  if (opts.data !== undefined) {
    if (positionals.length) throw new ParamError('FILE', 'give either a spectrum FILE or --data, not both');
    const info = loadDataSpectrum(String(opts.data), { path: opts.target as string | undefined, column: opts['target-column'] as string | undefined }, getBackend(), name);
    parsed = info;
    source = { kind: 'data', data: String(opts.data), samples: info.samples, features: info.features, dropped: info.dropped, targetVariance: info.targetVariance, explained: info.explained };
  } else {
    if (positionals.length !== 1) throw new ParamError('FILE', positionals.length ? `one spectrum file, got ${positionals.length}` : 'required (a spectrum file, or --data X --target y)');
    if (opts.target !== undefined || opts['target-column'] !== undefined) throw new ParamError('--target', 'only with --data');
    parsed = loadSpectrumFile(positionals[0]!, name);
    source = { kind: 'file', file: positionals[0] };
  }
  const s = parsed.spectrum;
  const fr = opts['fit-range'] as number[] | undefined;
  if (fr && (fr.length !== 2 || !(fr[0]! >= 1 && fr[1]! > fr[0]! && fr[1]! <= s.lambda.length)))
    throw new ParamError('--fit-range', `expected J0,J1 with 1 ≤ J0 < J1 ≤ v = ${s.lambda.length}, got ${fr.join(',')}`);
  const fit = fitSpectrum(s.lambda, s.b, fr as [number, number] | undefined);
  const notes = [...parsed.notes, ...fit.notes];
  if (opts.out !== undefined) {
    const out = String(opts.out);
    if (out.endsWith('.json')) writeFileSync(out, JSON.stringify({ name: s.name, lambda: s.lambda, b: s.b }) + '\n');
    else if (out.endsWith('.csv')) writeFileSync(out, ['lambda,b', ...s.lambda.map((l, i) => `${l},${s.b[i]}`)].join('\n') + '\n');
    else throw new ParamError('--out', `must end in .json or .csv, got "${out}"`);
  }
  if (opts.json) {
    io.stdout(JSON.stringify({ spectrum: { name: s.name, hash: s.hash, v: s.lambda.length, lambda: s.lambda, b: s.b }, fit, notes, source }) + '\n');
    return 0;
  }
  const v = s.lambda.length;
  const lines = [
    `spectrum "${s.name}"  v = ${v}  ${s.hash}`,
    ...(source.kind === 'data' ? [`from data: ${source.samples} samples × ${source.features} features; ${source.dropped} zero directions dropped; linear part explains ${(100 * (source.explained as number)).toFixed(1)}% of Var(y)`] : []),
    `power-law fit over j = ${fit.D.range[0]}..${fit.D.range[1]}:`,
    `  D_j  ≈ ${g(Math.exp(fit.D.logC))} · j^-${g(fit.D.exponent)}   α = ${g(fit.alpha)}   rms residual ${fit.D.rmsLog10.toFixed(3)} decades (max ${fit.D.maxLog10.toFixed(3)})`,
    `  |b_j| ≈ ${g(Math.exp(fit.b.logC))} · j^-${g(fit.b.exponent)}   β = ${g(fit.beta)}   rms residual ${fit.b.rmsLog10.toFixed(3)} decades (max ${fit.b.maxLog10.toFixed(3)})`,
    fit.farFromPowerLaw ? '  → far from a power law: the theory row (phase, η, ξ) at the fitted (α, β) is only indicative' : '  → close to a power law',
    ...notes.map((n) => `note: ${n}`),
    '',
    `${'j'.padStart(8)} ${'lambda'.padStart(14)} ${'b'.padStart(14)} ${'fit lambda'.padStart(14)}`,
  ];
  const step = Math.max(1, Math.floor(v / 30));
  for (let j = 1; j <= v; j += step) lines.push(`${String(j).padStart(8)} ${g(s.lambda[j - 1]!).padStart(14)} ${g(s.b[j - 1]!).padStart(14)} ${g(Math.exp(fit.D.logC) * j ** -fit.D.exponent).padStart(14)}`);
  io.stdout(lines.join('\n') + '\n');
  return 0;
}
