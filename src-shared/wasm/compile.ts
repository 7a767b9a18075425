// Shared loader for the embedded WebAssembly (SIMD) modules of the engine and the portable
// linear algebra: base64 → bytes → a lazily compiled, memoised module. Environment-free:
// `WebAssembly` is reached through globalThis with a minimal local type. A module is null
// when WebAssembly or SIMD is unavailable (validation fails) or PLRF_WASM=0 is set in a Node
// environment; callers then run their TypeScript loops (the reference implementations).
export interface WasmMemory {
  buffer: ArrayBuffer;
  grow(pages: number): number;
}
export interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}

export function wasmApi(): WasmApi | undefined {
  return (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
}

/** standard base64 (RFC 4648, padding optional) to bytes */
export function decodeBase64(s: string): Uint8Array {
  const table = new Int16Array(128).fill(-1);
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let i = 0; i < 64; i++) table[chars.charCodeAt(i)] = i;
  let len = s.length;
  while (len > 0 && s[len - 1] === '=') len--;
  const out = new Uint8Array(Math.floor((len * 3) / 4));
  let o = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < len; i++) {
    acc = ((acc << 6) | table[s.charCodeAt(i)]!) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

function disabledByEnv(): boolean {
  const proc = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process;
  return proc?.env?.PLRF_WASM === '0';
}

/** a getter for the compiled module of `base64` (compiled once, on first use), or null */
export function lazyWasmModule(base64: string): () => object | null {
  let compiled: object | null | undefined;
  return () => {
    if (compiled !== undefined) return compiled;
    compiled = null;
    const api = wasmApi();
    if (!api || disabledByEnv()) return null;
    try {
      compiled = new api.Module(decodeBase64(base64));
    } catch {
      compiled = null; // no SIMD support (validation fails) or no WebAssembly
    }
    return compiled;
  };
}
