// Backend selection: PLRF_BACKEND override, native-requested-but-missing is a clear error, a broken
// or missing addon leaves the portable backend working, `backendInfo()` for `plrf doctor`,
// PLRF_BLAS_THREADS.
import { afterEach, describe, expect, it } from 'vitest';
import { BackendUnavailableError, backendInfo, getBackend, loadNativeBackend } from '../../../src-main/linalg/select';
import { loadNativeFrom, wrapAddon, type NativeAddon } from '../../../src-main/linalg/native';

const saved = { backend: process.env.PLRF_BACKEND, threads: process.env.PLRF_BLAS_THREADS };
afterEach(() => {
  for (const [k, v] of [
    ['PLRF_BACKEND', saved.backend],
    ['PLRF_BLAS_THREADS', saved.threads],
  ] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

const native = loadNativeBackend();
if (!native.backend) console.warn(`[linalg] native addon unavailable, native selection tests skipped: ${native.error}`);

describe('getBackend', () => {
  it('PLRF_BACKEND=portable forces the portable backend', () => {
    process.env.PLRF_BACKEND = 'portable';
    expect(getBackend().name).toBe('portable');
    expect(backendInfo().backend).toBe('portable');
  });

  it('default: native when the addon loads, else portable', () => {
    delete process.env.PLRF_BACKEND;
    expect(getBackend().name).toBe(native.backend ? 'native' : 'portable');
  });

  it('an unknown PLRF_BACKEND value is an error naming the allowed values', () => {
    process.env.PLRF_BACKEND = 'fast';
    expect(() => getBackend()).toThrow(/PLRF_BACKEND must be "native", "portable" or "auto"/);
    expect(backendInfo().error).toMatch(/PLRF_BACKEND/);
  });

  it.runIf(native.backend)('PLRF_BACKEND=native returns the addon', () => {
    process.env.PLRF_BACKEND = 'native';
    expect(getBackend().name).toBe('native');
  });

  it.runIf(!native.backend)('PLRF_BACKEND=native without the addon is a clear error', () => {
    process.env.PLRF_BACKEND = 'native';
    expect(() => getBackend()).toThrow(BackendUnavailableError);
  });
});

describe('a missing or broken addon never breaks the app', () => {
  it('nonexistent module: reported, no throw', () => {
    const r = loadNativeFrom(['/nonexistent/plrf-linalg-native.node', 'no-such-package-plrf']);
    expect(r.backend).toBeNull();
    expect(r.error).toMatch(/nonexistent/);
    expect(r.error).toMatch(/no-such-package-plrf/);
  });

  it('a module without the expected exports is rejected', () => {
    const r = loadNativeFrom(['node:path']);
    expect(r.backend).toBeNull();
    expect(r.error).toMatch(/missing export gram/);
  });

  it('invalid PLRF_BLAS_THREADS is reported, not thrown', () => {
    process.env.PLRF_BLAS_THREADS = 'many';
    const fake = { setThreads: () => 1, info: () => ({}) } as unknown as NativeAddon;
    expect(() => wrapAddon(fake, 'x')).toThrow(/PLRF_BLAS_THREADS must be an integer/);
  });
});

describe.runIf(native.backend)('native info for plrf doctor', () => {
  it('reports the BLAS library and one thread by default', () => {
    delete process.env.PLRF_BACKEND;
    delete process.env.PLRF_BLAS_THREADS;
    const info = backendInfo();
    expect(info.backend).toBe('native');
    expect(info.nativeAvailable).toBe(true);
    expect(String(info.blas)).toMatch(/OpenBLAS|Accelerate/);
    expect(info.blasThreads).toBe(1);
  });

  it('PLRF_BLAS_THREADS sets the BLAS thread count', async () => {
    process.env.PLRF_BLAS_THREADS = '2';
    const { createRequire } = await import('node:module');
    const addon = createRequire(import.meta.url)(native.path!) as NativeAddon;
    const b = wrapAddon(addon, native.path!);
    expect(b.info().blasThreads).toBe(2);
    process.env.PLRF_BLAS_THREADS = '1';
    expect(wrapAddon(addon, native.path!).info().blasThreads).toBe(1);
  });
});
