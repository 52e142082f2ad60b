import { todayInStockholm } from '../../platform/dates.js';
import { Refusal } from '../../platform/refusal.js';
import type { JobSource } from '../../platform/scheduler.js';
import type { CardReply } from '../../platform/teams/router.js';
import type { Turn } from '../../platform/teams/turn.js';
import type { ProgrammeAccess } from '../programmes/access.js';
import { calendarCard } from './calendar-cards.js';
import { withChannelCalendar } from './domain.js';
import { fairnessCard } from './fairness-cards.js';
import { currentTerm } from './fairness-rules.js';
import { calendarPostKey, kitOrigin, type KitContext } from './messages.js';
import { termIdSchema, type KitRef } from './schema.js';

/*
 * For staff: the term's bookings per municipality (who has not had the kit yet) with each copy's condition, and
 * the kit's calendar posted in the MIK group's conversation, kept up to date there.
 */

export async function fairness(
  turn: Turn,
  ctx: KitContext,
  access: ProgrammeAccess,
  page: KitRef & { term: string },
): Promise<CardReply> {
  const { programmeId } = access.programme;
  const [kit, receipts] = await Promise.all([
    ctx.kits.require(programmeId, page.kitId),
    ctx.kits.listReceipts(programmeId, page.kitId),
  ]);
  const term = termIdSchema.safeParse(page.term).success ? page.term : currentTerm(turn.now);
  return fairnessCard(turn, { kit, term, now: turn.now, receipts });
}

/**
 * Posts the calendar in the conversation linked to the group the kit's plan came from (again: the post there is
 * brought up to date in place), and remembers it, so every later change to the kit updates it.
 */
export async function postCalendar(
  turn: Turn,
  ctx: KitContext,
  access: ProgrammeAccess,
  ref: KitRef,
): Promise<CardReply> {
  const { programme } = access;
  const kit = await ctx.kits.require(programme.programmeId, ref.kitId);
  const group = programme.groups.find((g) => g.id === kit.source.groupId);
  const conversationId = group?.conversationId;
  const notLinked = new Refusal('kit:errors.groupNotLinked', { group: group?.name ?? '' });
  if (!conversationId) throw notLinked;
  const postKey = calendarPostKey(conversationId);
  if (kit.channelCalendar?.postKey === postKey) await ctx.messages.updateCalendar(kit, turn.now);
  else if (!(await ctx.messages.postCalendar(kit, conversationId, turn.now))) throw notLinked;
  const { kit: saved } = await ctx.kits.change(programme.programmeId, kit.kitId, (current) =>
    withChannelCalendar(current, { conversationId, postKey }, turn.person, turn.now),
  );
  turn.audit.describe({ object: { kind: 'kit', id: kit.kitId, label: kit.name } });
  const note = turn.t('kit:notes.posted', { kit: kit.name });
  return calendarCard(turn, { kit: saved, now: turn.now, viewer: { isStaff: true }, note, noteColor: 'Good' });
}

const HOUR = 3_600_000;

/**
 * The posted calendar shows weeks from the current one, so it is brought up to date once a day even when nothing
 * was booked (which also mends an update that lost a race between two instances). This instance looks for posted
 * calendars once an hour, not on every tick; the day is in the job's key, so one instance refreshes each per day.
 */
export function dailyCalendarRefresh(ctx: KitContext): JobSource {
  let lookedAt = -Infinity;
  return async (now) => {
    if (now.getTime() - lookedAt < HOUR) return [];
    lookedAt = now.getTime();
    const today = todayInStockholm(now);
    return (await ctx.kits.listPosted()).map(({ programmeId, kitId }) => ({
      key: `kit-calendar:${programmeId}:${kitId}:${today}`,
      run: async (job) => {
        const kit = await ctx.kits.get(programmeId, kitId);
        if (kit) await ctx.messages.updateCalendar(kit, ctx.clock(), job.sender(kitOrigin(kit)));
      },
    }));
  };
}
