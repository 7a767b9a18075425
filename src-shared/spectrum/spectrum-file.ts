// Parsing of user spectrum files and data matrices (issue 14), pure over bytes; file I/O is at the
// edges (CLI, server, renderer). Formats:
//   spectrum  .csv/.tsv/.txt   header `lambda,b` (aliases: D|eigenvalue, b|target), one row per j;
//                              comma, tab or whitespace separated; '#' comment lines skipped
//             .json            { "lambda": [...], "b": [...], "name"?: "…" } (alias "D")
//             .npy             float/int array of shape (v, 2): columns λ, b
//             .npz             arrays "lambda" (or "D") and "b", each of shape (v,)
//             any of the text formats may be gzip-compressed (.gz)
//   matrix    .npy (2-D, samples × features) or .csv (numeric, optional header), .gz allowed
//   vector    .npy (1-D or n×1) or .csv (one column, optional header)
// Rules (errors name the file, the row and the column — rows are 1-based line numbers of text
// files, indices j for arrays): no data → error; every value finite; λ > 0; rows of equal length;
// v ≥ 2 and v ≤ MAX_SPECTRUM_V; a file larger than MAX_FILE_BYTES, an .npy header or a gzip/zip
// directory claiming more than that, is refused before anything is allocated. An unsorted
// spectrum is sorted by descending λ for you (pairs kept together) and a note says so.
import { gunzipSync, strFromU8 } from 'fflate';
import { ParamError } from '../params/errors';
import { NpyError, readNpy, readNpz, type NpyArray } from './npy';
import { MAX_SPECTRUM_V, makeDataSpectrum, type DataSpectrum } from './source';

/** largest file (and largest uncompressed content) accepted */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;

export interface ParsedSpectrum {
  spectrum: DataSpectrum;
  notes: string[];
}

export interface Matrix {
  rows: number;
  cols: number;
  /** row-major */
  data: Float64Array;
}

function fail(file: string, where: string, msg: string, param = 'spectrum'): never {
  throw new ParamError(param, `file "${file}"${where ? ', ' + where : ''}: ${msg}`);
}

function baseName(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}

/** strip a .gz layer (size claimed by the gzip trailer checked first) */
function gunzipIfNeeded(file: string, bytes: Uint8Array, param: string): { name: string; bytes: Uint8Array } {
  if (bytes.length > MAX_FILE_BYTES) fail(file, '', `${bytes.length} bytes is over the limit of ${MAX_FILE_BYTES} bytes`, param);
  const isGz = bytes.length >= 18 && bytes[0] === 0x1f && bytes[1] === 0x8b;
  if (!isGz) return { name: file, bytes };
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const isize = dv.getUint32(bytes.length - 4, true);
  // ISIZE is the size mod 2^32: also refuse when the compressed size alone implies more
  if (isize > MAX_FILE_BYTES || bytes.length > MAX_FILE_BYTES / 4) fail(file, '', `gzip content claims ${isize} bytes, over the limit of ${MAX_FILE_BYTES} bytes`, param);
  let out: Uint8Array;
  try {
    out = gunzipSync(bytes, { out: new Uint8Array(isize) });
  } catch (e) {
    fail(file, '', `broken gzip data: ${e instanceof Error ? e.message : String(e)}`, param);
  }
  return { name: file.replace(/\.gz$/i, ''), bytes: out };
}

const NUM = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const NONFINITE = /^[+-]?(nan|inf|infinity)$/i;

interface Table {
  header: string[] | null;
  /** data rows with their 1-based line numbers */
  rows: { line: number; cells: string[] }[];
}

function splitLine(s: string): string[] {
  const t = s.trim();
  if (t.includes(',')) return t.split(',').map((c) => c.trim());
  if (t.includes('\t')) return t.split('\t').map((c) => c.trim());
  return t.split(/\s+/);
}

