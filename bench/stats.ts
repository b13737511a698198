import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
/** Small statistics helpers for benchmarks: percentiles over sorted copies, ratios rounded for reports. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export const median = (values: readonly number[]) => percentile(values, 50);

export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export function summary(values: readonly number[]): { n: number; p50: number; p99: number; max: number } {
  return {
    n: values.length,
    p50: round(percentile(values, 50)),
    p99: round(percentile(values, 99)),
    // A loop, not Math.max(...values): a 10-minute soak collects millions of latencies (beyond the stack).
    max: round(values.length ? values.reduce((a, b) => (b > a ? b : a), -Infinity) : NaN),
  };
}

/**
 * Runs a full garbage collection, so that the garbage of a scenario's setup is not collected inside its
 * measured window. Uses V8's `gc` exposed at run time (no need to start Node with --expose-gc).
 */
export function settleHeap(): void {
  v8.setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as (() => void) | undefined;
  gc?.();
}
