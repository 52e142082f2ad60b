import { groupLanguage } from '../membership/group-conversation.js';
import { Refusal } from '../../platform/refusal.js';
import { cardActivity } from '../../platform/teams/cards.js';
import type { CardReply } from '../../platform/teams/router.js';
import type { Turn } from '../../platform/teams/turn.js';
import type { ProgrammeAccess } from '../programmes/access.js';
import type { Programme } from '../programmes/schema.js';
import { dayAgendaCard, runningOrderCard, statusOf } from './cards.js';
import type { OutputsDeps } from './deps.js';
import { currentRunningOrder, moveSlot, retime } from './domain.js';
import { programmeOutputs } from './gathering.js';
import type { RunningOrder } from './schema.js';

/** The programme the route's guard let regional staff (or a coordinator) into, once it has groups to order. */
function withGroups({ programme }: ProgrammeAccess): Programme {
  if (programme.groups.length === 0) throw new Refusal('outputs:errors.noGroupsInProgramme');
  return programme;
}

async function card(
  turn: Turn,
  deps: OutputsDeps,
  programme: Programme,
  order: RunningOrder,
  note?: string,
): Promise<CardReply> {
  const statuses = new Map(
    (await programmeOutputs(deps, programme)).map((view) => [`${view.group.id}/${view.expected.id}`, statusOf(view)]),
  );
  return runningOrderCard(turn, { programme, order, statuses, ...(note ? { note } : {}) });
}

/** Applies a change to the running order under the ETag (two staff reordering at once both count). */
async function change(
  turn: Turn,
  deps: OutputsDeps,
  programme: Programme,
  apply: (order: RunningOrder) => RunningOrder,
): Promise<RunningOrder> {
  const initial = currentRunningOrder(programme, undefined, turn.person, turn.now);
  return deps.outputs.updateRunningOrder(initial, (stored) => ({
    ...apply(currentRunningOrder(programme, stored, turn.person, turn.now)),
    updatedBy: turn.person,
    updatedAt: turn.now.toISOString(),
  }));
}

export async function showRunningOrder(turn: Turn, deps: OutputsDeps, access: ProgrammeAccess): Promise<CardReply> {
  const programme = withGroups(access);
  const order = currentRunningOrder(
    programme,
    await deps.outputs.getRunningOrder(programme.programmeId),
    turn.person,
    turn.now,
  );
  return card(turn, deps, programme, order);
}

export async function moveInRunningOrder(
  turn: Turn,
  deps: OutputsDeps,
  access: ProgrammeAccess,
  input: { programmeId: string; groupId: string; direction: 'up' | 'down' },
) {
  const programme = withGroups(access);
  return card(
    turn,
    deps,
    programme,
    await change(turn, deps, programme, (order) => moveSlot(order, input.groupId, input.direction)),
  );
}

function minutesFrom(form: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(form)
      .filter(([key]) => key.startsWith('minutes_'))
      .map(([key, value]) => [key.slice('minutes_'.length), value]),
  );
}

export async function saveRunningOrder(
  turn: Turn,
  deps: OutputsDeps,
  access: ProgrammeAccess,
  form: Record<string, string> & { programmeId: string; startTime: string },
) {
  const programme = withGroups(access);
  const saved = await change(turn, deps, programme, (order) =>
    retime(order, form.startTime || order.startTime, minutesFrom(form)),
  );
  return card(turn, deps, programme, saved, turn.t('outputs:confirmations.runningOrderSaved'));
}

/**
 * Saves the times on the card, then posts the running order as the day's agenda to every group's linked channel
 * (there is no agenda feature to hand it to yet), and says which groups could not be reached.
 */
export async function postRunningOrder(
  turn: Turn,
  deps: OutputsDeps,
  access: ProgrammeAccess,
  form: Record<string, string> & { programmeId: string; startTime: string },
) {
  const programme = withGroups(access);
  const order = await change(turn, deps, programme, (current) =>
    retime(current, form.startTime || current.startTime, minutesFrom(form)),
  );
  const { posted, missed } = await postDayAgenda(deps, programme, order);
  const saved =
    posted.length > 0
      ? await change(turn, deps, programme, (current) => ({ ...current, postedAt: turn.now.toISOString() }))
      : order;
  const note = [
    ...(posted.length > 0 ? [turn.t('outputs:confirmations.runningOrderPosted', { groups: posted.join(', ') })] : []),
    ...(missed.length > 0
      ? [turn.t('outputs:confirmations.runningOrderNotPosted', { groups: missed.join(', ') })]
      : []),
  ].join(' ');
  return card(turn, deps, programme, saved, note);
}

/**
 * Posts the running order as the day's agenda to every group's linked channel, in the running order, and says which
 * groups were reached. Shared by chat and the board; needs no Teams turn.
 */
export async function postDayAgenda(
  deps: Pick<OutputsDeps, 'programmes' | 'messenger'>,
  programme: Programme,
  order: RunningOrder,
): Promise<{ posted: string[]; missed: string[] }> {
  const agenda = cardActivity(dayAgendaCard(groupLanguage(programme), { programme, order }));
  const posted: string[] = [];
  const missed: string[] = [];
  for (const { groupId } of order.slots) {
    const group = programme.groups.find((g) => g.id === groupId)!;
    const address = group.conversationId ? await deps.programmes.addressOf(group.conversationId) : undefined;
    const result = address ? await deps.messenger.post(address, agenda) : undefined;
    (result?.ok ? posted : missed).push(group.name);
  }
  return { posted, missed };
}
