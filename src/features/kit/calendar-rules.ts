import { holderOfWeek } from './domain.js';
import type { IsoWeek, Kit } from './schema.js';
import { weeksFrom } from './weeks.js';

/* The calendar by week, pure (see domain.ts): each copy's state in each week, as the viewer's municipality sees it. */

/** `mine`: held for the viewer's municipality (booked, or offered to it); `offered`: held for someone else's answer. */
export type WeekState = 'free' | 'booked' | 'mine' | 'offered';
export type CopyWeek = { copyId: string; state: WeekState; municipalityCode?: string; bookingId?: string };
export type CalendarWeek = { week: IsoWeek; copies: CopyWeek[]; freeCopies: number };

export function calendarByWeek(kit: Kit, from: IsoWeek, count: number, viewerMunicipality?: string): CalendarWeek[] {
  return weeksFrom(from, count).map((week) => {
    const copies = kit.copies.map((copy): CopyWeek => {
      const booking = holderOfWeek(kit, copy.copyId, week);
      if (!booking) return { copyId: copy.copyId, state: 'free' };
      const state: WeekState =
        booking.municipalityCode === viewerMunicipality ? 'mine' : booking.status === 'offered' ? 'offered' : 'booked';
      return { copyId: copy.copyId, state, municipalityCode: booking.municipalityCode, bookingId: booking.bookingId };
    });
    return { week, copies, freeCopies: copies.filter((copy) => copy.state === 'free').length };
  });
}
