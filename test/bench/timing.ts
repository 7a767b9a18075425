// Timing helpers for benchmarks: median of repeated runs (after a warm-up).
export function medianMs(fn: () => unknown, reps = 5, warmup = 1): { median: number; samples: number[] } {
  for (let i = 0; i < warmup; i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  const s = [...samples].sort((a, b) => a - b);
  const m = s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  return { median: m, samples };
}
