import { z } from 'zod/v4';
import { idSchema } from '../../platform/ids.js';
import { contactSchema } from '../../platform/outbox/schema.js';
import { personSchema } from '../programmes/schema.js';
import { isValidIsoWeek } from './weeks.js';

export type { IsoWeek, TermHalf, TermId } from './weeks.js';

/**
 * The kit vocabulary. A kit is made from an approved kit plan (features/outputs) and sits above outputs and
 * programmes: it reads them, they never read it.
 *
 * One document per kit, in its programme's partition of `kits`, holds the kit's definition AND its whole booking
 * state (bookings, offers, waiting list), so every booking rule is checked and applied in one ETag-guarded write
 * (see store.ts for why). Receipts (the "received" content checks) are documents of their own, created once each.
 */

/** Weeks are Swedish weeks (Monday to Sunday, Europe/Stockholm), stored as "2027-W14"; see weeks.ts. */
export const isoWeekSchema = z.string().refine(isValidIsoWeek, { message: 'expected a week like 2027-W14' });

/** Spring is January to June, autumn July to December, by the month of the week's Thursday: "2027-spring". */
export const termIdSchema = z.string().regex(/^\d{4}-(spring|autumn)$/);

export const MAX_LOAN_WEEKS = 12;
export const MAX_COPIES = 10;

/** ISO weekdays: 1 is Monday, 7 is Sunday. */
export const weekdaySchema = z.number().int().min(1).max(7);

export const bookingRulesSchema = z
  .object({
    minLoanWeeks: z.number().int().min(1).max(MAX_LOAN_WEEKS),
    maxLoanWeeks: z.number().int().min(1).max(MAX_LOAN_WEEKS),
    /** A loan may start at most this many weeks after the current week. */
    bookAheadWeeks: z.number().int().min(1).max(104),
    /** The most weeks one municipality may have the kit (all copies together) in one term. */
    maxWeeksPerTerm: z.number().int().min(1).max(26),
    /** The weekdays on which the kit changes hands; the first is the planned day, the others are fine too. */
    handoverDays: z.array(weekdaySchema).min(1).max(7),
    /** How long the first in the waiting list has to accept freed weeks before the next is asked. */
    offerHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 14),
  })
  .refine((rules) => rules.minLoanWeeks <= rules.maxLoanWeeks, { message: 'minLoanWeeks above maxLoanWeeks' });
export type BookingRules = z.infer<typeof bookingRulesSchema>;

export const librarySchema = z.object({
  name: z.string().min(1),
  municipalityCode: z.string().min(1),
  address: z.string().default(''),
});
export type Library = z.infer<typeof librarySchema>;

/** What a copy of the kit holds, from the plan's items: the counts are what a returned kit is checked against. */
export const contentItemSchema = z.object({
  itemId: z.string().min(1),
  name: z.string().min(1),
  description: z.string().default(''),
  count: z.number().int().min(1),
});
export type ContentItem = z.infer<typeof contentItemSchema>;

export const kitCopySchema = z.object({
  copyId: z.string().min(1),
  /** "Makerkit 1"; shown wherever a copy is named. */
  label: z.string().min(1),
  /** Where the copy lives between loans and where it goes back to when nobody has it booked next. */
  homeLibrary: librarySchema,
});
export type KitCopy = z.infer<typeof kitCopySchema>;

/** An offer of freed weeks to someone from the waiting list: they hold the weeks until it expires. */
export const offerSchema = z.object({
  entryId: z.string().min(1),
  offeredAt: z.string(),
  expiresAt: z.string(),
});
export type Offer = z.infer<typeof offerSchema>;

/**
 * `confirmed` and `offered` bookings hold their weeks; the others are history. An offer is a booking made for the
 * first in the waiting list: it becomes `confirmed` when accepted, `declined` or `expired` otherwise.
 */
