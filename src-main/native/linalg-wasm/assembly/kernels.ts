// @ts-nocheck — AssemblyScript source (not TypeScript): compiled by build.mjs with
// `asc --enable simd` into src-shared/linalg/wasm-kernels.generated.ts (base64, committed).
//
// WebAssembly SIMD (f64x2) hot loops of the portable linear-algebra backend (issue 4):
//  * fusedPass — one step of the Householder tridiagonalisation (src-shared/linalg/tridiag.ts):
//    the symmetric rank-2 update B ← B − q uᵀ − u qᵀ of step i fused with the product p += B w
//    of the next step, over the lower triangle rows 0..l−1 (row-major, row stride n). Two rows are
//    processed together so the vectors u, q, w, p are loaded once per pair of rows.
//  * gramChunk — K += Yᵀ-chunk · X-chunk for one chunk of rows of W (src-shared/linalg/gram.ts):
//    2×4 register-blocked dot products over the transposed chunk, upper triangle of acc only.
// All pointers are byte offsets into the exported memory; all arrays are f64.

export function heapBase(): usize {
  return __heap_base;
}

export function fusedPass(a: usize, n: i32, ri: i32, rl: i32, q: usize, p: usize, l: i32): void {
  const ua = a + ((<usize>ri) << 3);
  const wa = a + ((<usize>rl) << 3);
  const rowBytes = (<usize>n) << 3;
  let j: i32 = 0;
  for (; j + 1 < l; j += 2) {
    const r0 = a + (<usize>j) * rowBytes;
    const r1 = r0 + rowBytes;
    const jo = (<usize>j) << 3;
    const q0 = load<f64>(q + jo);
    const q1 = load<f64>(q + jo + 8);
    const u0 = load<f64>(ua + jo);
    const u1 = load<f64>(ua + jo + 8);
    const w0 = load<f64>(wa + jo);
    const w1 = load<f64>(wa + jo + 8);
    const q0v = f64x2.splat(q0);
    const q1v = f64x2.splat(q1);
    const u0v = f64x2.splat(u0);
    const u1v = f64x2.splat(u1);
    const w0v = f64x2.splat(w0);
    const w1v = f64x2.splat(w1);
    let acc0 = f64x2.splat(0);
    let acc1 = f64x2.splat(0);
    for (let k: i32 = 0; k < j; k += 2) {
      const off = (<usize>k) << 3;
      const uk = v128.load(ua + off);
      const qk = v128.load(q + off);
      const wk = v128.load(wa + off);
      const x0 = f64x2.sub(f64x2.sub(v128.load(r0 + off), f64x2.mul(q0v, uk)), f64x2.mul(u0v, qk));
      const x1 = f64x2.sub(f64x2.sub(v128.load(r1 + off), f64x2.mul(q1v, uk)), f64x2.mul(u1v, qk));
      v128.store(r0 + off, x0);
      v128.store(r1 + off, x1);
      acc0 = f64x2.add(acc0, f64x2.mul(x0, wk));
      acc1 = f64x2.add(acc1, f64x2.mul(x1, wk));
      v128.store(p + off, f64x2.add(v128.load(p + off), f64x2.add(f64x2.mul(x0, w0v), f64x2.mul(x1, w1v))));
    }
    let s0 = f64x2.extract_lane(acc0, 0) + f64x2.extract_lane(acc0, 1);
    let s1 = f64x2.extract_lane(acc1, 0) + f64x2.extract_lane(acc1, 1);
    // row j: diagonal
    const djj = load<f64>(r0 + jo) - 2 * q0 * u0;
    store<f64>(r0 + jo, djj);
    s0 += djj * w0;
    // row j+1: entry (j+1, j) and diagonal
    const x10 = load<f64>(r1 + jo) - q1 * u0 - u1 * q0;
    store<f64>(r1 + jo, x10);
    s1 += x10 * w0;
    const d11 = load<f64>(r1 + jo + 8) - 2 * q1 * u1;
    store<f64>(r1 + jo + 8, d11);
    s1 += d11 * w1;
    store<f64>(p + jo, load<f64>(p + jo) + s0 + x10 * w1);
    store<f64>(p + jo + 8, load<f64>(p + jo + 8) + s1);
  }
  if (j < l) {
    // single remaining row (j even, so k runs over complete pairs)
    const r0 = a + (<usize>j) * rowBytes;
    const jo = (<usize>j) << 3;
    const q0 = load<f64>(q + jo);
    const u0 = load<f64>(ua + jo);
    const w0 = load<f64>(wa + jo);
    const q0v = f64x2.splat(q0);
    const u0v = f64x2.splat(u0);
    const w0v = f64x2.splat(w0);
    let acc0 = f64x2.splat(0);
    for (let k: i32 = 0; k < j; k += 2) {
      const off = (<usize>k) << 3;
      const uk = v128.load(ua + off);
      const qk = v128.load(q + off);
      const wk = v128.load(wa + off);
      const x0 = f64x2.sub(f64x2.sub(v128.load(r0 + off), f64x2.mul(q0v, uk)), f64x2.mul(u0v, qk));
      v128.store(r0 + off, x0);
      acc0 = f64x2.add(acc0, f64x2.mul(x0, wk));
      v128.store(p + off, f64x2.add(v128.load(p + off), f64x2.mul(x0, w0v)));
    }
    let s0 = f64x2.extract_lane(acc0, 0) + f64x2.extract_lane(acc0, 1);
    const djj = load<f64>(r0 + jo) - 2 * q0 * u0;
    store<f64>(r0 + jo, djj);
    s0 += djj * w0;
    store<f64>(p + jo, load<f64>(p + jo) + s0);
  }
}

