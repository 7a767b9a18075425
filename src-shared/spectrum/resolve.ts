// Resolve a parameter object that carries a data spectrum (issue 14), shared by the curve, study
// and spectrum tasks before their own schema validation:
//   - `spectrum` is checked (shape, content rules, content hash) — ParamError('spectrum.…');
//   - `alpha`, `beta` become the exponents of the power-law fit of the spectrum (power-fit.ts):
//     they are what the theory (phases, η, ξ, display ranges) uses; the engines use D and b.
//     Given explicitly together with a spectrum they must equal the fit (so stored, resolved
//     params validate again), otherwise ParamError('alpha'|'beta');
//   - `v` defaults to the spectrum's length and must not exceed it (the first v entries are used).
// Without a spectrum the object is returned unchanged.
import { ParamError } from '../params/errors';
import { fitSpectrum, type SpectrumFit } from './power-fit';
import { validateDataSpectrum, type DataSpectrum } from './source';

export function resolveSpectrumParams<T extends Record<string, unknown>>(raw: T, opts: { fixV?: boolean } = {}): T & { spectrum?: DataSpectrum } {
  if (raw.spectrum === undefined) return raw;
  const s = validateDataSpectrum(raw.spectrum);
  const fit = spectrumFitOf(s);
  const out: Record<string, unknown> = { ...raw, spectrum: s };
  for (const k of ['alpha', 'beta'] as const) {
    const f = fit[k];
    if (raw[k] === undefined) out[k] = f;
    else if (raw[k] !== f) throw new ParamError(k, `with a data spectrum ${k} is the fitted exponent (${f}); leave it out`);
  }
  if (opts.fixV !== false) {
    const v = s.lambda.length;
    if (raw.v === undefined) out.v = v;
    else if (typeof raw.v === 'number' && raw.v > v) throw new ParamError('v', `must be ≤ the spectrum's length ${v} ("${s.name}"), got ${raw.v}`);
  }
  return out as T & { spectrum?: DataSpectrum };
}

/** the default power-law fit of a stored spectrum (whole range) */
export function spectrumFitOf(s: DataSpectrum): SpectrumFit {
  return fitSpectrum(s.lambda, s.b);
}
