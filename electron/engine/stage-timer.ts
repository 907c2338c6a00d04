// The engine's one instrument: how long each stage took and the memory after it, printed on
// stderr when PREFLIGHT_TIMINGS=1 (docs/performance.md and bench/check-dns.ts read the line).
// It measures only; it never changes what the engine does.

/** Stage durations on stderr when PREFLIGHT_TIMINGS=1. */
export class StageTimer {
  private last = performance.now();
  private readonly laps: string[] = [];

  lap(name: string): void {
    const now = performance.now();
    // Under node --expose-gc the heap figure is the live set, not live set plus garbage.
    (globalThis as { gc?: () => void }).gc?.();
    const heap = process.memoryUsage();
    this.laps.push(
      `${name}: ${((now - this.last) / 1000).toFixed(2)} s (heap ${(heap.heapUsed / 2 ** 20).toFixed(0)} MB, rss ${(heap.rss / 2 ** 20).toFixed(0)} MB)`,
    );
    this.last = now;
  }

  print(): void {
    if (process.env['PREFLIGHT_TIMINGS'] === '1') process.stderr.write(`timings: ${this.laps.join(', ')}\n`);
  }
}
