/**
 * Counts the Cosmos operations the bot makes, by kind. Local servers always report a request charge of 1,
 * so benchmarks and tests compare operation counts rather than RUs.
 */
export class OperationMeter {
  private counts = new Map<string, number>();

  record(kind: string): void {
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + 1);
  }

  get total(): number {
    let total = 0;
    for (const count of this.counts.values()) total += count;
    return total;
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }

  reset(): void {
    this.counts.clear();
  }
}
