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
