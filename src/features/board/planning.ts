import { randomUUID } from 'node:crypto';
import type { TFunction } from '../../platform/i18n.js';
import { Refusal } from '../../platform/refusal.js';
import { currentRunningOrder, moveSlot } from '../outputs/running-order-rules.js';
import { postDayAgenda, postingNote } from '../outputs/running-order.js';
import type { RunningOrder } from '../outputs/schema.js';
import type { Person, Programme } from '../programmes/schema.js';
import type { BoardDeps } from './deps.js';
import { runningOrderView } from './domain.js';
import type { RunningOrderView } from './schema.js';
import { programmeFor } from './viewing.js';

async function planner(deps: BoardDeps, person: Person, programmeId: string): Promise<Programme> {
  const { programme, access } = await programmeFor(deps, person, programmeId);
  if (!access.planDay) throw new Refusal('programmes:errors.notStaff', { programme: programme.name });
  if (programme.groups.length === 0) throw new Refusal('outputs:errors.noGroupsInProgramme');
  return programme;
}

/** A change to the stored running order under its ETag, as in chat: two people reordering at once both count. */
function change(
  deps: BoardDeps,
  person: Person,
  programme: Programme,
  apply: (order: RunningOrder) => RunningOrder,
): Promise<RunningOrder> {
  const now = deps.clock();
  return deps.outputs.updateRunningOrder(currentRunningOrder(programme, undefined, person, now), (stored) => ({
    ...apply(currentRunningOrder(programme, stored, person, now)),
    updatedBy: person,
    updatedAt: now.toISOString(),
  }));
}

/** One group one step earlier or later in the day: buttons, so it works by keyboard and screen reader too. */
export async function moveFromBoard(
  deps: BoardDeps,
  person: Person,
  programmeId: string,
  move: { groupId: string; direction: 'up' | 'down' },
): Promise<RunningOrderView> {
  const programme = await planner(deps, person, programmeId);
  const order = await change(deps, person, programme, (current) => moveSlot(current, move.groupId, move.direction));
  return runningOrderView(programme, order);
}

/** Posts the running order as the day's agenda to every group's channel, exactly as chat does. */
export async function postFromBoard(
  deps: BoardDeps,
  person: Person,
  t: TFunction,
  programmeId: string,
): Promise<{ runningOrder: RunningOrderView; message: string }> {
  const programme = await planner(deps, person, programmeId);
  const order = currentRunningOrder(programme, await deps.outputs.getRunningOrder(programmeId), person, deps.clock());
  // Each press on the board posts (a page has no activity id for Teams to redeliver under).
  const posting = await postDayAgenda(deps, programme, order, { round: randomUUID() });
  const saved =
    posting.posted.length + posting.underWay.length > 0
      ? await change(deps, person, programme, (current) => ({ ...current, postedAt: deps.clock().toISOString() }))
      : order;
  const message = postingNote(t, posting);
  return { runningOrder: runningOrderView(programme, saved), message };
}
