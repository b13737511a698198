/** Equity figures of speaking time: pure arithmetic on known inputs. */

/** Gini coefficient of non-negative values: mean absolute difference / (2 × mean); 0 when all are equal. */
export function gini(values: readonly number[]): number {
  const n = values.length;
  const total = values.reduce((a, b) => a + b, 0);
  if (n === 0 || total <= 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  // Σ (2i - n - 1) x_i over the sorted values equals Σ_i Σ_j |x_i - x_j| / 2, in O(n log n).
  let weighted = 0;
  sorted.forEach((x, i) => (weighted += (2 * (i + 1) - n - 1) * x));
  return Math.round((weighted / (n * total)) * 1000) / 1000;
}

/** Each member's share of the group's speaking time (0…1, three decimals). */
export function shares(times: Record<string, number>): Record<string, number> {
  const total = Object.values(times).reduce((a, b) => a + b, 0);
  return Object.fromEntries(
    Object.entries(times).map(([id, ms]) => [id, total > 0 ? Math.round((ms / total) * 1000) / 1000 : 0]),
  );
}
