// A small, strict reader of NumPy .npy files (format versions 1.0, 2.0, 3.0) and .npz archives
// (a zip of .npy members, stored or deflated — unzipped with fflate) over bytes.
//
// .npy layout (numpy/lib/format.py): magic "\x93NUMPY", major, minor, header length (uint16 LE
// for 1.0, uint32 LE for 2.0/3.0), then an ASCII/UTF-8 Python dict literal
//   {'descr': '<f8', 'fortran_order': False, 'shape': (3, 2), }
// padded with spaces and '\n', then the raw data (C order unless fortran_order).
// Supported dtypes: float64/32, signed and unsigned integers of 1/2/4/8 bytes, either byte order
// (values converted to float64; 64-bit integers above 2^53 lose precision). Object, string,
// structured and complex dtypes are refused. The size the header claims (shape × itemsize) is
// checked against `maxBytes` BEFORE anything is allocated, and must equal the bytes present.
import { strFromU8, unzipSync } from 'fflate';

export class NpyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NpyError';
  }
}

export interface NpyArray {
  shape: number[];
  /** the values in C (row-major) order, converted to float64 */
  data: Float64Array;
  descr: string;
}

/** default limit of the data part of one array (bytes) */
export const NPY_MAX_BYTES = 512 * 1024 * 1024;

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];

function parseHeader(text: string): { descr: string; fortran: boolean; shape: number[] } {
  const t = text.trim();
  const m = /^\{\s*(.*?)\s*,?\s*\}$/s.exec(t);
  if (!m) throw new NpyError(`header is not a dict literal: ${JSON.stringify(t.slice(0, 80))}`);
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(t)?.[1];
  const fo = /'fortran_order'\s*:\s*(True|False)/.exec(t)?.[1];
  const sh = /'shape'\s*:\s*\(([^)]*)\)/.exec(t)?.[1];
  if (descr === undefined) throw new NpyError("header has no 'descr' string (structured dtypes are not supported)");
  if (fo === undefined) throw new NpyError("header has no 'fortran_order'");
  if (sh === undefined) throw new NpyError("header has no 'shape' tuple");
  const parts = sh.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const shape = parts.map((s) => {
    if (!/^\d+L?$/.test(s)) throw new NpyError(`shape entry "${s}" is not a non-negative integer`);
    return Number(s.replace('L', ''));
  });
  return { descr, fortran: fo === 'True', shape };
}

function itemReader(descr: string): { size: number; read: (dv: DataView, off: number) => number } {
  const m = /^([<>|=])([fiu])(\d+)$/.exec(descr);
  if (!m) throw new NpyError(`dtype '${descr}' is not supported (need float, int or uint; no object, string or complex arrays)`);
  const le = m[1] !== '>';
  const kind = m[2]!;
  const size = Number(m[3]);
  if (kind === 'f') {
    if (size === 8) return { size, read: (dv, o) => dv.getFloat64(o, le) };
    if (size === 4) return { size, read: (dv, o) => dv.getFloat32(o, le) };
  } else if (kind === 'i') {
    if (size === 1) return { size, read: (dv, o) => dv.getInt8(o) };
    if (size === 2) return { size, read: (dv, o) => dv.getInt16(o, le) };
    if (size === 4) return { size, read: (dv, o) => dv.getInt32(o, le) };
    if (size === 8) return { size, read: (dv, o) => Number(dv.getBigInt64(o, le)) };
  } else {
    if (size === 1) return { size, read: (dv, o) => dv.getUint8(o) };
    if (size === 2) return { size, read: (dv, o) => dv.getUint16(o, le) };
    if (size === 4) return { size, read: (dv, o) => dv.getUint32(o, le) };
    if (size === 8) return { size, read: (dv, o) => Number(dv.getBigUint64(o, le)) };
  }
  throw new NpyError(`dtype '${descr}' is not supported`);
}

