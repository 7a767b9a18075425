// The spectral source of a PLRF problem (issue 14): either the built-in power law
// D_j = j^{-2α}, b_j = j^{-β}, or a data spectrum — user eigenvalues D_j (the latent covariance,
// sorted descending, all > 0) and target coefficients b_j in that eigenbasis, j = 1..v.
// The model/problem builder (model/problem.ts) consumes `spectralArrays(source, v)`; with a data
// spectrum only the first v entries are used (v defaults to the spectrum's length).
//
// Stored form (in every run's params, so a run stays reproducible when the file is gone):
//   { name, hash: "sha256:<hex>", lambda: number[], b: number[] }
// The hash is the SHA-256 of the content only (not the name): the ASCII tag "plrf-spectrum-v1\n",
// v as uint32 LE, then λ_1..λ_v and b_1..b_v as float64 LE. JSON numbers round-trip doubles
// exactly, so the stored arrays are the numbers the run used, bit for bit.
import { z } from 'zod';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { ParamError } from '../params/errors';

/** largest v of a data spectrum */
export const MAX_SPECTRUM_V = 1_000_000;

export const dataSpectrumSchema = z
  .object({
    name: z.string().min(1).max(200).describe('display name of the spectrum (the file name by default)'),
    hash: z.string().regex(/^sha256:[0-9a-f]{64}$/).describe('content hash, sha256 of v, λ and b'),
    lambda: z.array(z.number()).min(2).max(MAX_SPECTRUM_V).describe('eigenvalues D_j, descending, > 0'),
    b: z.array(z.number()).min(2).max(MAX_SPECTRUM_V).describe('target coefficients b_j'),
  })
  .strict();

export type DataSpectrum = z.output<typeof dataSpectrumSchema>;

/** the content hash of (λ, b) (see header) */
export function spectrumHash(lambda: ArrayLike<number>, b: ArrayLike<number>): string {
  const v = lambda.length;
  const tag = 'plrf-spectrum-v1\n';
  const buf = new Uint8Array(tag.length + 4 + 16 * v);
  for (let i = 0; i < tag.length; i++) buf[i] = tag.charCodeAt(i);
  const dv = new DataView(buf.buffer);
  dv.setUint32(tag.length, v, true);
  let o = tag.length + 4;
  for (let i = 0; i < v; i++, o += 8) dv.setFloat64(o, lambda[i]!, true);
  for (let i = 0; i < v; i++, o += 8) dv.setFloat64(o, b[i]!, true);
  return 'sha256:' + bytesToHex(sha256(buf));
}

/**
 * Check the content rules (λ finite > 0 and descending, b finite, equal lengths ≥ 2) and the hash.
 * Errors name `field.lambda.<j>` with j 1-based (the row of a file).
 */
export function checkDataSpectrum(s: DataSpectrum, field = 'spectrum'): void {
  const v = s.lambda.length;
  if (s.b.length !== v) throw new ParamError(`${field}.b`, `needs one b per eigenvalue: ${s.b.length} b for ${v} lambda`);
  for (let j = 0; j < v; j++) {
    const l = s.lambda[j]!;
    if (!(Number.isFinite(l) && l > 0)) throw new ParamError(`${field}.lambda.${j + 1}`, `eigenvalues must be finite and > 0, got ${l}`);
    if (j > 0 && l > s.lambda[j - 1]!) throw new ParamError(`${field}.lambda.${j + 1}`, `eigenvalues must be in descending order (${l} after ${s.lambda[j - 1]})`);
    if (!Number.isFinite(s.b[j]!)) throw new ParamError(`${field}.b.${j + 1}`, `must be finite, got ${s.b[j]}`);
  }
  const h = spectrumHash(s.lambda, s.b);
  if (h !== s.hash) throw new ParamError(`${field}.hash`, `does not match the content (${h}); the spectrum was altered`);
}

/** parse + check (zod shape, then content and hash) */
export function validateDataSpectrum(raw: unknown, field = 'spectrum'): DataSpectrum {
  const r = dataSpectrumSchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new ParamError([field, ...issue.path.map(String)].join('.'), issue.message);
  }
  checkDataSpectrum(r.data, field);
  return r.data;
}

/** make a stored data spectrum from arrays (computes the hash) */
export function makeDataSpectrum(name: string, lambda: ArrayLike<number>, b: ArrayLike<number>): DataSpectrum {
  const l = Array.from(lambda);
  const bb = Array.from(b);
  return { name, hash: spectrumHash(l, bb), lambda: l, b: bb };
}

/** the spectral source a problem is built from */
export type SpectralSource = { kind: 'power-law'; alpha: number; beta: number } | { kind: 'data'; spectrum: DataSpectrum };

/** the source named by a parameter object: its `spectrum` if present, else the power law (α, β) */
export function sourceOf(p: { alpha: number; beta: number; spectrum?: DataSpectrum }): SpectralSource {
  return p.spectrum ? { kind: 'data', spectrum: p.spectrum } : { kind: 'power-law', alpha: p.alpha, beta: p.beta };
}

/** D, b, a = D^{1/2} b for j = 1..v of a source */
export function spectralArrays(src: SpectralSource, v: number): { D: Float64Array; b: Float64Array; a: Float64Array } {
  const D = new Float64Array(v);
  const b = new Float64Array(v);
  const a = new Float64Array(v);
  if (src.kind === 'power-law') {
    const { alpha, beta } = src;
    for (let j = 1; j <= v; j++) {
      D[j - 1] = Math.pow(j, -2 * alpha);
      b[j - 1] = Math.pow(j, -beta);
      a[j - 1] = Math.pow(j, -alpha - beta);
    }
    return { D, b, a };
  }
  const s = src.spectrum;
  if (v > s.lambda.length) throw new ParamError('v', `must be ≤ the spectrum's length ${s.lambda.length} ("${s.name}"), got ${v}`);
  for (let j = 0; j < v; j++) {
    D[j] = s.lambda[j]!;
    b[j] = s.b[j]!;
    a[j] = Math.sqrt(D[j]!) * b[j]!;
  }
  return { D, b, a };
}
