/** Documents touched (deleted or rewritten), by container: what an erasure or a purge reports. */
export type Touched = Record<string, number>;

/** A person as shared records keep them once they are erased: a neutral placeholder, the same for everyone. */
export type Placeholder = { id: string; name: string };

/**
 * One thing stored about a person, as "my data" shows it: which programme, what (stored words such as a group
 * name or a poll question, never a translation), when, and the stored details themselves for the JSON file.
 */
export type PersonalItem = {
  programmeId?: string;
  what: string;
  at?: string;
  details: Record<string, unknown>;
};

/**
 * Where a feature keeps personal data, and how to show, erase and expire it. Every feature that stores something
 * about a person registers one for each kind of record (memberships, named votes, notes, ...), so that "my data",
 * erasure and retention reach every container without knowing any feature's documents.
 */
export type PersonalDataSource = {
  /** A short name, also the key of its title in locales/<language>/privacy.json (`sources.<name>`). */
  name: string;
  /** The containers it reads and writes: every container is covered by a source or declared free of personal data. */
  containers: readonly string[];
  /** What is stored about the person (by Entra object id). */
  find(personId: string): Promise<PersonalItem[]>;
  /**
   * Deletes what is theirs alone and puts `placeholder` in their place where a group's shared record keeps the
   * content (a note, an output's history). Safe to run twice.
   */
  erase(personId: string, placeholder: Placeholder): Promise<Touched>;
  /** The same for everyone in a programme whose retention time has run out. */
  forgetProgramme?(programmeId: string, placeholder: Placeholder): Promise<Touched>;
  /** How many records are past their own expiry (short-lived links), and removing them. */
  countExpired?(now: Date): Promise<number>;
  removeExpired?(now: Date): Promise<Touched>;
};

/**
 * A stored document with every person in it that `matches` picks replaced by the placeholder, however deep they
 * sit; undefined when it names nobody `matches` picks. People are stored as `{ id, name }` and nothing more
 * (programmes' personSchema), which is how they are told from other things with an id and a name (the document
 * itself, a kit's copy). For documents that keep people in many places.
 */
export function withPeopleReplaced<T extends object>(
  document: T,
  matches: (id: string) => boolean,
  placeholder: Placeholder,
): T | undefined {
  let changed = false;
  const isPerson = (record: Record<string, unknown>) =>
    Object.keys(record).length === 2 && typeof record.id === 'string' && typeof record.name === 'string';
  const walk = (value: unknown, root = false): unknown => {
    if (Array.isArray(value)) return value.map((inner) => walk(inner));
    if (!value || typeof value !== 'object') return value;
    const record = value as Record<string, unknown>;
    if (!root && isPerson(record) && matches(record.id as string)) {
      changed = true;
      return { ...placeholder };
    }
    return Object.fromEntries(Object.entries(record).map(([key, inner]) => [key, walk(inner)]));
  };
  const next = walk(document, true) as T;
  return changed ? next : undefined;
}

export function addTouched(total: Touched, more: Touched): Touched {
  for (const [container, count] of Object.entries(more)) {
    if (count > 0) total[container] = (total[container] ?? 0) + count;
  }
  return total;
}

/**
 * Every source of personal data, registered by the features at start (src/app.ts), and the containers that hold
 * none, each with the reason. A test checks that every container of the store is one or the other, and a scan
 * after an erasure checks that nothing of the person is left anywhere.
 */
export class PersonalData {
  private readonly sources: PersonalDataSource[] = [];
  private readonly free = new Map<string, string>();

  register(...sources: PersonalDataSource[]): void {
    this.sources.push(...sources);
  }

  /** A container that holds no personal data, and why (so the next reader can check the claim). */
  holdsNone(container: string, why: string): void {
    this.free.set(container, why);
  }

  /** The containers covered by a source or declared free. */
  covered(): Set<string> {
    return new Set([...this.sources.flatMap((source) => source.containers), ...this.free.keys()]);
  }

  names(): string[] {
    return this.sources.map((source) => source.name);
  }

  async find(personId: string): Promise<{ source: string; items: PersonalItem[] }[]> {
    const found = [];
    for (const source of this.sources) found.push({ source: source.name, items: await source.find(personId) });
    return found;
  }

  /** Runs every source's erasure, one after the other, and adds up what each touched. */
  async erase(personId: string, placeholder: Placeholder): Promise<Touched> {
    const touched: Touched = {};
    for (const source of this.sources) addTouched(touched, await source.erase(personId, placeholder));
    return touched;
  }

  async forgetProgramme(programmeId: string, placeholder: Placeholder): Promise<Touched> {
    const touched: Touched = {};
    for (const source of this.sources) {
      if (source.forgetProgramme) addTouched(touched, await source.forgetProgramme(programmeId, placeholder));
    }
    return touched;
  }

  async countExpired(now: Date): Promise<number> {
    let count = 0;
    for (const source of this.sources) count += (await source.countExpired?.(now)) ?? 0;
    return count;
  }

  async removeExpired(now: Date): Promise<Touched> {
    const touched: Touched = {};
    for (const source of this.sources) {
      if (source.removeExpired) addTouched(touched, await source.removeExpired(now));
    }
    return touched;
  }
}
