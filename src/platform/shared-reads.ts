import { ShortLivedCache } from './short-lived-cache.js';

/** What one shared read holds, for how long, and why it may be that old: listed by `SharedReads.describe()`. */
export type SharedReadSpec = { name: string; maxAgeMs: number; why: string };

/** Remembers values computed from one version of shared data (e.g. the answer card for one vote snapshot). */
export class Memo<T> {
  private readonly values = new Map<string, T>();

  constructor(private readonly maxEntries: number) {}

  get(key: string, compute: () => T): T {
    let value = this.values.get(key);
    if (value === undefined) {
      // Keys embed the version they were computed from: when full, the old ones are dead weight.
      if (this.values.size >= this.maxEntries) this.values.clear();
      value = compute();
      this.values.set(key, value);
    }
    return value;
  }
}

/**
 * Every short-lived shared read on the bot's hot paths, in one object made by the composition root and handed
 * down: reads that many people make within the same seconds (a room voting at once) are made once and shared.
 * Each is registered with its age limit and the reason that age is harmless, so the freshness rules of the
 * vote path are listed in one place (`describe()`, and ARCHITECTURE.md) rather than spread over the stores.
 * Rights are never decided on a shared read alone where a stale answer would let someone in: see each `why`.
 */
export class SharedReads {
  private readonly specs: (SharedReadSpec & { kind: 'read' | 'memo' })[] = [];

  read<T>(spec: SharedReadSpec, load: (key: string) => Promise<T>): ShortLivedCache<T> {
    this.specs.push({ ...spec, kind: 'read' });
    return new ShortLivedCache(load, spec.maxAgeMs);
  }

  /** Values derived from a versioned snapshot; they never go stale because the key names the version. */
  memo<T>(spec: Omit<SharedReadSpec, 'maxAgeMs'> & { maxEntries: number }): Memo<T> {
    this.specs.push({ name: spec.name, why: spec.why, maxAgeMs: 0, kind: 'memo' });
    return new Memo<T>(spec.maxEntries);
  }

  describe(): readonly (SharedReadSpec & { kind: 'read' | 'memo' })[] {
    return this.specs;
  }
}
