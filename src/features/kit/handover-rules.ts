import { stockholmDate, stockholmInstant, todayInStockholm, type IsoDate } from '../../platform/dates.js';
import { Refusal } from '../../platform/refusal.js';
import { lastWeekOf, type Actor } from './domain.js';
import {
  receiptDocumentId,
  type Booking,
  type BookingRules,
  type ContentItem,
  type IsoWeek,
  type ItemCheck,
  type Kit,
  type Library,
  type Receipt,
} from './schema.js';
import { addWeeks, dateInWeek } from './weeks.js';

/*
 * The kit travels: pure rules for where each copy goes and when, who is told three days before a handover, and
 * the quick content check ("received") that each library makes when a copy arrives. Only confirmed loans travel;
 * an offer joins the chain once accepted.
 */

export const NOTICE_DAYS_BEFORE = 3;
export const NOTICE_TIME = '09:00';

/** The planned handover day of a week: the first of the kit's handover weekdays in it. */
export function handoverDate(week: IsoWeek, rules: BookingRules): IsoDate {
  return dateInWeek(week, Math.min(...rules.handoverDays));
}

/** A loan runs from the handover day of its first week until the handover day of the week after its last. */
export function loanPeriod(booking: Pick<Booking, 'startWeek' | 'weekCount'>, rules: BookingRules) {
  return {
    start: handoverDate(booking.startWeek, rules),
    end: handoverDate(addWeeks(booking.startWeek, booking.weekCount), rules),
  };
}

export type Holder =
  { kind: 'home'; copyId: string; library: Library } | { kind: 'loan'; copyId: string; booking: Booking };

/**
 * One handover of a copy: `to:<bookingId>` brings it to a loan (from the previous loan when that ends the week
 * before, otherwise from home), `home:<bookingId>` brings it home after a loan that nobody follows directly.
 */
export type HandoverLeg = { legId: string; copyId: string; from: Holder; to: Holder; date: IsoDate };

export function handoverChain(kit: Kit, copyId: string): HandoverLeg[] {
  const copy = kit.copies.find((c) => c.copyId === copyId);
  if (!copy) return [];
  const home: Holder = { kind: 'home', copyId, library: copy.homeLibrary };
  const loans = kit.bookings
    .filter((b) => b.copyId === copyId && b.status === 'confirmed')
    .sort((a, b) => a.startWeek.localeCompare(b.startWeek));
  const legs: HandoverLeg[] = [];
  let previous: Booking | undefined;
  for (const booking of loans) {
    const to: Holder = { kind: 'loan', copyId, booking };
    const date = loanPeriod(booking, kit.rules).start;
    if (previous && addWeeks(lastWeekOf(previous), 1) === booking.startWeek) {
      legs.push({
        legId: `to:${booking.bookingId}`,
        copyId,
        from: { kind: 'loan', copyId, booking: previous },
        to,
        date,
      });
    } else {
      if (previous) legs.push(homeLeg(kit, copyId, previous, home));
      legs.push({ legId: `to:${booking.bookingId}`, copyId, from: home, to, date });
    }
    previous = booking;
  }
  if (previous) legs.push(homeLeg(kit, copyId, previous, home));
  return legs;
}

function homeLeg(kit: Kit, copyId: string, booking: Booking, home: Holder): HandoverLeg {
  return {
    legId: `home:${booking.bookingId}`,
    copyId,
    from: { kind: 'loan', copyId, booking },
    to: home,
    date: loanPeriod(booking, kit.rules).end,
  };
}

/** Who has the copy on a day, as planned: the kit changes hands in the morning of a handover day. */
export function holderOn(kit: Kit, copyId: string, today: IsoDate): Holder | undefined {
  const copy = kit.copies.find((c) => c.copyId === copyId);
  if (!copy) return undefined;
  const last = handoverChain(kit, copyId)
    .filter((leg) => leg.date <= today)
    .at(-1);
  return last?.to ?? { kind: 'home', copyId, library: copy.homeLibrary };
}

/** The copy's next handover after today, if any. */
export function nextHandover(kit: Kit, copyId: string, today: IsoDate): HandoverLeg | undefined {
  return handoverChain(kit, copyId).find((leg) => leg.date > today);
}

/**
 * Three days before a handover (so three days before a loan ends) the one who has the copy is told where it goes
 * next (`handOn`) and the one who gets it that it is on its way (`onItsWay`). The key is stable, so the durable
 * sending can send each notice once whichever instance gets there first.
 */
export type HandoverNotice = {
  key: string;
  kind: 'handOn' | 'onItsWay';
  leg: HandoverLeg;
  /** UTC instant: 09:00 Swedish time, three days before the handover day. */
  at: string;
};

export function handoverNoticeTime(date: IsoDate): string {
  const day = stockholmDate(date).minus({ days: NOTICE_DAYS_BEFORE }).toISODate()!;
  return stockholmInstant(day, NOTICE_TIME).toUTC().toISO()!;
}

export function handoverNotices(kit: Kit): HandoverNotice[] {
  return kit.copies.flatMap((copy) =>
    handoverChain(kit, copy.copyId).flatMap((leg) =>
      (['handOn', 'onItsWay'] as const).map((kind) => ({
        key: `kit-handover:${kit.programmeId}:${kit.kitId}:${leg.legId}:${kind}`,
        kind,
        leg,
        at: handoverNoticeTime(leg.date),
      })),
    ),
  );
}

