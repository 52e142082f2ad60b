import { createHmac } from 'node:crypto';
import { DateTime } from 'luxon';
import { todayInStockholm, ZONE } from '../../platform/dates.js';
import type { PersonalItem, Placeholder, Touched } from '../../platform/personal-data.js';
import type { Person, Programme } from '../programmes/schema.js';

/**
 * The privacy rules, pure: the placeholder that takes an erased person's place in shared records, when a
 * programme's retention time runs out, who cannot be erased yet, the reference that proves an erasure without
 * naming anyone, and the "my data" file.
 */

/** The same placeholder for everyone erased: shared records keep their content and lose only the name. */
export const ERASED_ID = 'erased';

export function placeholderNamed(name: string): Placeholder {
  return { id: ERASED_ID, name };
}

/** The last day a programme's personal data is kept: `days` after its presentation day. */
export function lastRetentionDay(programme: Pick<Programme, 'presentationDay'>, days: number): string {
  return DateTime.fromISO(programme.presentationDay, { zone: ZONE }).plus({ days }).toISODate()!;
}

export function isPastRetention(programme: Pick<Programme, 'presentationDay'>, days: number, now: Date): boolean {
  return todayInStockholm(now) > lastRetentionDay(programme, days);
}

/**
 * Programmes the person is the only coordinator of: erasing them would leave a running programme without anyone
 * to run it, so they hand it over first (a coordinator adds another, then steps down or erases).
 */
export function soleCoordinatorOf(programmes: readonly Programme[], personId: string): Programme[] {
  return programmes.filter((p) => p.coordinators.length === 1 && p.coordinators[0]!.id === personId);
}

/**
 * A keyed hash of the person's id: the audit entry of an erasure holds this instead of the person, so it proves
 * the erasure happened (the region can recompute it when the person asks) without keeping who they were.
 */
export function erasureReference(personId: string, key: string): string {
  return createHmac('sha256', key).update(`erasure\u0000${personId}`).digest('base64url').slice(0, 16);
}

/** "programmes 2, polls 3": what an erasure or a purge touched, for the audit entry and the person. */
export function touchedSummary(touched: Touched): string {
  return Object.entries(touched)
    .filter(([, count]) => count > 0)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([container, count]) => `${container} ${count}`)
    .join(', ');
}

export function touchedTotal(touched: Touched): number {
  return Object.values(touched).reduce((sum, count) => sum + count, 0);
}

export type Found = { source: string; items: PersonalItem[] };

/** The downloadable file: who, when, and every source's items with their programme's name. */
export function myDataFile(
  person: Person,
  found: readonly Found[],
  programmes: readonly Pick<Programme, 'programmeId' | 'name'>[],
  titles: (source: string) => string,
  madeAt: Date,
): Record<string, unknown> {
  const names = new Map(programmes.map((p) => [p.programmeId, p.name]));
  return {
    person: { id: person.id, name: person.name },
    madeAt: madeAt.toISOString(),
    sources: found
      .filter(({ items }) => items.length > 0)
      .map(({ source, items }) => ({
        source,
        title: titles(source),
        items: items.map((item) => ({
          ...(item.programmeId ? { programme: names.get(item.programmeId) ?? item.programmeId } : {}),
          what: item.what,
          ...(item.at ? { at: item.at } : {}),
          details: item.details,
        })),
      })),
  };
}
