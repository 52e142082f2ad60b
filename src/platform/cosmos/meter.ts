/**
 * Counts the Cosmos operations the bot makes, by kind. Local servers always report a request charge of 1,
 * so benchmarks and tests compare operation counts rather than RUs.
 */
export class OperationMeter {
  private counts = new Map<string, number>();
  private byContainer = new Map<string, number>();

  record(kind: string, container?: string): void {
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + 1);
    if (container) this.byContainer.set(container, (this.byContainer.get(container) ?? 0) + 1);
  }

  /** Operations on every container but these: a request's own work, without the outbox worker's polling beside it. */
  totalExcept(...containers: string[]): number {
    let total = 0;
    for (const [container, count] of this.byContainer) if (!containers.includes(container)) total += count;
    return total;
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
    this.byContainer.clear();
  }
}