export const BOOKING_STATUSES = ['confirmed', 'offered', 'cancelled', 'declined', 'expired'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

export const bookingSchema = z.object({
  bookingId: z.string().min(1),
  copyId: z.string().min(1),
  municipalityCode: z.string().min(1),
  /** The borrowing library, as the booker named it (their sign-up's library), for handover notices. */
  libraryName: z.string().default(''),
  startWeek: isoWeekSchema,
  weekCount: z.number().int().min(1).max(MAX_LOAN_WEEKS),
  /** Who pressed the button: a member of the municipality, or regional staff booking for it. */
  bookedBy: personSchema,
  /** Who is told about handovers for this loan. */
  contact: personSchema,
  status: z.enum(BOOKING_STATUSES),
  offer: offerSchema.optional(),
  /** Part of the calendar (.ics) link, so it opens without signing in but cannot be guessed. */
  calendarToken: z.string().min(1),
  createdAt: z.string(),
  updatedAt: z.string(),
  endedBy: personSchema.optional(),
});
export type Booking = z.infer<typeof bookingSchema>;

export const WAITING_STATUSES = ['waiting', 'offered', 'booked', 'passed', 'withdrawn'] as const;
export type WaitingStatus = (typeof WAITING_STATUSES)[number];

/** A library queueing for weeks that were taken when it asked. Queue order is the order entries were written in. */
export const waitingEntrySchema = z.object({
  entryId: z.string().min(1),
  municipalityCode: z.string().min(1),
  libraryName: z.string().default(''),
  person: personSchema,
  startWeek: isoWeekSchema,
  weekCount: z.number().int().min(1).max(MAX_LOAN_WEEKS),
  createdAt: z.string(),
  status: z.enum(WAITING_STATUSES),
  /** The offer made to this entry, once one is. */
  bookingId: z.string().optional(),
});
export type WaitingEntry = z.infer<typeof waitingEntrySchema>;

export const kitSchema = z.object({
  /** `kit:<kitId>` */
  id: z.string(),
  type: z.literal('kit'),
  programmeId: z.string(),
  kitId: z.string().min(1),
  name: z.string().min(1),
  /** The approved kit plan this kit was made from (an output of a group in the same programme). */
  source: z.object({ groupId: z.string(), outputId: z.string() }),
  contents: z.array(contentItemSchema).min(1),
  copies: z.array(kitCopySchema).min(1).max(MAX_COPIES),
  rules: bookingRulesSchema,
  administrators: z.array(personSchema).min(1),
  /** The programme's region when the kit was made: the municipalities that may book it, for fairness. */
  regionCodes: z.array(z.string()).min(1),
  bookings: z.array(bookingSchema).default([]),
  waitingList: z.array(waitingEntrySchema).default([]),
  /** The earliest expiry of an open offer, so the expiry job finds kits with one query instead of reading all. */
  nextOfferExpiresAt: z.string().optional(),
  /**
   * The last week any copy is lent out (confirmed loans), so the handover job reads only kits still travelling:
   * the copy comes home the week after.
   */
  lastLoanWeek: isoWeekSchema.optional(),
  /** The kit's calendar as posted in the MIK group's conversation, kept up to date in place (see sharing.ts). */
  channelCalendar: z.object({ conversationId: z.string().min(1), postKey: z.string().min(1) }).optional(),
  /**
   * How to reach the administrators 1:1 (told when a copy arrives with something missing or broken): captured
   * when they make or change the kit, as sign-ups capture a member's. Personal data (see personal-data.ts).
   */
  administratorContacts: z.array(z.object({ person: personSchema, contact: contactSchema })).default([]),
  createdBy: personSchema,
  createdAt: z.string(),
  updatedBy: personSchema,
  updatedAt: z.string(),
});
export type Kit = z.infer<typeof kitSchema>;

export function kitDocumentId(kitId: string): string {
  return `kit:${kitId}`;
}

/** One item's state when a copy arrives: how many are missing, how many are broken. */
export const itemCheckSchema = z.object({
  itemId: z.string().min(1),
  missing: z.number().int().min(0),
  broken: z.number().int().min(0),
});
export type ItemCheck = z.infer<typeof itemCheckSchema>;

/**
 * "Received": the library that got a copy (or its home library, when it comes back) confirms it with a quick
 * content check. One document per handover leg, created only if absent, so two people pressing "received" at
 * once record one check.
 */
export const receiptSchema = z.object({
  /** `receipt:<kitId>:<legId>` */
  id: z.string(),
  type: z.literal('receipt'),
  programmeId: z.string(),
  kitId: z.string(),
  copyId: z.string(),
  /** The handover leg this receipt closes (see handoverChain in domain.ts). */
  legId: z.string(),
  municipalityCode: z.string(),
  receivedBy: personSchema,
  receivedAt: z.string(),
  items: z.array(itemCheckSchema),
  note: z.string().default(''),
});
export type Receipt = z.infer<typeof receiptSchema>;

export function receiptDocumentId(kitId: string, legId: string): string {
  return `receipt:${kitId}:${legId}`;
}

/* ------------------------------------------------------------------------------------------------------------
 * Card actions (verbs `kit.*`). Inputs arrive as strings, and a client may leave an empty one out.
 * ------------------------------------------------------------------------------------------------------------ */

const cardText = (max: number) => z.string().trim().max(max).default('');

/** The approved plan a kit is made from. */
export const planRefSchema = z.object({ programmeId: idSchema, groupId: idSchema, outputId: idSchema });
export type PlanRef = z.infer<typeof planRefSchema>;

export const kitRefSchema = z.object({ programmeId: idSchema, kitId: idSchema });
export type KitRef = z.infer<typeof kitRefSchema>;

export const bookingRefSchema = kitRefSchema.extend({ bookingId: idSchema });
export type BookingRef = z.infer<typeof bookingRefSchema>;

/** Paging the calendar: the first week shown ('' = from the current week). */
export const calendarPageSchema = kitRefSchema.extend({ from: cardText(10) });

/**
 * Booking, queueing and the "book these instead" buttons. `copyId` 'any' (or '') means any copy; `municipalityCode`
 * is only offered to regional staff (members book for their own municipality).
 */
export const bookingFormSchema = kitRefSchema.extend({
  startWeek: cardText(10),
  weekCount: cardText(3),
  copyId: cardText(40),
  municipalityCode: cardText(10),
});
export type BookingForm = z.infer<typeof bookingFormSchema>;

/** The kit form: item counts are numbered inputs (`count1`, `count2`, …), so any other key is a string too. */
export const kitFormSchema = planRefSchema
  .extend({
    name: cardText(200),
    copies: cardText(3),
    homeLibrary: cardText(200),
    homeMunicipality: cardText(10),
    homeAddress: cardText(300),
    minLoanWeeks: cardText(3),
    maxLoanWeeks: cardText(3),
    bookAheadWeeks: cardText(4),
    maxWeeksPerTerm: cardText(3),
    handoverDays: cardText(20),
    offerHours: cardText(4),
  })
  .catchall(z.string().max(20));
export type KitForm = z.infer<typeof kitFormSchema>;

/** "Received": `missing<n>` and `broken<n>` per content item (numbered as in the kit), and a note. */
export const receivedFormSchema = kitRefSchema
  .extend({ legId: idSchema, note: cardText(1000) })
  .catchall(z.string().max(20));
export type ReceivedForm = z.infer<typeof receivedFormSchema>;

/** Moving a booking: the booking, and the weeks and copy chosen in the calendar's booking inputs. */
export const moveFormSchema = bookingFormSchema.extend({ bookingId: idSchema });
export type MoveForm = z.infer<typeof moveFormSchema>;

/** A place in the waiting list, to leave it. */
export const entryRefSchema = kitRefSchema.extend({ entryId: idSchema });

/** The staff overview of one term ('' = the current term). */
export const fairnessPageSchema = kitRefSchema.extend({ term: cardText(20) });

/** "Received" opens the content check for one handover leg. */
export const legRefSchema = kitRefSchema.extend({ legId: idSchema });
export type LegRef = z.infer<typeof legRefSchema>;

/** Returning the kit early: the loan, and the last week the library keeps it (an ISO week within the loan). */
export const earlyReturnSchema = bookingRefSchema.extend({ lastWeek: cardText(10) });
export type EarlyReturnForm = z.infer<typeof earlyReturnSchema>;

/** Every card verb of the kit with the shape of what it sends (data and inputs together), for the router. */
export const KIT_VERBS = {
  'kit.createForm': planRefSchema,
  'kit.create': kitFormSchema,
  'kit.calendar': calendarPageSchema,
  'kit.book': bookingFormSchema,
  'kit.queue': bookingFormSchema,
  'kit.cancel': bookingRefSchema,
  'kit.move': moveFormSchema,
  'kit.leaveQueue': entryRefSchema,
  'kit.returnForm': bookingRefSchema,
  'kit.return': earlyReturnSchema,
  'kit.acceptOffer': bookingRefSchema,
  'kit.declineOffer': bookingRefSchema,
  'kit.receivedForm': legRefSchema,
  'kit.received': receivedFormSchema,
  'kit.fairness': fairnessPageSchema,
  'kit.postCalendar': kitRefSchema,
} as const;
export type KitVerb = keyof typeof KIT_VERBS;
