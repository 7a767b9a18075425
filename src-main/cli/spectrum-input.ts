// File edge of the data-spectrum input (issue 14) for the CLI: `--spectrum FILE [--spectrum-name N]`
// and `--data X --target y | --target-column K`. The size is checked with stat before reading;
// parsing and validation are the pure functions of src-shared/spectrum.
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { ParamError } from '../../src-shared/params/errors';
import { MAX_FILE_BYTES, parseMatrixFile, parseSpectrumFile, parseVectorFile, type ParsedSpectrum } from '../../src-shared/spectrum/spectrum-file';
import { spectrumFromData, type DataSpectrumInfo } from '../../src-shared/spectrum/from-data';
import type { LinalgBackend } from '../../src-shared/linalg/backend';

/** read a file's bytes, refusing a missing file or one over the size limit (param names the flag) */
export function readInputFile(path: string, param: string): Uint8Array {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new ParamError(param, `"${path}" is not a file`);
    size = st.size;
  } catch (e) {
    if (e instanceof ParamError) throw e;
    throw new ParamError(param, `cannot read "${path}": ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  if (size > MAX_FILE_BYTES) throw new ParamError(param, `file "${basename(path)}" has ${size} bytes, over the limit of ${MAX_FILE_BYTES} bytes`);
  return new Uint8Array(readFileSync(path));
}

/** `--spectrum FILE [--spectrum-name N]` → the parsed spectrum (errors name --spectrum) */
export function loadSpectrumFile(path: string, name?: string): ParsedSpectrum {
  const bytes = readInputFile(path, '--spectrum');
  try {
    return parseSpectrumFile(path, bytes, name);
  } catch (e) {
    if (e instanceof ParamError) throw new ParamError('--spectrum', e.message.slice(e.param.length + 2));
    throw e;
  }
}

/** `--data X --target y` (or `--target-column K|last` of X) → the covariance spectrum and target coefficients */
export function loadDataSpectrum(dataPath: string, target: { path?: string; column?: string }, backend: LinalgBackend, name?: string): DataSpectrumInfo {
  const rename = (flag: string) => (e: unknown) => {
    if (e instanceof ParamError) return new ParamError(flag, e.message.slice(e.param.length + 2));
    return e;
  };
  let X;
  try {
    X = parseMatrixFile(dataPath, readInputFile(dataPath, '--data'));
  } catch (e) {
    throw rename('--data')(e);
  }
  let y: Float64Array;
  if (target.path !== undefined) {
    try {
      y = parseVectorFile(target.path, readInputFile(target.path, '--target'));
    } catch (e) {
      throw rename('--target')(e);
    }
  } else if (target.column !== undefined) {
    const c = target.column === 'last' ? X.cols - 1 : Number(target.column) - 1;
    if (!(Number.isInteger(c) && c >= 0 && c < X.cols)) throw new ParamError('--target-column', `must be "last" or a column 1..${X.cols}, got "${target.column}"`);
    y = new Float64Array(X.rows);
    const keep = X.cols - 1;
    const data = new Float64Array(X.rows * keep);
    for (let i = 0; i < X.rows; i++) {
      y[i] = X.data[i * X.cols + c]!;
      for (let k = 0, o = 0; k < X.cols; k++) if (k !== c) data[i * keep + o++] = X.data[i * X.cols + k]!;
    }
    X = { rows: X.rows, cols: keep, data };
  } else throw new ParamError('--target', 'required with --data (a target vector file, or --target-column K|last)');
  const nm = name ?? basename(dataPath).replace(/\.gz$/i, '');
  try {
    return spectrumFromData(nm, X, y, backend);
  } catch (e) {
    if (e instanceof ParamError) throw new ParamError(e.param === 'target' ? '--target' : '--data', e.message.slice(e.param.length + 2));
    throw e;
  }
}
