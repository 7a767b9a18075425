// Issue 14, point 1: spectrum files (CSV, JSON, .npy, .npz, gzip) and data matrices, parsed over
// bytes in src-shared. The .npy/.npz reader is held to files numpy itself wrote (/usr/bin/python3
// with python3-numpy, installed by .ci/install); bad files give errors naming file, row, column.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync, zipSync } from 'fflate';
import { readNpy, readNpz, writeNpy, NpyError } from '../../../src-shared/spectrum/npy';
import { parseMatrixFile, parseSpectrumFile, parseVectorFile } from '../../../src-shared/spectrum/spectrum-file';
import { checkDataSpectrum, makeDataSpectrum, spectrumHash, validateDataSpectrum } from '../../../src-shared/spectrum/source';
import { fitSpectrum } from '../../../src-shared/spectrum/power-fit';
import { isParamError } from '../../../src-shared/params/errors';

const enc = (s: string) => new TextEncoder().encode(s);

function py(script: string, dir: string): void {
  const r = spawnSync('/usr/bin/python3', ['-c', script], { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
}

function err(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(isParamError(e)).toBe(true);
    return (e as Error).message;
  }
  throw new Error('expected a ParamError');
}

describe('.npy / .npz reader against files numpy wrote', () => {
  const dir = mkdtempSync(join(tmpdir(), 'plrf-npy-'));
  py(
    `import numpy as np
rng = np.random.default_rng(1)
a = rng.standard_normal((5, 3))
np.save('f8.npy', a)
np.save('f4.npy', a.astype('<f4'))
np.save('be.npy', a.astype('>f8'))
np.save('i2.npy', np.arange(-6, 6, dtype=np.int16).reshape(3, 4))
np.save('u1.npy', np.arange(7, dtype=np.uint8))
np.save('fo.npy', np.asfortranarray(a))
np.save('i8.npy', np.array([2**53, -3], dtype=np.int64))
np.save('obj.npy', np.array([1, 'x'], dtype=object), allow_pickle=True)
np.save('c16.npy', np.array([1+2j]))
np.savez('s.npz', lam=np.array([3., 2., 1.]), b=np.array([1., .5, .25]))
np.savez_compressed('c.npz', lam=np.array([3., 2., 1.]), b=np.array([1., .5, .25]))
np.savetxt('a.txt', a.ravel(), fmt='%.17g')
np.savetxt('a32.txt', a.astype('<f4').astype(np.float64).ravel(), fmt='%.17g')
`,
    dir,
  );
  const rd = (f: string) => new Uint8Array(readFileSync(join(dir, f)));
  const txt = (f: string) => readFileSync(join(dir, f), 'utf8').trim().split('\n').map(Number);

  it('float64, float32, big-endian and Fortran order give numpy’s values bit for bit', () => {
    const a = txt('a.txt');
    for (const f of ['f8.npy', 'be.npy', 'fo.npy']) {
      const x = readNpy(rd(f));
      expect(x.shape).toEqual([5, 3]);
      expect(Array.from(x.data)).toEqual(a);
    }
    expect(Array.from(readNpy(rd('f4.npy')).data)).toEqual(txt('a32.txt'));
    expect(Array.from(readNpy(rd('i2.npy')).data)).toEqual(Array.from({ length: 12 }, (_, i) => i - 6));
    expect(Array.from(readNpy(rd('u1.npy')).data)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(Array.from(readNpy(rd('i8.npy')).data)).toEqual([2 ** 53, -3]);
  });

  it('.npz stored and deflated', () => {
    for (const f of ['s.npz', 'c.npz']) {
      const z = readNpz(rd(f));
      expect(Array.from(z.lam!.data)).toEqual([3, 2, 1]);
      expect(Array.from(z.b!.data)).toEqual([1, 0.5, 0.25]);
    }
  });

  it('refuses object/complex dtypes, truncation and a header claiming 2 GB before allocating', () => {
    expect(() => readNpy(rd('obj.npy'))).toThrow(/dtype '\|O' is not supported/);
    expect(() => readNpy(rd('c16.npy'))).toThrow(/not supported/);
    const f8 = rd('f8.npy');
    expect(() => readNpy(f8.subarray(0, f8.length - 8))).toThrow(/holds 112 data bytes/);
    // forge a header: shape (268435456,) of <f8 = 2 GiB, with no data behind it
    const h = "{'descr': '<f8', 'fortran_order': False, 'shape': (268435456,), }";
    const bytes = new Uint8Array(10 + h.length + 1);
    bytes.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0);
    new DataView(bytes.buffer).setUint16(8, h.length + 1, true);
    bytes.set(enc(h + '\n'), 10);
    expect(() => readNpy(bytes)).toThrow(/2147483648 bytes, over the limit/);
    expect(() => readNpy(enc('hello world!'))).toThrow(NpyError);
  });

  it('writeNpy round-trips through numpy', () => {
    const x = [Math.PI, -0, 1e-310, 2 ** 60 + 1, -1 / 3];
    const bytes = writeNpy(x);
    expect(Array.from(readNpy(bytes).data)).toEqual(x);
    const p = join(dir, 'w.npy');
    writeFileSync(p, bytes);
    const r = spawnSync('/usr/bin/python3', ['-c', `import numpy as np; a = np.load('w.npy'); print(a.dtype, a.shape); print(' '.join(repr(float(v)) for v in a))`], { cwd: dir, encoding: 'utf8' });
    const [head, vals] = r.stdout.trim().split('\n');
    expect(head).toBe('float64 (5,)');
    const back = vals!.split(' ').map(Number);
    back.forEach((v, i) => expect(Object.is(v, x[i])).toBe(true));
  });
});

describe('spectrum files', () => {
  const lam = [1, 0.25, 0.1111111111111111, 0.0625];
  const b = [1, 0.5, 0.3333333333333333, 0.25];
  it('CSV, TSV without header, JSON, .npy (v,2), .npz, gzip all give the same spectrum and hash', () => {
    const csv = `# a comment\nlambda,b\n${lam.map((l, i) => `${l},${b[i]}`).join('\n')}\n`;
    const ref = parseSpectrumFile('s.csv', enc(csv)).spectrum;
    expect(ref.lambda).toEqual(lam);
    expect(ref.b).toEqual(b);
    expect(ref.hash).toBe(spectrumHash(lam, b));
    expect(ref.name).toBe('s.csv');
    const tsv = lam.map((l, i) => `${l}\t${b[i]}`).join('\r\n');
    const arr2 = new Float64Array(8);
    lam.forEach((l, i) => ((arr2[2 * i] = l), (arr2[2 * i + 1] = b[i]!)));
    const others: [string, Uint8Array][] = [
      ['s.tsv', enc(tsv)],
      ['s.json', enc(JSON.stringify({ lambda: lam, b }))],
      ['s.npy', writeNpy(arr2, [4, 2])],
      ['s.npz', zipSync({ 'lambda.npy': writeNpy(lam), 'b.npy': writeNpy(b) })],
      ['s.csv.gz', gzipSync(enc(csv))],
    ];
    for (const [f, bytes] of others) expect(parseSpectrumFile(f, bytes).spectrum.hash, f).toBe(ref.hash);
  });

  it('sorts an unsorted spectrum for you, keeping pairs, and says so', () => {
    const r = parseSpectrumFile('u.csv', enc('lambda,b\n0.5,2\n1,3\n0.25,4\n'));
    expect(r.spectrum.lambda).toEqual([1, 0.5, 0.25]);
    expect(r.spectrum.b).toEqual([3, 2, 4]);
    expect(r.notes.join()).toMatch(/sorted for you/);
  });

  it('bad files: errors name the file, the row and the column', () => {
    expect(err(() => parseSpectrumFile('e.csv', enc('')))).toMatch(/file "e.csv": the file is empty/);
    expect(err(() => parseSpectrumFile('e.csv', enc('lambda,b\n')))).toMatch(/no data rows/);
    expect(err(() => parseSpectrumFile('n.csv', enc('lambda,b\n1,1\nNaN,0.5\n')))).toMatch(/file "n.csv", row 3, column "lambda": value must be finite, got NaN/);
    expect(err(() => parseSpectrumFile('n.csv', enc('lambda,b\n1,1\n0.5,inf\n')))).toMatch(/row 3, column "b": value must be finite/);
    expect(err(() => parseSpectrumFile('neg.csv', enc('lambda,b\n1,1\n-0.5,1\n')))).toMatch(/file "neg.csv", row 3, column "lambda": eigenvalue must be > 0, got -0.5/);
    expect(err(() => parseSpectrumFile('z.csv', enc('lambda,b\n1,1\n0,1\n')))).toMatch(/row 3, column "lambda": eigenvalue must be > 0, got 0/);
    expect(err(() => parseSpectrumFile('r.csv', enc('lambda,b\n1,1\n0.5\n')))).toMatch(/file "r.csv", row 3: has 1 columns, expected 2 .* ragged/);
    expect(err(() => parseSpectrumFile('x.csv', enc('lambda,b\n1,1\n0.5,abc\n')))).toMatch(/row 3, column "b": not a number: "abc"/);
    expect(err(() => parseSpectrumFile('h.csv', enc('foo,bar\n1,1\n')))).toMatch(/row 1: header must name the columns lambda and b/);
    expect(err(() => parseSpectrumFile('one.csv', enc('lambda,b\n1,1\n')))).toMatch(/needs v ≥ 2/);
    expect(err(() => parseSpectrumFile('j.json', enc('{"lambda":[1,null],"b":[1,2]}')))).toMatch(/file "j.json", row 2, column "lambda": expected a number, got null/);
    expect(err(() => parseSpectrumFile('j.json', enc('{"lambda":[1,0.5],"b":[1]}')))).toMatch(/ragged/);
    expect(err(() => parseSpectrumFile('j.json', enc('{"lambda":')))).toMatch(/not valid JSON/);
    expect(err(() => parseSpectrumFile('k.npy', writeNpy([1, 2, 3])))).toMatch(/shape \(v, 2\)/);
    expect(err(() => parseSpectrumFile('k.npz', zipSync({ 'x.npy': writeNpy([1, 2]) })))).toMatch(/needs arrays "lambda" and "b" \(found: x\)/);
    const negNpy = writeNpy([1, 1, -2, 1], [2, 2]);
    expect(err(() => parseSpectrumFile('k.npy', negNpy))).toMatch(/file "k.npy", row 2, column "lambda": eigenvalue must be > 0, got -2/);
  });

  it('size limits up front: a gzip or zip member claiming 2 GB is refused before inflating', () => {
    const gz = gzipSync(enc('lambda,b\n1,1\n0.5,1\n'));
    new DataView(gz.buffer).setUint32(gz.length - 4, 2 ** 31, true);
    expect(err(() => parseSpectrumFile('big.csv.gz', gz))).toMatch(/claims 2147483648 bytes, over the limit/);
    const zip = zipSync({ 'lambda.npy': writeNpy([1, 0.5]), 'b.npy': writeNpy([1, 1]) }, { level: 0 });
    // patch the uncompressed size in the central directory (signature PK\1\2, size at +24)
    const dv = new DataView(zip.buffer);
    for (let i = 0; i + 4 < zip.length; i++) if (dv.getUint32(i, true) === 0x02014b50) dv.setUint32(i + 24, 2 ** 31, true);
    expect(err(() => parseSpectrumFile('big.npz', zip))).toMatch(/claims 2147483648 bytes uncompressed, over the limit/);
  });

  it('data matrices and vectors', () => {
    const m = parseMatrixFile('X.csv', enc('1,2,3\n4,5,6\n'));
    expect(m).toEqual({ rows: 2, cols: 3, data: Float64Array.from([1, 2, 3, 4, 5, 6]) });
    expect(Array.from(parseVectorFile('y.csv', enc('y\n1\n2\n')))).toEqual([1, 2]);
    expect(err(() => parseMatrixFile('X.csv', enc('1,2,3\n4,5\n')))).toMatch(/file "X.csv", row 2: has 2 columns, expected 3/);
    expect(err(() => parseVectorFile('y.csv', enc('1,2\n')))).toMatch(/expected one column/);
    expect(err(() => parseMatrixFile('X.npy', writeNpy([1, NaN, 3, 4], [2, 2])))).toMatch(/file "X.npy", row 1, column 2: value must be finite, got NaN/);
  });

  it('stored spectra: the hash guards the content', () => {
    const s = makeDataSpectrum('s', lam, b);
    expect(() => checkDataSpectrum(s)).not.toThrow();
    expect(err(() => validateDataSpectrum({ ...s, lambda: [1, 0.25, 0.1111111111111111, 0.0626] }))).toMatch(/^spectrum.lambda.4: eigenvalues must be in descending order|^spectrum.hash/);
    expect(err(() => validateDataSpectrum({ ...s, b: [1, 0.5, 0.3333333333333333, 0.26] }))).toMatch(/^spectrum.hash: does not match/);
    expect(err(() => validateDataSpectrum({ ...s, lambda: [1, -1, 0.1, 0.01] }))).toMatch(/^spectrum.lambda.2: eigenvalues must be finite and > 0/);
  });
});

describe('power-law fit', () => {
  it('recovers exact exponents with zero residual, flags a spectrum far from a power law', () => {
    const v = 500;
    const D = Array.from({ length: v }, (_, i) => 3 * (i + 1) ** -1.3);
    const b = Array.from({ length: v }, (_, i) => 0.5 * (i + 1) ** -0.45);
    const f = fitSpectrum(D, b);
    expect(Math.abs(f.alpha - 0.65)).toBeLessThan(1e-12);
    expect(Math.abs(f.beta - 0.45)).toBeLessThan(1e-12);
    expect(f.D.rmsLog10).toBeLessThan(1e-12);
    expect(f.farFromPowerLaw).toBe(false);
    // two plateaus: far from a power law (negative control)
    const D2 = Array.from({ length: v }, (_, i) => (i < v / 2 ? 1 : 1e-3));
    const g = fitSpectrum(D2, b);
    expect(g.farFromPowerLaw).toBe(true);
    expect(g.notes.join()).toMatch(/D is far from a power law/);
    // the range restricts the fit
    const h = fitSpectrum(D2, b, [1, 200]);
    expect(h.D.range).toEqual([1, 200]);
    expect(Math.abs(h.D.exponent)).toBe(0);
  });
});