function readTable(file: string, bytes: Uint8Array, param: string): Table {
  const text = strFromU8(bytes);
  const lines = text.split('\n');
  let header: string[] | null = null;
  const rows: Table['rows'] = [];
  let width = -1;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.replace(/\r$/, '');
    if (raw.trim() === '' || raw.trimStart().startsWith('#')) continue;
    const cells = splitLine(raw);
    if (width < 0) {
      width = cells.length;
      if (cells.some((c) => !NUM.test(c) && !NONFINITE.test(c))) {
        header = cells.map((c) => c.replace(/^["']|["']$/g, ''));
        continue;
      }
    }
    if (cells.length !== width)
      fail(file, `row ${i + 1}`, `has ${cells.length} columns, expected ${width}${header ? ` (header: ${header.join(',')})` : ' (as the first row)'} — ragged rows`, param);
    rows.push({ line: i + 1, cells });
  }
  return { header, rows };
}

function cellValue(file: string, t: Table, r: number, c: number, param: string): number {
  const row = t.rows[r]!;
  const s = row.cells[c]!;
  const col = t.header ? `column "${t.header[c]}"` : `column ${c + 1}`;
  if (NONFINITE.test(s)) fail(file, `row ${row.line}, ${col}`, `value must be finite, got ${s}`, param);
  if (!NUM.test(s)) fail(file, `row ${row.line}, ${col}`, `not a number: ${JSON.stringify(s)}`, param);
  return Number(s);
}

const LAMBDA_NAMES = ['lambda', 'd', 'eigenvalue', 'eigenvalues', 'λ'];
const B_NAMES = ['b', 'target', 'coef', 'coefficient'];

/** check, sort and hash a spectrum given as columns; `where(j)` names entry j (0-based, original order) */
function finishSpectrum(file: string, name: string, lambda: Float64Array, b: Float64Array, where: (j: number, col: 'lambda' | 'b') => string): ParsedSpectrum {
  const v = lambda.length;
  const notes: string[] = [];
  if (v === 0) fail(file, '', 'no data rows (the spectrum is empty)');
  if (v < 2) fail(file, '', `needs v ≥ 2 eigenvalues, got ${v}`);
  if (v > MAX_SPECTRUM_V) fail(file, '', `v = ${v} is over the limit of ${MAX_SPECTRUM_V}`);
  let sorted = true;
  for (let j = 0; j < v; j++) {
    const l = lambda[j]!;
    if (!Number.isFinite(l)) fail(file, where(j, 'lambda'), `eigenvalue must be finite, got ${l}`);
    if (l < 0) fail(file, where(j, 'lambda'), `eigenvalue must be > 0, got ${l} (negative: a covariance has none)`);
    if (!(l > 0)) fail(file, where(j, 'lambda'), `eigenvalue must be > 0, got ${l} (drop zero directions; they carry no signal)`);
    if (!Number.isFinite(b[j]!)) fail(file, where(j, 'b'), `b must be finite, got ${b[j]}`);
    if (j > 0 && l > lambda[j - 1]!) sorted = false;
  }
  let L = lambda;
  let B = b;
  if (!sorted) {
    const idx = Array.from({ length: v }, (_, i) => i).sort((i, k) => lambda[k]! - lambda[i]! || i - k);
    L = Float64Array.from(idx, (i) => lambda[i]!);
    B = Float64Array.from(idx, (i) => b[i]!);
    notes.push('the eigenvalues were not in descending order: sorted for you (pairs kept together)');
  }
  return { spectrum: makeDataSpectrum(name, L, B), notes };
}

function npyColumns(file: string, a: NpyArray): { lambda: Float64Array; b: Float64Array } {
  if (a.shape.length !== 2 || a.shape[1] !== 2) fail(file, '', `an .npy spectrum must have shape (v, 2) with columns lambda, b; got (${a.shape.join(', ')})`);
  const v = a.shape[0]!;
  const lambda = new Float64Array(v);
  const b = new Float64Array(v);
  for (let j = 0; j < v; j++) {
    lambda[j] = a.data[2 * j]!;
    b[j] = a.data[2 * j + 1]!;
  }
  return { lambda, b };
}

function wrapNpy<T>(file: string, param: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof NpyError) fail(file, '', e.message, param);
    throw e;
  }
}

