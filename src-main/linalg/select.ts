// Backend selection (issue 4): the native addon when it loads, else the portable TypeScript
// backend. Environment override PLRF_BACKEND=portable|native; asking for native when the addon is
// missing is a clear error (never a silent fallback). A failing addon never breaks the app: it
// only makes `getBackend()` return the portable backend and `backendInfo()` say why.
import type { LinalgBackend } from '../../src-shared/linalg/backend';
import { portableBackend } from '../../src-shared/linalg/portable';
import { loadNative, type NativeLoad } from './native';

export type BackendName = 'native' | 'portable';

export class BackendUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackendUnavailableError';
  }
}

function requested(): BackendName | null {
  const raw = process.env.PLRF_BACKEND;
  if (raw === undefined || raw === '' || raw === 'auto') return null;
  if (raw === 'native' || raw === 'portable') return raw;
  throw new BackendUnavailableError(`PLRF_BACKEND must be "native", "portable" or "auto" (got "${raw}")`);
}

/** the native backend or null, with the reason it is unavailable */
export function loadNativeBackend(): NativeLoad {
  return loadNative();
}

/**
 * The backend to use: PLRF_BACKEND if set (throws BackendUnavailableError when native is
 * requested but cannot load), else native when available, else portable.
 */
export function getBackend(name: BackendName | null = requested()): LinalgBackend {
  if (name === 'portable') return portableBackend;
  const native = loadNative();
  if (name === 'native') {
    if (!native.backend) throw new BackendUnavailableError(`native linear-algebra backend requested (PLRF_BACKEND=native) but unavailable: ${native.error}`);
    return native.backend;
  }
  return native.backend ?? portableBackend;
}

/** for `plrf doctor`: backend in use, BLAS library and threads, why native is unavailable */
export function backendInfo(): Record<string, string | number | boolean | null> {
  const native = loadNative();
  let inUse: string;
  let selectionError: string | null = null;
  let details: Record<string, string | number | boolean> = {};
  try {
    const b = getBackend();
    inUse = b.name;
    details = b.info();
  } catch (e) {
    inUse = 'none';
    selectionError = e instanceof Error ? e.message : String(e);
  }
  const out: Record<string, string | number | boolean | null> = {
    backend: inUse,
    requested: process.env.PLRF_BACKEND ?? 'auto',
    nativeAvailable: native.backend !== null,
    nativeError: native.error,
  };
  if (selectionError) out.error = selectionError;
  for (const [k, v] of Object.entries(details)) if (k !== 'backend') out[k] = v;
  if (native.backend && inUse !== 'native') {
    for (const [k, v] of Object.entries(native.backend.info())) if (k !== 'backend') out[`native.${k}`] = v;
  }
  return out;
}
