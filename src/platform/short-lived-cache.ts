/**
 * Shares one load among everyone who asks for the same key within `maxAgeMs`, including loads still in flight.
 * For bursts: 350 people voting in the same seconds need one read of the poll's results, not 350. A failed
 * load is forgotten at once so the next caller tries again.
 */
export class ShortLivedCache<T> {
  private readonly entries = new Map<string, { at: number; value: Promise<T> }>();

  constructor(
    private readonly load: (key: string) => Promise<T>,
    private readonly maxAgeMs: number,
    private readonly maxEntries = 500,
  ) {}

  get(key: string): Promise<T> {
    const now = Date.now();
    const cached = this.entries.get(key);
    if (cached && now - cached.at < this.maxAgeMs) return cached.value;
    if (this.entries.size >= this.maxEntries) this.prune(now);
    const value = this.load(key);
    this.entries.set(key, { at: now, value });
    value.catch(() => this.entries.delete(key));
    return value;
  }

  forget(key: string): void {
    this.entries.delete(key);
  }

  private prune(now: number): void {
    for (const [key, entry] of this.entries) if (now - entry.at >= this.maxAgeMs) this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) this.entries.clear();
  }
}