/** Parse a spectrum file (see header). `name` defaults to the file's base name. */
export function parseSpectrumFile(file: string, bytes: Uint8Array, name?: string): ParsedSpectrum {
  const fname = baseName(file);
  const display = name ?? fname.replace(/\.gz$/i, '');
  const un = gunzipIfNeeded(fname, bytes, 'spectrum');
  const lower = un.name.toLowerCase();
  const b0 = un.bytes;
  if (b0.length === 0) fail(fname, '', 'the file is empty');
  if (lower.endsWith('.npy')) {
    const a = wrapNpy(fname, 'spectrum', () => readNpy(b0, MAX_FILE_BYTES));
    const c = npyColumns(fname, a);
    return finishSpectrum(fname, display, c.lambda, c.b, (j, col) => `row ${j + 1}, column "${col}"`);
  }
  if (lower.endsWith('.npz')) {
    const arrs = wrapNpy(fname, 'spectrum', () => readNpz(b0, MAX_FILE_BYTES));
    const la = arrs.lambda ?? arrs.D ?? arrs.eigenvalues;
    const ba = arrs.b ?? arrs.target;
    if (!la || !ba) fail(fname, '', `an .npz spectrum needs arrays "lambda" and "b" (found: ${Object.keys(arrs).join(', ') || 'none'})`);
    if (la.shape.length !== 1 || ba.shape.length !== 1) fail(fname, '', `"lambda" and "b" must be 1-D, got (${la.shape.join(', ')}) and (${ba.shape.join(', ')})`);
    if (la.data.length !== ba.data.length) fail(fname, '', `"lambda" has ${la.data.length} entries but "b" has ${ba.data.length}`);
    return finishSpectrum(fname, display, la.data, ba.data, (j, col) => `row ${j + 1}, column "${col}"`);
  }
  if (lower.endsWith('.json')) {
    let doc: unknown;
    try {
      doc = JSON.parse(strFromU8(b0));
    } catch (e) {
      fail(fname, '', `not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) fail(fname, '', 'expected an object { "lambda": [...], "b": [...] }');
    const o = doc as Record<string, unknown>;
    const lk = 'lambda' in o ? 'lambda' : 'D' in o ? 'D' : null;
    if (!lk || !('b' in o)) fail(fname, '', `expected keys "lambda" and "b" (found: ${Object.keys(o).join(', ') || 'none'})`);
    const la = o[lk];
    const ba = o.b;
    if (!Array.isArray(la) || !Array.isArray(ba)) fail(fname, '', `"${lk}" and "b" must be arrays of numbers`);
    if (la.length !== ba.length) fail(fname, '', `"${lk}" has ${la.length} entries but "b" has ${ba.length} (ragged)`);
    const num = (arr: unknown[], key: string, j: number): number => {
      const x = arr[j];
      if (typeof x !== 'number') fail(fname, `row ${j + 1}, column "${key}"`, `expected a number, got ${JSON.stringify(x)}${x === null ? ' (NaN and Infinity are written as null in JSON)' : ''}`);
      return x;
    };
    const lambda = Float64Array.from(la, (_, j) => num(la, lk, j));
    const b = Float64Array.from(ba, (_, j) => num(ba, 'b', j));
    const nm = name ?? (typeof o.name === 'string' && o.name ? o.name : display);
    return finishSpectrum(fname, nm, lambda, b, (j, col) => `row ${j + 1}, column "${col === 'lambda' ? lk : 'b'}"`);
  }
  // text table
  const t = readTable(fname, b0, 'spectrum');
  if (t.rows.length === 0) fail(fname, '', 'no data rows (the spectrum is empty)');
  let li = 0;
  let bi = 1;
  if (t.header) {
    const h = t.header.map((s) => s.toLowerCase());
    li = h.findIndex((s) => LAMBDA_NAMES.includes(s));
    bi = h.findIndex((s) => B_NAMES.includes(s));
    if (li < 0 || bi < 0) fail(fname, 'row 1', `header must name the columns lambda and b, got ${JSON.stringify(t.header.join(','))}`);
  } else if (t.rows[0]!.cells.length !== 2) fail(fname, `row ${t.rows[0]!.line}`, `without a header the file must have 2 columns (lambda, b), got ${t.rows[0]!.cells.length}`);
  const v = t.rows.length;
  const lambda = new Float64Array(v);
  const b = new Float64Array(v);
  for (let r = 0; r < v; r++) {
    lambda[r] = cellValue(fname, t, r, li, 'spectrum');
    b[r] = cellValue(fname, t, r, bi, 'spectrum');
  }
  const colName = (c: number) => (t.header ? `column "${t.header[c]}"` : `column ${c + 1}`);
  return finishSpectrum(fname, display, lambda, b, (j, col) => `row ${t.rows[j]!.line}, ${colName(col === 'lambda' ? li : bi)}`);
}

/** Parse a numeric matrix (samples × features) from .npy or .csv (optionally gzipped). */
export function parseMatrixFile(file: string, bytes: Uint8Array, param = 'data'): Matrix {
  const fname = baseName(file);
  const un = gunzipIfNeeded(fname, bytes, param);
  if (un.bytes.length === 0) fail(fname, '', 'the file is empty', param);
  if (un.name.toLowerCase().endsWith('.npy')) {
    const a = wrapNpy(fname, param, () => readNpy(un.bytes, MAX_FILE_BYTES));
    let rows: number;
    let cols: number;
    if (a.shape.length === 2) [rows, cols] = a.shape as [number, number];
    else if (a.shape.length === 1) [rows, cols] = [a.shape[0]!, 1];
    else fail(fname, '', `expected a 1-D or 2-D array, got shape (${a.shape.join(', ')})`, param);
    if (rows === 0 || cols === 0) fail(fname, '', `the array is empty (shape (${a.shape.join(', ')}))`, param);
    for (let i = 0; i < a.data.length; i++)
      if (!Number.isFinite(a.data[i]!)) fail(fname, `row ${Math.floor(i / cols) + 1}, column ${(i % cols) + 1}`, `value must be finite, got ${a.data[i]}`, param);
    return { rows, cols, data: a.data };
  }
  const t = readTable(fname, un.bytes, param);
  if (t.rows.length === 0) fail(fname, '', 'no data rows (the file is empty)', param);
  const rows = t.rows.length;
  const cols = t.rows[0]!.cells.length;
  const data = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) data[r * cols + c] = cellValue(fname, t, r, c, param);
  return { rows, cols, data };
}

/** Parse a vector (.npy 1-D or n×1, or a one-column .csv) */
export function parseVectorFile(file: string, bytes: Uint8Array, param = 'target'): Float64Array {
  const m = parseMatrixFile(file, bytes, param);
  if (m.cols !== 1) fail(baseName(file), '', `expected one column (a target vector), got ${m.cols}`, param);
  return m.data;
}
