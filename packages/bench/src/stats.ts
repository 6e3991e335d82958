/** What one variant (the store, or the raw driver) did in a measurement. */
export interface Sample {
  /** Operations completed. */
  readonly ops: number;
  /** Operations per second: for sequential work `ops` over the summed latencies, else over wall time. */
  readonly opsPerSecond: number;
  /** Median latency, microseconds. */
  readonly p50Us: number;
  /** 99th percentile latency, microseconds. */
  readonly p99Us: number;
}

/** The value at quantile `q` (0..1) of sorted values, nearest rank. */
export function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] as number;
}

/** Collects latencies (in nanoseconds) without reallocating on every push. */
export class LatencyLog {
  #values = new Float64Array(1024);
  #length = 0;
  #sum = 0;

  get length(): number {
    return this.#length;
  }

  push(nanoseconds: number): void {
    if (this.#length === this.#values.length) {
      const bigger = new Float64Array(this.#values.length * 2);
      bigger.set(this.#values);
      this.#values = bigger;
    }
    this.#values[this.#length++] = nanoseconds;
    this.#sum += nanoseconds;
  }

  /** The latencies logged so far, in nanoseconds. */
  values(): Float64Array {
    return this.#values.subarray(0, this.#length);
  }

  /** Sum of every latency, in nanoseconds. */
  total(): number {
    return this.#sum;
  }

  /**
   * The sample: throughput from `wallNs` when given (concurrent callers overlap), else from the
   * summed latencies (one caller: the time the operations themselves took).
   */
  summarize(wallNs?: number): Sample {
    const sorted = this.#values.slice(0, this.#length).sort();
    const elapsed = wallNs ?? this.total();
    return {
      ops: this.#length,
      opsPerSecond: elapsed > 0 ? this.#length / (elapsed / 1e9) : Number.NaN,
      p50Us: quantile(sorted, 0.5) / 1e3,
      p99Us: quantile(sorted, 0.99) / 1e3,
    };
  }
}
