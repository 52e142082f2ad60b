import { weeksOf } from './domain.js';
import type { IsoWeek, Kit, TermId } from './schema.js';
import { termOf, termWeeks, weekOf } from './weeks.js';

/* Fairness per term, pure (see domain.ts): which municipalities have had the kit, have it booked, or neither. */

/** A municipality in a term: `had` once a booked week has begun, `booked` before that, `none` without a booking. */
export type MunicipalityTerm = {
  municipalityCode: string;
  weeksBooked: number;
  weeksHad: number;
  waiting: number;
  state: 'had' | 'booked' | 'none';
};

/**
 * The term per municipality of the kit's region, for staff: who has had the kit, who has it booked, who has
 * neither (those first). Offers count once accepted.
 */
export function termOverview(
  kit: Kit,
  term: TermId,
  now: Date,
): { term: TermId; rows: MunicipalityTerm[]; notYetHad: string[]; withoutBooking: string[] } {
  const { first, last } = termWeeks(term);
  const current = weekOf(now);
  const inTerm = (week: IsoWeek) => week >= first && week <= last;
  const rank = { none: 0, booked: 1, had: 2 } as const;
  const rows = kit.regionCodes
    .map((municipalityCode): MunicipalityTerm => {
      const weeks = kit.bookings
        .filter((b) => b.municipalityCode === municipalityCode && b.status === 'confirmed')
        .flatMap(weeksOf)
        .filter(inTerm);
      const weeksHad = weeks.filter((week) => week <= current).length;
      const waiting = kit.waitingList.filter(
        (e) => e.municipalityCode === municipalityCode && e.status === 'waiting' && weeksOf(e).some(inTerm),
      ).length;
      const state = weeksHad > 0 ? 'had' : weeks.length > 0 ? 'booked' : 'none';
      return { municipalityCode, weeksBooked: weeks.length, weeksHad, waiting, state };
    })
    .sort((a, b) => rank[a.state] - rank[b.state] || a.municipalityCode.localeCompare(b.municipalityCode));
  return {
    term,
    rows,
    notYetHad: rows.filter((row) => row.weeksHad === 0).map((row) => row.municipalityCode),
    withoutBooking: rows.filter((row) => row.weeksBooked === 0).map((row) => row.municipalityCode),
  };
}

/** The current term, for the overview's default. */
export function currentTerm(now: Date): TermId {
  return termOf(weekOf(now));
}
