// Real data sets nobody here made, installed by the project's set-up (.ci/install) from Debian
// (issue 14). `digits`: scikit-learn's 8×8 handwritten digits (1797 samples × 64 pixel features,
// target = the digit label 0–9 as a number) from python3-sklearn's gzip CSV, read from Node (no
// Python). Its data spectrum is the pixel covariance and the label's least-squares coefficients in
// that eigenbasis (src-shared/spectrum/from-data.ts). PLRF_DIGITS_CSV overrides the path.
import { existsSync } from 'node:fs';
import { ParamError } from '../../src-shared/params/errors';
import type { StudySpecInput } from '../../src-shared/params/study-params';
import type { DataSpectrum } from '../../src-shared/spectrum/source';
import type { LinalgBackend } from '../../src-shared/linalg/backend';
import { loadDataSpectrum } from '../cli/spectrum-input';

export const DIGITS_CSV = '/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz';

export function digitsPath(): string | null {
  const p = process.env.PLRF_DIGITS_CSV || DIGITS_CSV;
  return existsSync(p) ? p : null;
}

export function digitsSpectrum(backend: LinalgBackend, name = 'sklearn digits', param = '--preset'): DataSpectrum {
  const p = digitsPath();
  if (!p) throw new ParamError(param, `the digits data set is not installed (${DIGITS_CSV}; apt-get install python3-sklearn, see .ci/install)`);
  return loadDataSpectrum(p, { column: 'last' }, backend, name).spectrum;
}

/** data sets by name, as values of a spectrum variant axis (`--vary spectrum=power-law,digits`);
 *  the spectrum is named by the data set so the variant reads {spectrum: "digits"} */
export const DATASET_SPECTRA: Record<string, (backend: LinalgBackend, param: string) => DataSpectrum> = {
  digits: (backend, param) => digitsSpectrum(backend, 'digits', param),
};

export interface DatasetPreset {
  name: string;
  title: string;
  description: string;
  spec(backend: LinalgBackend): StudySpecInput;
}

export const DATASET_PRESETS: DatasetPreset[] = [
  {
    name: 'digits',
    title: 'scikit-learn digits: data spectrum (v = 61), τ = 0 vs 1/√d',
    description: 'Pixel covariance spectrum and digit-label coefficients of the 1797 scikit-learn digits; exact expected risk, d = 4…32, 3 draws.',
    spec: (backend) => ({ spectrum: digitsSpectrum(backend), dgrid: [4, 6, 8, 12, 16, 24, 32], tau: [0, 1], method: 'exact', draws: 3 }) as unknown as StudySpecInput,
  },
];

export function getDatasetPreset(name: string): DatasetPreset | undefined {
  return DATASET_PRESETS.find((p) => p.name === name);
}
