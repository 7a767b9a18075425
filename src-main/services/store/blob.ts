// Curves as typed-array BLOBs: `length` rows × k columns, column-major, float64 in the
// platform byte order (little-endian on every platform Node/Electron ship for). On read the
// Buffer SQLite hands back may not be 8-byte aligned, so it is copied into a fresh, aligned
// ArrayBuffer before a Float64Array view is taken.
export function encodeColumns(columns: Record<string, ArrayLike<number>>): { names: string[]; length: number; data: Buffer } {
  const names = Object.keys(columns);
  const length = names.length ? columns[names[0]!]!.length : 0;
  const all = new Float64Array(length * names.length);
  names.forEach((n, j) => {
    const col = columns[n]!;
    if (col.length !== length) throw new Error(`curve column "${n}" has length ${col.length}, expected ${length}`);
    all.set(col, j * length);
  });
  return { names, length, data: Buffer.from(all.buffer, all.byteOffset, all.byteLength) };
}

export function decodeColumns(names: string[], length: number, data: Uint8Array): Record<string, Float64Array> {
  if (data.byteLength !== names.length * length * 8) throw new Error(`curve blob has ${data.byteLength} bytes, expected ${names.length * length * 8}`);
  const ab = new ArrayBuffer(data.byteLength);
  new Uint8Array(ab).set(data);
  const all = new Float64Array(ab);
  const out: Record<string, Float64Array> = {};
  names.forEach((n, j) => {
    out[n] = all.subarray(j * length, (j + 1) * length);
  });
  return out;
}
