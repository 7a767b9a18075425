// A compact description of a data spectrum for results and lists (issue 14): its name, content
// hash, the v used and the power-law fit (α, β with ranges and residuals, "far from a power law").
import { fitSpectrum, type SpectrumFit } from './power-fit';
import type { DataSpectrum } from './source';

export interface SpectrumSummary {
  name: string;
  hash: string;
  /** entries in the stored spectrum */
  length: number;
  /** entries used (v) */
  v: number;
  fit: SpectrumFit;
}

export function spectrumSummary(s: DataSpectrum, v = s.lambda.length): SpectrumSummary {
  return { name: s.name, hash: s.hash, length: s.lambda.length, v, fit: fitSpectrum(s.lambda.slice(0, v), s.b.slice(0, v)) };
}
