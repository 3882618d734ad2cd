/** A memory ceiling measured by the process itself: the peak resident size while `run` works. */

/** Peak growth of the resident set (bytes) over the start, sampling whenever `sample` is called and at the end. */
export function peakGrowth<T>(run: (sample: () => void) => T): { result?: T; error?: unknown; grewBy: number } {
  (globalThis as { gc?: () => void }).gc?.();
  const base = process.memoryUsage().rss;
  let peak = base;
  const sample = () => {
    const now = process.memoryUsage().rss;
    if (now > peak) peak = now;
  };
  try {
    const result = run(sample);
    sample();
    return { result, grewBy: peak - base };
  } catch (error) {
    sample();
    return { error, grewBy: peak - base };
  }
}

export const MiB = 1024 * 1024;
