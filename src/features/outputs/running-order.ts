import { groupConversation, groupLanguage } from '../membership/group-conversation.js';
import type { TFunction } from '../../platform/i18n.js';
import { sendReported, starterOf, type Starter } from '../../platform/outbox/follow-up.js';
import { conversationAddress, type OutgoingMessage } from '../../platform/outbox/outbox.js';
import { Refusal } from '../../platform/refusal.js';
import { cardActivity } from '../../platform/teams/cards.js';
import type { CardReply } from '../../platform/teams/router.js';
import type { Turn } from '../../platform/teams/turn.js';
import type { ProgrammeAccess } from '../programmes/access.js';
import type { Programme } from '../programmes/schema.js';
import { statusOf } from './cards.js';
import { dayAgendaCard, runningOrderCard } from './running-order-cards.js';
import type { OutputsDeps } from './deps.js';
import { currentRunningOrder, moveSlot, retime } from './running-order-rules.js';
import { programmeOutputs } from './gathering.js';
import { outputsOrigin, type RunningOrder } from './schema.js';

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
  const posting = await postDayAgenda(deps, programme, order, {
    round: turn.activityId || turn.now.toISOString(),
    starter: starterOf(turn),
  });
  const saved =
    posting.posted.length + posting.underWay.length > 0
      ? await change(turn, deps, programme, (current) => ({ ...current, postedAt: turn.now.toISOString() }))
      : order;
  return card(turn, deps, programme, saved, postingNote(turn.t, posting));
}

export type DayAgendaPosting = { posted: string[]; missed: string[]; underWay: string[] };

/** What the poster is told: where the running order arrived, where not, and where it is still on its way. */
export function postingNote(t: TFunction, { posted, missed, underWay }: DayAgendaPosting): string {
  return [
    ...(posted.length > 0 ? [t('outputs:confirmations.runningOrderPosted', { groups: posted.join(', ') })] : []),
    ...(underWay.length > 0 ? [t('outputs:confirmations.runningOrderUnderWay', { groups: underWay.join(', ') })] : []),
    ...(missed.length > 0 ? [t('outputs:confirmations.runningOrderNotPosted', { groups: missed.join(', ') })] : []),
  ].join(' ');
}

/**
 * Posts the running order as the day's agenda to every group's linked channel, in the running order, through the
 * outbox, and says which groups were reached (or are still being reached: the poster in Teams, `starter`, then
 * hears 1:1 how it went). One post per group and `round` (a click): a redelivered click posts nothing more.
 * Shared by chat and the board; needs no Teams turn.
 */
export async function postDayAgenda(
  deps: Pick<OutputsDeps, 'programmes' | 'outbox'>,
  programme: Programme,
  order: RunningOrder,
  { round, starter }: { round: string; starter?: Starter },
): Promise<DayAgendaPosting> {
  const agenda = cardActivity(dayAgendaCard(groupLanguage(programme), { programme, order }));
  const linked: { name: string; message: OutgoingMessage }[] = [];
  const missed: string[] = [];
  for (const { groupId } of order.slots) {
    const group = programme.groups.find((g) => g.id === groupId)!;
    const address = conversationAddress(
      group.conversationId ? await deps.programmes.addressOf(group.conversationId) : undefined,
    );
    if (!address) missed.push(group.name);
    else
      linked.push({
        name: group.name,
        message: {
          key: `running-order:${round}:${group.id}`,
          to: { conversation: address },
          activity: agenda,
          recipient: groupConversation(group),
        },
      });
  }
  const outcome = await sendReported(
    deps.outbox,
    outputsOrigin(programme.programmeId),
    `running-order:${round}`,
    {
      ...(starter ? { starter } : {}),
      done: { key: 'outputs:confirmations.runningOrderPostedLater' },
      notAll: { key: 'outputs:errors.runningOrderNotReached' },
    },
    (sender) => sender.sendAll(linked.map(({ message }) => message)),
    { count: linked.length },
  );
  const names = linked.map(({ name }) => name);
  if (!outcome) return { posted: [], missed, underWay: names };
  const failed = new Set(outcome.failed.map(({ recipient }) => recipient?.name));
  return {
    posted: names.filter((name) => !failed.has(name)),
    missed: [...missed, ...names.filter((name) => failed.has(name))],
    underWay: [],
  };
}