// acc (dp×dp, row-major) += Y·Xᵀ restricted to the upper triangle (in 2×4 blocks), where X and Y
// are dp×cb row-major (row a = the chunk of column a of W, resp. of diag(D)·W); cb is even.
export function gramChunk(X: usize, Y: usize, cb: i32, acc: usize, dp: i32, tile: i32): void {
  const cbBytes = (<usize>cb) << 3;
  const dpBytes = (<usize>dp) << 3;
  for (let b0: i32 = 0; b0 < dp; b0 += tile) {
    const b1 = min(dp, b0 + tile);
    for (let a: i32 = 0; a < b1; a += 2) {
      const ya0 = Y + (<usize>a) * cbBytes;
      const ya1 = ya0 + cbBytes;
      const bStart = max(b0, a & ~3);
      for (let b: i32 = bStart; b < b1; b += 4) {
        const xb0 = X + (<usize>b) * cbBytes;
        const xb1 = xb0 + cbBytes;
        const xb2 = xb1 + cbBytes;
        const xb3 = xb2 + cbBytes;
        let s00 = f64x2.splat(0), s01 = f64x2.splat(0), s02 = f64x2.splat(0), s03 = f64x2.splat(0);
        let s10 = f64x2.splat(0), s11 = f64x2.splat(0), s12 = f64x2.splat(0), s13 = f64x2.splat(0);
        for (let off: usize = 0; off < cbBytes; off += 16) {
          const y0 = v128.load(ya0 + off);
          const y1 = v128.load(ya1 + off);
          const x0 = v128.load(xb0 + off);
          const x1 = v128.load(xb1 + off);
          const x2 = v128.load(xb2 + off);
          const x3 = v128.load(xb3 + off);
          s00 = f64x2.add(s00, f64x2.mul(y0, x0));
          s01 = f64x2.add(s01, f64x2.mul(y0, x1));
          s02 = f64x2.add(s02, f64x2.mul(y0, x2));
          s03 = f64x2.add(s03, f64x2.mul(y0, x3));
          s10 = f64x2.add(s10, f64x2.mul(y1, x0));
          s11 = f64x2.add(s11, f64x2.mul(y1, x1));
          s12 = f64x2.add(s12, f64x2.mul(y1, x2));
          s13 = f64x2.add(s13, f64x2.mul(y1, x3));
        }
        const o0 = acc + (<usize>a) * dpBytes + ((<usize>b) << 3);
        const o1 = o0 + dpBytes;
        store<f64>(o0, load<f64>(o0) + f64x2.extract_lane(s00, 0) + f64x2.extract_lane(s00, 1));
        store<f64>(o0 + 8, load<f64>(o0 + 8) + f64x2.extract_lane(s01, 0) + f64x2.extract_lane(s01, 1));
        store<f64>(o0 + 16, load<f64>(o0 + 16) + f64x2.extract_lane(s02, 0) + f64x2.extract_lane(s02, 1));
        store<f64>(o0 + 24, load<f64>(o0 + 24) + f64x2.extract_lane(s03, 0) + f64x2.extract_lane(s03, 1));
        store<f64>(o1, load<f64>(o1) + f64x2.extract_lane(s10, 0) + f64x2.extract_lane(s10, 1));
        store<f64>(o1 + 8, load<f64>(o1 + 8) + f64x2.extract_lane(s11, 0) + f64x2.extract_lane(s11, 1));
        store<f64>(o1 + 16, load<f64>(o1 + 16) + f64x2.extract_lane(s12, 0) + f64x2.extract_lane(s12, 1));
        store<f64>(o1 + 24, load<f64>(o1 + 24) + f64x2.extract_lane(s13, 0) + f64x2.extract_lane(s13, 1));
      }
    }
  }
}

