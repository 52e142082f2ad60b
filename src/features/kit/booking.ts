import { createHash, randomUUID } from 'node:crypto';
import { Refusal } from '../../platform/refusal.js';
import type { CardReply } from '../../platform/teams/router.js';
import type { Turn } from '../../platform/teams/turn.js';
import { readerLanguage } from '../membership/group-conversation.js';
import type { KitAccess } from './access.js';
import { cancelBooking, moveBooking } from './booking-change-rules.js';
import { calendarCard, type CalendarView } from './calendar-cards.js';
import { bookingCalendarUrl } from './calendar-file.js';
import { weeksLabel } from './cards.js';
import { confirmationCard } from './confirmation-cards.js';
import { placeBooking, WeeksTaken, type BookingRequest } from './domain.js';
import { kitListCard } from './kit-list-cards.js';
import type { KitContext } from './messages.js';
import { leaveWaitingList, joinWaitingList, queuePosition } from './queue-rules.js';
import type { Booking, BookingForm, BookingRef, Kit, KitRef, MoveForm } from './schema.js';
import { randomIds } from './store.js';
import { isValidIsoWeek } from './weeks.js';

/*
 * Booking from chat: `boka kit`, the calendar by week, booking, queueing, cancelling and moving. Every change is
 * one domain function applied by KitStore.change under the kit's ETag, so two libraries at the same moment on
 * two instances cannot both get a week; the one refused sees the nearest free alternatives. Only a change that
 * was written sends anything (offers to the queue, the refreshed calendar in the group's channel).
 */

export function viewerOf(access: KitAccess): CalendarView['viewer'] {
  const { isStaff, municipalityCode } = access.actor;
  return { isStaff, ...(municipalityCode ? { municipalityCode } : {}) };
}

/** An id made from the Teams activity: the same press, delivered again, names the same booking or queue place. */
function idFromActivity(turn: Turn, prefix: string): string {
  if (!turn.activityId) return `${prefix}-${randomUUID()}`;
  const hash = createHash('sha256').update(`${turn.conversation.id}|${turn.activityId}`).digest('base64url');
  return `${prefix}-${hash.slice(0, 22)}`;
}

/** Staff's changes are audited under the kit's name (members' own bookings are theirs, and not audited). */
export function auditKit(turn: Turn, access: KitAccess, kit: Kit): void {
  if (access.role) turn.audit.describe({ object: { kind: 'kit', id: kit.kitId, label: kit.name } });
}

/**
 * After a written change that gave weeks back (a cancellation, a move, an early return, a declined offer): the
 * change is audited, the weeks are offered to the queue, and the posted calendar is refreshed. Nothing when the
 * change was not written here (another instance's, or nothing to do), so each happens once.
 */
export async function passOnFreedWeeks(
  turn: Turn,
  ctx: KitContext,
  access: KitAccess,
  change: { kit: Kit; offers: readonly Booking[]; written: boolean },
): Promise<void> {
  if (!change.written) return;
  auditKit(turn, access, change.kit);
  await ctx.messages.sendOffers(change.kit, change.offers, turn.now);
  ctx.calendars.refresh(change.kit);
}

/** `boka kit`: the kit's calendar, or a choice when the person may book several; in a channel, the shared view. */
export async function chooseKit(turn: Turn, ctx: KitContext, accesses: KitAccess[]): Promise<CardReply> {
  const found = (
    await Promise.all(
      accesses.map(async (access) =>
        (await ctx.kits.listForProgramme(access.programme.programmeId)).map((kit) => ({ kit, access })),
      ),
    )
  ).flat();
  if (found.length === 0) throw new Refusal('kit:errors.noKits');
  const localized = readerLanguage(turn);
  if (found.length === 1) {
    const [{ kit, access }] = found as [(typeof found)[number]];
    if (turn.conversation.kind !== 'personal')
      return calendarCard(localized, { kit, now: turn.now, viewer: { isStaff: false }, posted: true });
    return calendarCard(turn, { kit, now: turn.now, viewer: viewerOf(access) });
  }
  return kitListCard(
    localized,
    found.map(({ kit, access }) => ({ kit, programmeName: access.programme.name })),
  );
}

export async function showCalendar(
  turn: Turn,
  ctx: KitContext,
  access: KitAccess,
  page: KitRef & { from: string },
): Promise<CardReply> {
  const kit = await ctx.kits.require(access.programme.programmeId, page.kitId);
  const from = isValidIsoWeek(page.from) ? { from: page.from } : {};
  return calendarCard(turn, { kit, now: turn.now, viewer: viewerOf(access), ...from });
}

/** What the booking inputs ask for; the domain decides whether it may be had. */
async function requestOf(
  turn: Turn,
  ctx: KitContext,
  access: KitAccess,
  form: BookingForm,
  id: string,
): Promise<BookingRequest> {
  if (!isValidIsoWeek(form.startWeek)) throw new Refusal('kit:errors.badWeek');
  const municipalityCode = form.municipalityCode || access.actor.municipalityCode;
  if (!municipalityCode) throw new Refusal('kit:errors.chooseMunicipality');
  const own = access.membership?.municipalityCode === municipalityCode;
  // Staff booking for another municipality: its own library is told about handovers, when one has signed up.
  const contact = own
    ? turn.person
    : ((await ctx.messages.libraryOf(access.programme.programmeId, municipalityCode))?.person ?? turn.person);
  return {
    municipalityCode,
    libraryName: own ? access.membership.roleOrLibrary : '',
    startWeek: form.startWeek,
    weekCount: Number(form.weekCount),
    ...(form.copyId && form.copyId !== 'any' ? { copyId: form.copyId } : {}),
    contact,
    bookingId: id,
  };
}

