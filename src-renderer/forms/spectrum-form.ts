// New run with a data spectrum (issue 14): the form's α, β (and v/d for studies) give way to the
// spectrum; the params carry it, v defaults to its length, and the shared validators do the rest
// (errors naming spectrum fields land on the form). Pure.
import type { DataSpectrum } from '../../src-shared/spectrum/source';

export function spectrumHidden(kind: string, s: DataSpectrum | null): string[] {
  if (!s) return [];
  return kind === 'study' ? ['alpha', 'beta', 'vRatio'] : ['alpha', 'beta'];
}

export function applySpectrum(kind: string, s: DataSpectrum | null, params: Record<string, unknown>, errors: Record<string, string>): void {
  if (!s) return;
  for (const k of spectrumHidden(kind, s)) {
    delete params[k];
    delete errors[k];
  }
  if (errors.v === 'required') delete errors.v;
  params.spectrum = s;
}

/**
 * A study comparing spectra by name (`vary.spectrum = power-law, digits`, the spectrum-digits
 * preset): the data set is resolved by the service (src-main/services/spectrum-axis.ts), which also
 * defaults α, β to the data's fitted exponents and v to its length — so those fields may stay empty
 * and the form's own check of the shared validators is left to the service's estimate (its errors
 * come back naming the field). True when that is the case.
 */
export function deferSpectrumAxis(params: Record<string, unknown>, errors: Record<string, string>): boolean {
  const vary = params.vary as Record<string, unknown[]> | undefined;
  const names = Array.isArray(vary?.spectrum) ? vary!.spectrum.filter((x) => typeof x === 'string' && x !== 'power-law') : [];
  if (!names.length) return false;
  for (const k of ['alpha', 'beta', 'v']) if (errors[k] === 'required') delete errors[k];
  return true;
}
