// Edge of the spectrum variant axis (issue 18 §5; pure rules in src-shared/params/spectrum-axis.ts):
// the names a user gives on `vary.spectrum` become the spectrum objects the shared validation and
// the stored run hold (so a stored run re-runs without the data set or the file):
//   "power-law"   the built-in model, kept as the string;
//   a data set    (DATASET_SPECTRA in datasets.ts: digits) → its data spectrum, named by the set;
//   file:PATH     (CLI only: files: true) → the spectrum file as `--spectrum PATH` reads it
//                 (CSV lambda,b | JSON | .npy | .npz), named by the file name; its errors are the
//                 file's (row/column), prefixed with the value.
// Objects already resolved (stored params, a re-run) pass unchanged. Errors are ParamError
// ('vary.spectrum', "spectrum=VALUE: …") before any work.
import { ParamError } from '../../src-shared/params/errors';
import { POWER_LAW } from '../../src-shared/params/spectrum-axis';
import type { DataSpectrum } from '../../src-shared/spectrum/source';
import type { LinalgBackend } from '../../src-shared/linalg/backend';
import { DATASET_SPECTRA } from './datasets';
import { loadSpectrumFile } from '../cli/spectrum-input';

const cache = new Map<string, DataSpectrum>();

export interface ResolveAxisOptions {
  /** the linear-algebra backend for data sets given as samples (digits: covariance eigenvectors) */
  backend: () => LinalgBackend;
  /** accept file:PATH (the CLI; never for requests from the app) */
  files: boolean;
}

/** one value of the spectrum axis → "power-law" or a data spectrum (see header) */
export function resolveSpectrumValue(value: unknown, opts: ResolveAxisOptions): unknown {
  if (typeof value !== 'string' || value === POWER_LAW) return value;
  const fail = (msg: string) => new ParamError('vary.spectrum', `spectrum=${value}: ${msg}`);
  if (value.startsWith('file:')) {
    if (!opts.files) throw fail('files are read by the CLI only (plrf study --vary spectrum=power-law,file:PATH); in the app, import the spectrum as the run\'s data spectrum');
    const path = value.slice('file:'.length);
    if (!path) throw fail('missing path after file:');
    try {
      return loadSpectrumFile(path).spectrum;
    } catch (e) {
      if (e instanceof ParamError) throw fail(e.message.slice(e.param.length + 2));
      throw e;
    }
  }
  const load = Object.prototype.hasOwnProperty.call(DATASET_SPECTRA, value) ? DATASET_SPECTRA[value] : undefined;
  if (!load) throw fail(`unknown data set "${value}" (allowed: ${POWER_LAW}, ${Object.keys(DATASET_SPECTRA).join(', ')}${opts.files ? ', file:PATH' : ''})`);
  let s = cache.get(value);
  if (!s) {
    try {
      s = load(opts.backend(), 'vary.spectrum');
    } catch (e) {
      if (e instanceof ParamError) throw fail(e.message.slice(e.param.length + 2));
      throw e;
    }
    cache.set(value, s);
  }
  return s;
}

/** study params with every name on `vary.spectrum` resolved (other params unchanged) */
export function resolveSpectrumAxis<T>(params: T, opts: ResolveAxisOptions): T {
  if (!params || typeof params !== 'object' || Array.isArray(params)) return params;
  const p = params as Record<string, unknown>;
  const vary = p.vary;
  if (!vary || typeof vary !== 'object' || Array.isArray(vary)) return params;
  const values = (vary as Record<string, unknown>).spectrum;
  if (!Array.isArray(values) || !values.some((x) => typeof x === 'string' && x !== POWER_LAW)) return params;
  return { ...p, vary: { ...(vary as Record<string, unknown>), spectrum: values.map((x) => resolveSpectrumValue(x, opts)) } } as T;
}