/** Parse one .npy file. Throws NpyError with a precise reason. */
export function readNpy(bytes: Uint8Array, maxBytes = NPY_MAX_BYTES): NpyArray {
  if (bytes.length < 10 || MAGIC.some((c, i) => bytes[i] !== c)) throw new NpyError('not a .npy file (missing the \\x93NUMPY magic)');
  const major = bytes[6]!;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let hlen: number;
  let hstart: number;
  if (major === 1) {
    hlen = dv.getUint16(8, true);
    hstart = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) throw new NpyError('truncated header');
    hlen = dv.getUint32(8, true);
    hstart = 12;
  } else throw new NpyError(`format version ${major}.${bytes[7]} is not supported (1.0, 2.0, 3.0)`);
  if (hstart + hlen > bytes.length) throw new NpyError(`header length ${hlen} runs past the end of the file (${bytes.length} bytes)`);
  const header = strFromU8(bytes.subarray(hstart, hstart + hlen), major !== 3);
  const { descr, fortran, shape } = parseHeader(header);
  const item = itemReader(descr);
  let count = 1;
  for (const s of shape) count *= s;
  const claimed = count * item.size;
  if (claimed > maxBytes)
    throw new NpyError(`header claims shape (${shape.join(', ')}) of ${descr} = ${claimed} bytes, over the limit of ${maxBytes} bytes`);
  const off = hstart + hlen;
  if (bytes.length - off !== claimed)
    throw new NpyError(`header claims shape (${shape.join(', ')}) of ${descr} = ${claimed} bytes, but the file holds ${bytes.length - off} data bytes`);
  const out = new Float64Array(count);
  if (!fortran || shape.length < 2) {
    for (let i = 0; i < count; i++) out[i] = item.read(dv, off + i * item.size);
  } else {
    // Fortran order: the first index varies fastest; write into C order
    const nd = shape.length;
    const idx = new Array<number>(nd).fill(0);
    const cstride = new Array<number>(nd).fill(1);
    for (let k = nd - 2; k >= 0; k--) cstride[k] = cstride[k + 1]! * shape[k + 1]!;
    for (let i = 0; i < count; i++) {
      let c = 0;
      for (let k = 0; k < nd; k++) c += idx[k]! * cstride[k]!;
      out[c] = item.read(dv, off + i * item.size);
      for (let k = 0; k < nd; k++) {
        idx[k]!++;
        if (idx[k]! < shape[k]!) break;
        idx[k] = 0;
      }
    }
  }
  return { shape, data: out, descr };
}

/**
 * Parse a .npz archive into its arrays (keys without the ".npy" suffix). Every member's
 * uncompressed size (from the zip directory) is checked against `maxBytes` before inflating.
 */
export function readNpz(bytes: Uint8Array, maxBytes = NPY_MAX_BYTES): Record<string, NpyArray> {
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) throw new NpyError('not a .npz file (not a zip archive)');
  let files: Record<string, Uint8Array>;
  let total = 0;
  try {
    files = unzipSync(bytes, {
      filter: (f) => {
        if (!(f.originalSize <= maxBytes)) throw new NpyError(`member "${f.name}" claims ${f.originalSize} bytes uncompressed, over the limit of ${maxBytes} bytes`);
        total += f.originalSize;
        if (total > maxBytes) throw new NpyError(`members claim ${total} bytes uncompressed in all, over the limit of ${maxBytes} bytes`);
        return true;
      },
    });
  } catch (e) {
    if (e instanceof NpyError) throw e;
    throw new NpyError(`broken zip archive: ${e instanceof Error ? e.message : String(e)}`);
  }
  const out: Record<string, NpyArray> = {};
  for (const [name, data] of Object.entries(files)) {
    const key = name.replace(/\.npy$/, '');
    try {
      out[key] = readNpy(data, maxBytes);
    } catch (e) {
      throw new NpyError(`member "${name}": ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return out;
}

/** Write a float64 C-order .npy (format 1.0) — used by the NPZ export and by tests. */
export function writeNpy(data: Float64Array | number[], shape: number[] = [data.length]): Uint8Array {
  const shp = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '<f8', 'fortran_order': False, 'shape': ${shp}, }`;
  const unpadded = 10 + header.length + 1;
  header += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + header.length + 8 * data.length);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  const dv = new DataView(out.buffer);
  dv.setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  const off = 10 + header.length;
  for (let i = 0; i < data.length; i++) dv.setFloat64(off + 8 * i, data[i]!, true);
  return out;
}

/** Write a unicode ('<U n', UTF-32 LE) .npy of strings; shape [] writes a 0-d array of one string. */
export function writeNpyStrings(strs: string[], shape: number[] = [strs.length]): Uint8Array {
  const cps = strs.map((s) => Array.from(s, (ch) => ch.codePointAt(0)!));
  const width = Math.max(1, ...cps.map((c) => c.length));
  const shp = shape.length === 0 ? '()' : shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '<U${width}', 'fortran_order': False, 'shape': ${shp}, }`;
  const unpadded = 10 + header.length + 1;
  header += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + header.length + 4 * width * cps.length);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  const dv = new DataView(out.buffer);
  dv.setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  const off = 10 + header.length;
  cps.forEach((c, i) => c.forEach((cp, k) => dv.setUint32(off + 4 * (width * i + k), cp, true)));
  return out;
}
