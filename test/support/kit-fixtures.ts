import {
  DEFAULT_RULES,
  placeBooking,
  type Actor,
  type BookingRequest,
  type NewIds,
} from '../../src/features/kit/domain.js';
import { kitSchema, type Kit } from '../../src/features/kit/schema.js';

/*
 * A kit and its people for the kit's pure tests: one copy of "Makerkit" in Jämtland, homed in Östersund, seen on
 * Monday 1 March 2027 (week 9, so the earliest bookable week is 10).
 */
export const now = new Date('2027-03-01T10:00:00Z');
export const REGION = ['2303', '2305', '2309', '2313', '2321', '2326', '2361', '2380'];
export const OSTERSUND = '2380';
export const KROKOM = '2309';
export const ARE = '2321';

export const staff: Actor = { person: { id: 'staff', name: 'Regina Region' }, isStaff: true };
export const member = (municipalityCode: string, id = `m-${municipalityCode}`): Actor => ({
  person: { id, name: `Bibliotekarie ${municipalityCode}` },
  municipalityCode,
  isStaff: false,
});

/** Ids for offers made by a change: o1, o2, … (bookings made by `booked` are b1, b2, … in the kit's order). */
export function counterIds(): NewIds {
  let n = 0;
  return () => ({ bookingId: `o${++n}`, calendarToken: `t${n}` });
}

export function kit(overrides: Partial<Kit> = {}): Kit {
  return kitSchema.parse({
    id: 'kit:maker',
    type: 'kit',
    programmeId: 'p',
    kitId: 'maker',
    name: 'Makerkit',
    source: { groupId: 'mik', outputId: 'kit-plan' },
    contents: [
      { itemId: 'item1', name: 'Micro:bit', count: 10 },
      { itemId: 'item2', name: 'Lödkolv', count: 2 },
    ],
    copies: [
      { copyId: '1', label: 'Makerkit', homeLibrary: { name: 'Regionbiblioteket', municipalityCode: OSTERSUND } },
    ],
    rules: DEFAULT_RULES,
    administrators: [staff.person],
    regionCodes: REGION,
    createdBy: staff.person,
    createdAt: now.toISOString(),
    updatedBy: staff.person,
    updatedAt: now.toISOString(),
    ...overrides,
  });
}

export function request(
  municipalityCode: string,
  startWeek: string,
  weekCount = 1,
  extra: Partial<BookingRequest> = {},
) {
  return { municipalityCode, libraryName: `Bibliotek ${municipalityCode}`, startWeek, weekCount, ...extra };
}

/** Books in turn and returns the kit after all of them; fails the test if one is refused. */
export function booked(start: Kit, ...requests: BookingRequest[]): Kit {
  return requests.reduce((current, r) => {
    const ids = () => ({ bookingId: `b${current.bookings.length + 1}`, calendarToken: 't' });
    return placeBooking(current, member(r.municipalityCode), r, ids, now).kit!;
  }, start);
}
