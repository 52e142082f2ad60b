import { echo } from '../../platform/echo.js';
import { Refusal } from '../../platform/refusal.js';
import type { Person, Programme } from '../programmes/schema.js';
import type { RunningOrder } from './schema.js';

/* ------------------------------------------------------------------------------------------------------------
 * The presentation day's running order: one slot per group, in an order staff choose, with minutes per slot.
 * ------------------------------------------------------------------------------------------------------------ */

export const DEFAULT_START_TIME = '10:00';
export const DEFAULT_SLOT_MINUTES = 20;
export const MAX_SLOT_MINUTES = 240;

/** The stored order brought in line with the programme: groups added since come last, removed ones go. */
export function currentRunningOrder(
  programme: Programme,
  stored: RunningOrder | undefined,
  person: Person,
  now: Date,
): RunningOrder {
  const groupIds = programme.groups.map((g) => g.id);
  const kept = (stored?.slots ?? []).filter((slot) => groupIds.includes(slot.groupId));
  const added = groupIds
    .filter((id) => !kept.some((slot) => slot.groupId === id))
    .map((groupId) => ({ groupId, minutes: DEFAULT_SLOT_MINUTES }));
  return {
    id: 'running-order',
    type: 'runningOrder',
    programmeId: programme.programmeId,
    startTime: stored?.startTime ?? DEFAULT_START_TIME,
    slots: [...kept, ...added],
    updatedBy: stored?.updatedBy ?? person,
    updatedAt: stored?.updatedAt ?? now.toISOString(),
    ...(stored?.postedAt ? { postedAt: stored.postedAt } : {}),
  };
}

export function moveSlot(order: RunningOrder, groupId: string, direction: 'up' | 'down'): RunningOrder {
  const from = order.slots.findIndex((slot) => slot.groupId === groupId);
  const to = direction === 'up' ? from - 1 : from + 1;
  if (from < 0 || to < 0 || to >= order.slots.length) return order;
  const slots = [...order.slots];
  [slots[from], slots[to]] = [slots[to]!, slots[from]!];
  return { ...order, slots };
}

/** New start time and minutes; a Refusal for a time that is not hh:mm or minutes outside 1–240. */
export function retime(order: RunningOrder, startTime: string, minutes: Record<string, string>): RunningOrder {
  const start = startTime.trim();
  if (!/^([01]?\d|2[0-3]):[0-5]\d$/.test(start))
    throw new Refusal('outputs:errors.badStartTime', { value: echo(start) });
  return {
    ...order,
    startTime: start.padStart(5, '0'),
    slots: order.slots.map((slot) => {
      const text = (minutes[slot.groupId] ?? String(slot.minutes)).trim();
      const value = /^\d{1,3}$/.test(text) ? Number(text) : Number.NaN;
      if (!(value >= 1 && value <= MAX_SLOT_MINUTES))
        throw new Refusal('outputs:errors.badMinutes', { value: echo(text), max: MAX_SLOT_MINUTES });
      return { ...slot, minutes: value };
    }),
  };
}

/** Each slot's start and end ("10:00"–"10:20"), one after the other from the start time. */
export function slotTimes(order: RunningOrder): { groupId: string; start: string; end: string }[] {
  const [hours, minutes] = order.startTime.split(':').map(Number) as [number, number];
  let at = hours * 60 + minutes;
  const clock = (total: number) =>
    `${String(Math.floor(total / 60) % 24).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
  return order.slots.map((slot) => {
    const start = at;
    at += slot.minutes;
    return { groupId: slot.groupId, start: clock(start), end: clock(at) };
  });
}
