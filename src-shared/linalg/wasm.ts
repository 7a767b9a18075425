// WebAssembly SIMD kernels for the portable backend (issue 4, priority 4): loads the module
// compiled from src-main/native/linalg-wasm/assembly/kernels.ts (embedded as base64 in
// wasm-kernels.generated.ts, ~2 KB, so synchronous compilation is allowed everywhere).
// Environment-free: `WebAssembly` is reached through globalThis with a minimal local type.
// Every call gets a fresh instance with its own memory (freed with the result), so calls are
// independent and memory does not stay grown after a large problem.
// Returns null when WebAssembly or SIMD is unavailable, or when PLRF_WASM=0 is set in a Node
// environment (the TypeScript loops are then used).
import { WASM_KERNELS_BASE64 } from './wasm-kernels.generated';
import { lazyWasmModule, wasmApi, type WasmMemory } from '../wasm/compile';

export interface WasmExports {
  memory: WasmMemory;
  heapBase(): number;
  fusedPass(a: number, n: number, ri: number, rl: number, q: number, p: number, l: number): void;
  gramChunk(X: number, Y: number, cb: number, acc: number, dp: number, tile: number): void;
  reflectRows(M: number, n: number, u: number, len: number, h: number, rows: number): void;
  rotRows(M: number, n: number, i: number, c: number, s: number): void;
}

const module = lazyWasmModule(WASM_KERNELS_BASE64);

/** true when the SIMD kernels can be used in this environment */
export function wasmAvailable(): boolean {
  return module() !== null;
}

/** a fresh instance with room for arrays of the given lengths, or null (no WebAssembly/SIMD) */
export function wasmArena(lengths: number[]): { exports: WasmExports; arrays: Float64Array[] } | null {
  const mod = module();
  if (!mod) return null;
  const api = wasmApi()!;
  const exports = new api.Instance(mod, {}).exports as WasmExports;
  const base = (exports.heapBase() + 15) & ~15;
  const offsets: number[] = [];
  let end = base;
  for (const len of lengths) {
    offsets.push(end);
    end += ((len * 8 + 15) & ~15) + 16; // +16 spare: SIMD loops may read one pair past a row end
  }
  const have = exports.memory.buffer.byteLength;
  if (end > have) {
    const pages = Math.ceil((end - have) / 65536);
    try {
      exports.memory.grow(pages);
    } catch {
      return null; // out of wasm memory (4 GiB limit): the caller falls back to TypeScript
    }
  }
  const buf = exports.memory.buffer;
  return { exports, arrays: lengths.map((len, i) => new Float64Array(buf, offsets[i]!, len)) };
}
