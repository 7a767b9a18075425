// Native linear-algebra backend: a thin TypeScript wrapper over the Node-API addon
// `plrf-linalg-native` (src-main/native/linalg-addon: OpenBLAS/LAPACK on Linux, Accelerate on
// macOS). Same contract as src-shared/linalg/backend.ts: row-major Float64Array, symmetric inputs
// read from their lower triangle, eigenvalues ascending. Arguments are validated here (ParamError)
// before the addon is called. BLAS threads: 1 unless PLRF_BLAS_THREADS says otherwise.
import { createRequire } from 'node:module';
import type { LinalgBackend, SpectralMeasureResult, SymEig } from '../../src-shared/linalg/backend';
import { checkGramArgs, checkSymArgs, checkVectors } from '../../src-shared/linalg/validate';

/** the raw functions the addon exports (src-main/native/linalg-addon/src/addon.c) */
export interface NativeAddon {
  gram(W: Float64Array, D: Float64Array, v: number, d: number): Float64Array;
  eigh(A: Float64Array, n: number): SymEig;
  spectralMeasure(A: Float64Array, n: number, xs: Float64Array[]): SpectralMeasureResult;
  setThreads(k: number): number;
  info(): Record<string, string | number | boolean>;
}

export interface NativeLoad {
  backend: LinalgBackend | null;
  /** why the addon is unavailable (null when it loaded) */
  error: string | null;
  /** where it was loaded from */
  path: string | null;
}

function blasThreads(): number {
  const raw = process.env.PLRF_BLAS_THREADS;
  if (raw === undefined || raw === '') return 1;
  const k = Number(raw);
  if (!Number.isInteger(k) || k < 1 || k > 256) throw new Error(`PLRF_BLAS_THREADS must be an integer in [1, 256] (got "${raw}")`);
  return k;
}

export function wrapAddon(addon: NativeAddon, path: string): LinalgBackend {
  const threads = blasThreads();
  addon.setThreads(threads);
  return {
    name: 'native',
    info: () => ({ backend: 'native', addon: path, ...addon.info() }),
    gram(W, D, v, d) {
      checkGramArgs(W, D, v, d);
      return addon.gram(W, D, v, d);
    },
    eigh(A, n) {
      checkSymArgs(A, n);
      return addon.eigh(A, n);
    },
    spectralMeasure(A, n, xs) {
      checkSymArgs(A, n);
      checkVectors(xs, n);
      return addon.spectralMeasure(A, n, xs);
    },
  };
}

/** where the addon is looked for: the installed optional dependency, then the in-tree build */
export const NATIVE_CANDIDATES = ['plrf-linalg-native', '../native/linalg-addon/index.cjs'];

/** tries each module specifier in turn; never throws — a failure is reported in `error` */
export function loadNativeFrom(candidates: string[]): NativeLoad {
  const require = createRequire(import.meta.url);
  const errors: string[] = [];
  for (const spec of candidates) {
    try {
      const addon = require(spec) as NativeAddon;
      const path = require.resolve(spec);
      for (const f of ['gram', 'eigh', 'spectralMeasure', 'setThreads', 'info'] as const) {
        if (typeof addon[f] !== 'function') throw new Error(`missing export ${f}`);
      }
      return { backend: wrapAddon(addon, path), error: null, path };
    } catch (e) {
      errors.push(`${spec}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    }
  }
  return { backend: null, error: errors.join('; '), path: null };
}

let cached: NativeLoad | null = null;

/** loads the addon once (cached); never throws */
export function loadNative(): NativeLoad {
  cached ??= loadNativeFrom(NATIVE_CANDIDATES);
  return cached;
}