/**
 * How long a notice stays due after its time: long enough for a scheduler that was down a while, short enough
 * that the job source does not offer notices sent long ago on every tick.
 */
export const NOTICE_WINDOW_MS = 24 * 3_600_000;

/**
 * Notices whose time has come and whose handover is still ahead. A loan booked (or moved, or an offer accepted)
 * after its notice time is told at once: its window opens when the loans of the leg last changed.
 */
export function dueHandoverNotices(kit: Kit, now: Date): HandoverNotice[] {
  const today = todayInStockholm(now);
  return handoverNotices(kit).filter((notice) => {
    if (notice.at > now.toISOString() || notice.leg.date < today) return false;
    const changed = [notice.leg.from, notice.leg.to].flatMap((h) => (h.kind === 'loan' ? [h.booking.updatedAt] : []));
    const opened = [notice.at, ...changed].sort().at(-1)!;
    return now.getTime() - Date.parse(opened) < NOTICE_WINDOW_MS;
  });
}

/** A handover leg of the kit by its id, as the chain stands now. */
export function legOf(kit: Kit, legId: string): HandoverLeg | undefined {
  return kit.copies.flatMap((copy) => handoverChain(kit, copy.copyId)).find((leg) => leg.legId === legId);
}

/* ------------------------------------------------------------------------------------------------------------
 * "Received": the content check
 * ------------------------------------------------------------------------------------------------------------ */

export type ItemProblem = { itemId: string; name: string; count: number };
export type CheckSummary = { complete: boolean; missing: ItemProblem[]; broken: ItemProblem[] };

/** Items are numbered from 1 on the card, in the kit's order. */
export type CheckFieldError = 'count' | 'tooMany';

/** Reads the check card: `missing<n>`/`broken<n>` per item, empty meaning none. */
export function readContentCheck(
  contents: readonly ContentItem[],
  form: Record<string, string | undefined>,
): { items: ItemCheck[]; errors: Record<string, CheckFieldError> } {
  const errors: Record<string, CheckFieldError> = {};
  const items = contents.map((item, index) => {
    const read = (key: string) => {
      const text = (form[key] ?? '').trim();
      const value = text === '' ? 0 : Number(text);
      if (!Number.isInteger(value) || value < 0 || value > item.count) {
        errors[key] = 'count';
        return 0;
      }
      return value;
    };
    const missing = read(`missing${index + 1}`);
    const broken = read(`broken${index + 1}`);
    if (missing + broken > item.count) errors[`broken${index + 1}`] = 'tooMany';
    return { itemId: item.itemId, missing, broken };
  });
  return { items, errors };
}

export function checkSummary(contents: readonly ContentItem[], items: readonly ItemCheck[]): CheckSummary {
  const byId = new Map(contents.map((item) => [item.itemId, item]));
  const problems = (field: 'missing' | 'broken') =>
    items
      .filter((check) => check[field] > 0 && byId.has(check.itemId))
      .map((check) => ({ itemId: check.itemId, name: byId.get(check.itemId)!.name, count: check[field] }));
  const missing = problems('missing');
  const broken = problems('broken');
  return { complete: missing.length === 0 && broken.length === 0, missing, broken };
}

/** Who may confirm a leg: the receiving municipality (its home library's for a return), staff, administrators. */
export function recordReceipt(
  kit: Kit,
  actor: Actor,
  legId: string,
  check: { items: ItemCheck[]; note: string },
  now: Date,
): Receipt {
  const leg = legOf(kit, legId);
  if (!leg) throw new Refusal('kit:errors.unknownHandover');
  const municipalityCode = leg.to.kind === 'loan' ? leg.to.booking.municipalityCode : leg.to.library.municipalityCode;
  const isAdministrator = kit.administrators.some((person) => person.id === actor.person.id);
  if (!actor.isStaff && !isAdministrator && actor.municipalityCode !== municipalityCode)
    throw new Refusal('kit:errors.notYourHandover');
  return {
    id: receiptDocumentId(kit.kitId, legId),
    type: 'receipt',
    programmeId: kit.programmeId,
    kitId: kit.kitId,
    copyId: leg.copyId,
    legId,
    municipalityCode,
    receivedBy: actor.person,
    receivedAt: now.toISOString(),
    items: check.items,
    note: check.note,
  };
}

/** Each copy's condition as last reported: what its latest receipt found missing or broken, for staff. */
export function copyConditions(
  kit: Kit,
  receipts: readonly Receipt[],
): { copyId: string; receipt?: Receipt; summary: CheckSummary }[] {
  return kit.copies.map((copy) => {
    const latest = receipts
      .filter((receipt) => receipt.copyId === copy.copyId)
      .sort((a, b) => a.receivedAt.localeCompare(b.receivedAt))
      .at(-1);
    const summary = latest ? checkSummary(kit.contents, latest.items) : { complete: true, missing: [], broken: [] };
    return { copyId: copy.copyId, ...(latest ? { receipt: latest } : {}), summary };
  });
}