/** The calendar again, with why nothing was booked and the nearest free alternatives. */
async function refusedCalendar(turn: Turn, ctx: KitContext, access: KitAccess, refusal: WeeksTaken, form: BookingForm) {
  const kit = refusal.kit ?? (await ctx.kits.require(access.programme.programmeId, form.kitId));
  return calendarCard(turn, {
    kit,
    now: turn.now,
    viewer: viewerOf(access),
    note: turn.t(refusal.key),
    noteColor: 'Attention',
    alternatives: refusal.alternatives,
    selected: {
      ...(isValidIsoWeek(form.startWeek) ? { startWeek: form.startWeek } : {}),
      ...(Number(form.weekCount) > 0 ? { weekCount: Number(form.weekCount) } : {}),
      ...(form.municipalityCode ? { municipalityCode: form.municipalityCode } : {}),
    },
  });
}

export async function book(turn: Turn, ctx: KitContext, access: KitAccess, form: BookingForm): Promise<CardReply> {
  const request = await requestOf(turn, ctx, access, form, idFromActivity(turn, 'b'));
  try {
    const { booking, kit, written } = await ctx.kits.change(access.programme.programmeId, form.kitId, (current) =>
      placeBooking(current, access.actor, request, randomIds, turn.now),
    );
    if (written) {
      auditKit(turn, access, kit);
      ctx.calendars.refresh(kit);
    }
    const calendarUrl = bookingCalendarUrl(ctx, kit, booking, turn.language);
    return confirmationCard(turn, { kit, booking, calendarUrl, now: turn.now });
  } catch (error) {
    if (error instanceof WeeksTaken) return refusedCalendar(turn, ctx, access, error, form);
    throw error;
  }
}

export async function queue(turn: Turn, ctx: KitContext, access: KitAccess, form: BookingForm): Promise<CardReply> {
  const request = await requestOf(turn, ctx, access, form, idFromActivity(turn, 'b'));
  const entryId = idFromActivity(turn, 'q');
  const { entry, kit, written } = await ctx.kits.change(access.programme.programmeId, form.kitId, (current) =>
    joinWaitingList(current, access.actor, request, entryId, turn.now),
  );
  if (written) auditKit(turn, access, kit);
  const note = turn.t('kit:notes.queued', {
    position: queuePosition(kit, entry.entryId, turn.now) ?? 1,
    weeks: weeksLabel(turn, entry.startWeek, entry.weekCount),
  });
  return calendarCard(turn, { kit, now: turn.now, viewer: viewerOf(access), note, noteColor: 'Good' });
}

export async function cancel(turn: Turn, ctx: KitContext, access: KitAccess, ref: BookingRef): Promise<CardReply> {
  const cancelled = await ctx.kits.change(access.programme.programmeId, ref.kitId, (current) =>
    cancelBooking(current, access.actor, ref.bookingId, randomIds, turn.now),
  );
  await passOnFreedWeeks(turn, ctx, access, cancelled);
  const { booking, offers, kit } = cancelled;
  const names = {
    weeks: weeksLabel(turn, booking.startWeek, booking.weekCount),
    copy: kit.copies.find((c) => c.copyId === booking.copyId)?.label ?? kit.name,
  };
  const note = turn.t(offers.length > 0 ? 'kit:notes.cancelledOffered' : 'kit:notes.cancelled', names);
  return calendarCard(turn, { kit, now: turn.now, viewer: viewerOf(access), note, noteColor: 'Good' });
}

export async function move(turn: Turn, ctx: KitContext, access: KitAccess, form: MoveForm): Promise<CardReply> {
  if (!isValidIsoWeek(form.startWeek)) throw new Refusal('kit:errors.badWeek');
  const target = {
    startWeek: form.startWeek,
    weekCount: Number(form.weekCount),
    ...(form.copyId && form.copyId !== 'any' ? { copyId: form.copyId } : {}),
  };
  try {
    const moved = await ctx.kits.change(access.programme.programmeId, form.kitId, (current) =>
      moveBooking(current, access.actor, form.bookingId, target, randomIds, turn.now),
    );
    await passOnFreedWeeks(turn, ctx, access, moved);
    const { booking, kit } = moved;
    const note = turn.t('kit:notes.moved', { weeks: weeksLabel(turn, booking.startWeek, booking.weekCount) });
    const calendarUrl = bookingCalendarUrl(ctx, kit, booking, turn.language);
    return confirmationCard(turn, { kit, booking, calendarUrl, now: turn.now, note });
  } catch (error) {
    if (!(error instanceof WeeksTaken)) throw error;
    // The alternatives' buttons would book anew, not move: the calendar shows why, and the booking stays.
    const kit = error.kit ?? (await ctx.kits.require(access.programme.programmeId, form.kitId));
    const note = turn.t('kit:errors.weeksTakenMove');
    return calendarCard(turn, { kit, now: turn.now, viewer: viewerOf(access), note, noteColor: 'Attention' });
  }
}

export async function leaveQueue(
  turn: Turn,
  ctx: KitContext,
  access: KitAccess,
  ref: KitRef & { entryId: string },
): Promise<CardReply> {
  const { kit, written } = await ctx.kits.change(access.programme.programmeId, ref.kitId, (current) =>
    leaveWaitingList(current, access.actor, ref.entryId, turn.now),
  );
  if (written) auditKit(turn, access, kit);
  const entry = kit.waitingList.find((e) => e.entryId === ref.entryId)!;
  const note = turn.t('kit:notes.leftQueue', { weeks: weeksLabel(turn, entry.startWeek, entry.weekCount) });
  return calendarCard(turn, { kit, now: turn.now, viewer: viewerOf(access), note, noteColor: 'Good' });
}
