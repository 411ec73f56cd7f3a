/** The median of `values`. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** A median with its distribution-free 95% confidence interval. */
export interface MedianEstimate {
  readonly median: number;
  readonly low: number;
  readonly high: number;
  readonly count: number;
}

/**
 * The median of `values` and its 95% confidence interval: the order statistics between which a
 * binomial(n, 1/2) puts 95% of its mass, so no assumption about how the values are distributed.
 */
export function medianWithInterval(values: readonly number[]): MedianEstimate {
  const sorted = [...values].sort((x, y) => x - y);
  const n = sorted.length;
  const spread = Math.ceil(0.98 * Math.sqrt(n));
  return {
    median: median(sorted),
    low: sorted[Math.max(0, Math.floor(n / 2) - spread)],
    high: sorted[Math.min(n - 1, Math.ceil(n / 2) + spread - 1)],
    count: n,
  };
}

/** Rows as a Markdown table. */
export function markdown(header: readonly string[], rows: readonly string[][]): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** Milliseconds, rounded to `digits` decimals. */
export function ms(value: number, digits = 0): string {
  return `${value.toFixed(digits)} ms`;
}

/** A number with its sign, to one decimal. */
export function signed(value: number): string {
  return `${value >= 0 ? '+' : ''}${value.toFixed(1)}`;
}

/** A fraction as a signed percentage, to one decimal. */
export function percent(fraction: number): string {
  return `${fraction >= 0 ? '+' : ''}${(fraction * 100).toFixed(1)}%`;
}