// Householder reflector applied from the right to rows 0..rows−1 of M (row stride n):
// M[r][0..len−1] −= (M[r]·u / h) u      (formQt in src-shared/linalg/tridiag.ts)
export function reflectRows(M: usize, n: i32, u: usize, len: i32, h: f64, rows: i32): void {
  const rowBytes = (<usize>n) << 3;
  const pairs = len & ~1;
  const inv = 1 / h;
  for (let r: i32 = 0; r < rows; r++) {
    const row = M + (<usize>r) * rowBytes;
    let acc = f64x2.splat(0);
    for (let k: i32 = 0; k < pairs; k += 2) {
      const off = (<usize>k) << 3;
      acc = f64x2.add(acc, f64x2.mul(v128.load(row + off), v128.load(u + off)));
    }
    let s = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
    if (pairs < len) s += load<f64>(row + ((<usize>pairs) << 3)) * load<f64>(u + ((<usize>pairs) << 3));
    if (s == 0) continue;
    s *= inv;
    const sv = f64x2.splat(s);
    for (let k: i32 = 0; k < pairs; k += 2) {
      const off = (<usize>k) << 3;
      v128.store(row + off, f64x2.sub(v128.load(row + off), f64x2.mul(sv, v128.load(u + off))));
    }
    if (pairs < len) {
      const off = (<usize>pairs) << 3;
      store<f64>(row + off, load<f64>(row + off) - s * load<f64>(u + off));
    }
  }
}

// Givens rotation of rows i and i+1 of M (row stride n, length n):
// (z_i, z_{i+1}) ← (c z_i − s z_{i+1}, s z_i + c z_{i+1})      (tqlRows in src-shared/linalg/tql.ts)
export function rotRows(M: usize, n: i32, i: i32, c: f64, s: f64): void {
  const rowBytes = (<usize>n) << 3;
  const r0 = M + (<usize>i) * rowBytes;
  const r1 = r0 + rowBytes;
  const cv = f64x2.splat(c);
  const sv = f64x2.splat(s);
  const pairs = n & ~1;
  for (let k: i32 = 0; k < pairs; k += 2) {
    const off = (<usize>k) << 3;
    const z0 = v128.load(r0 + off);
    const z1 = v128.load(r1 + off);
    v128.store(r1 + off, f64x2.add(f64x2.mul(sv, z0), f64x2.mul(cv, z1)));
    v128.store(r0 + off, f64x2.sub(f64x2.mul(cv, z0), f64x2.mul(sv, z1)));
  }
  if (pairs < n) {
    const off = (<usize>pairs) << 3;
    const z0 = load<f64>(r0 + off);
    const z1 = load<f64>(r1 + off);
    store<f64>(r1 + off, s * z0 + c * z1);
    store<f64>(r0 + off, c * z0 - s * z1);
  }
}

