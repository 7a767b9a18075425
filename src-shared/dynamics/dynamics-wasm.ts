// Loader of the engine's WebAssembly kernels (closed-form O(n²) passes, fused RNG + SGD step):
// the module compiled from src-main/native/dynamics-wasm/assembly/{closed-form,sgd}.ts (AssemblyScript,
// SIMD; embedded as base64 in dynamics-wasm.generated.ts, ~17 KB, compiled synchronously on first
// use — where that is refused (a browser main thread caps synchronous compiles at 4 KB) the module
// is null and the TypeScript loops run). Environment-free: `WebAssembly` is reached through globalThis.
// Every arena is a fresh instance with its own memory (freed with it), so calls are independent.
// Returns null when WebAssembly or SIMD is unavailable or PLRF_WASM=0 is set in a Node
// environment — callers then run their TypeScript loops (the reference implementation).
import { DYNAMICS_WASM_BASE64 } from './dynamics-wasm.generated';
import { lazyWasmModule, wasmApi, type WasmMemory } from '../wasm/compile';

/** the exports called from TypeScript (the other kernels are internal to the module) */
export interface DynamicsWasmExports {
  memory: WasmMemory;
  heapBase(): number;
  farBuild(d: number, n: number, a: number, K: number, pre: number, suf: number, rho: number, sig: number, pe: number, re: number, qb: number, qr: number): void;
  secularRoots(d: number, w: number, n: number, wsum: number, m0: number, m1: number, winA: number, winB: number, far: number, paired: number, pre: number, suf: number, rho: number, sig: number, s: number, K: number, bases: number, taus: number, out: number): number;
  residuesRange(d: number, f: number, c: number, n: number, m0: number, m1: number, bases: number, taus: number, winA: number, winB: number, far: number, paired: number, preF: number, sufF: number, preC: number, sufC: number, rho: number, sig: number, s: number, K: number, num: number, den: number, out: number, scratch: number): void;
  lownerFarBuild(d: number, bases: number, taus: number, n: number, K: number, pre: number, suf: number, rho: number, sig: number, scratch: number): void;
  lownerFarRange(d: number, bases: number, taus: number, n: number, i0: number, i1: number, winA: number, winB: number, pre: number, suf: number, rho: number, sig: number, s: number, K: number, out: number): void;
  lownerRange(d: number, bases: number, taus: number, n: number, i0: number, i1: number, out: number): void;
  lownerNear(d: number, bases: number, taus: number, lo: number, i: number, hi: number): number;
  expSum(logMu: number, coef: number, i0: number, i1: number, t: number): number;
  // rotated SGD (assembly/sgd.ts): pointers are byte offsets; st = 4-lane SoA xoshiro128** state,
  // tab = ziggurat tables, tmp = scratch (see sgd.ts); single run (lane 0 of st) and 4 runs in lanes
  fillNormalDot(st: number, tab: number, tmp: number, out: number, scales: number, y: number, n: number, c: number, x: number, res: number, gamma: number, sigma: number): void;
  batchUpdate(e: number, G: number, r: number, n: number, B: number): void;
  fillNormalDot4(st: number, tab: number, tmp: number, out: number, scales: number, y: number, n: number, c: number, x: number, res: number, gamma: number, sigma: number): void;
  batchUpdate4(e: number, G: number, r: number, n: number, B: number): void;
  fixLanes(tab: number, tmp: number, mask: number): void;
  sgdRisk(e: number, lambda: number, n: number, sigma2: number): number;
  sgdRisk4(e: number, lambda: number, n: number, sigma2: number, out: number): void;
  wedgeBounds(tab: number, iz: number, x: number, out: number): void;
}

const module = lazyWasmModule(DYNAMICS_WASM_BASE64);

/** true when the engine's WebAssembly kernels can be used in this environment */
export function dynamicsWasmAvailable(): boolean {
  return module() !== null;
}

export interface DynamicsArena {
  exports: DynamicsWasmExports;
  f64: Float64Array[];
  i32: Int32Array[];
}

/**
 * A fresh instance with f64 arrays and i32 arrays of the given lengths in its memory (pointer of
 * an array = its byteOffset), or null (no WebAssembly/SIMD, or out of memory). `slowNormal` is
 * the host function the SGD kernel calls for the ziggurat slow path (unused by other kernels).
 */
export function dynamicsArena(f64Lengths: number[], i32Lengths: number[], slowNormal: (u: number) => number = () => NaN): DynamicsArena | null {
  const mod = module();
  if (!mod) return null;
  const api = wasmApi()!;
  const exports = new api.Instance(mod, { env: { slowNormal } }).exports as DynamicsWasmExports;
  let end = (exports.heapBase() + 15) & ~15;
  const offF: number[] = [];
  const offI: number[] = [];
  for (const len of f64Lengths) {
    offF.push(end);
    end += ((len * 8 + 15) & ~15) + 16;
  }
  for (const len of i32Lengths) {
    offI.push(end);
    end += ((len * 4 + 15) & ~15) + 16;
  }
  const have = exports.memory.buffer.byteLength;
  if (end > have) {
    try {
      exports.memory.grow(Math.ceil((end - have) / 65536));
    } catch {
      return null;
    }
  }
  const buf = exports.memory.buffer;
  return {
    exports,
    f64: f64Lengths.map((len, i) => new Float64Array(buf, offF[i]!, len)),
    i32: i32Lengths.map((len, i) => new Int32Array(buf, offI[i]!, len)),
  };
}
