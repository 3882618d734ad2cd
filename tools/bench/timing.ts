/** Timing helpers shared by the bench modules (medians: the machines are noisy). */

/** Median of `n` timed runs of `f`, in ms. */
export function medianMs(n: number, f: () => void): number {
  const t: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    f();
    t.push(performance.now() - t0);
  }
  return middle(t);
}

/** Median of `n` timed runs of an async (or sync) `f`, in ms. */
export async function medianMsAsync(n: number, f: () => unknown): Promise<number> {
  const t: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await f();
    t.push(performance.now() - t0);
  }
  return middle(t);
}

/** The middle value (the upper one of the two middles for an even count). */
function middle(xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
}
