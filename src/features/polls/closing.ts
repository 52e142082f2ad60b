import { z } from 'zod/v4';
import { calendarAnswer, calendarToken, calendarUrl, meetingInvitation } from '../../platform/calendar.js';
import type { HttpAnswer } from '../../platform/http/routes.js';
import { notReachedNote, outcomeText, sendReported, starterOf } from '../../platform/outbox/follow-up.js';
import type { Sender } from '../../platform/outbox/outbox.js';
import type { DueJob } from '../../platform/scheduler.js';
import { cardActivity, type AdaptiveCard } from '../../platform/teams/cards.js';
import type { CardReply } from '../../platform/teams/router.js';
import type { Turn } from '../../platform/teams/turn.js';
import {
  groupConversation,
  groupLanguage,
  queueInLinkedConversation,
  queueUpdateOfPosted,
  type Localized,
} from '../membership/group-conversation.js';
import type { GroupAccess } from '../membership/access.js';
import { linkVersionOf } from '../programmes/domain.js';
import type { Group, Person } from '../programmes/schema.js';
import { closePoll, confirmDate, decidedDay } from './domain.js';
import { announcementCard, decidedDayLabel, resultsCard } from './cards.js';
import type { PollsDeps } from './deps.js';
import { POLL_CARD_POST, POLL_CARD_UPDATE, pollOrigin, pollRefSchema, type Poll } from './schema.js';
import { currentRepresentation } from './representation.js';

export const confirmDateInputSchema = pollRefSchema.extend({
  optionId: z.string().default(''),
  place: z.string().default(''),
  startTime: z.string().default(''),
  endTime: z.string().default(''),
});

/**
 * Replaces the card in the group's conversation with the frozen result, for everyone at once (via the outbox); a
 * card still on its way is frozen once it arrives.
 */
async function freezePostedCard(deps: PollsDeps, poll: Poll, sender: Sender): Promise<void> {
  deps.votes.forget(poll.pollId);
  const card = await currentResults(deps, poll, groupLanguage(poll), { forCoordinator: false });
  await queueUpdateOfPosted(deps.programmes, sender, poll.posted ?? { post: POLL_CARD_POST }, {
    key: POLL_CARD_UPDATE,
    activity: cardActivity(card),
    recipient: groupConversation({ name: poll.groupName }),
  });
}

/**
 * The results card with the votes and the representation as they are now: the coordinator's (names shown, a day to
 * confirm) or the frozen one for the group's conversation (neither). A warning still being read is read alongside.
 */
async function currentResults(
  deps: PollsDeps,
  poll: Poll,
  localized: Localized,
  view: { forCoordinator: boolean; note?: string; warning?: Promise<string> },
): Promise<AdaptiveCard> {
  const [votes, represented, warning] = await Promise.all([
    deps.votes.votesWith(poll.pollId),
    currentRepresentation(deps, poll),
    view.warning ?? '',
  ]);
  return resultsCard(localized, {
    poll,
    votes,
    showNames: view.forCoordinator,
    canConfirm: view.forCoordinator,
    representatives: represented.counts,
    note: view.note ?? '',
    warning,
  });
}

async function close(
  deps: PollsDeps,
  pollId: string,
  by: Person | 'deadline',
  now: Date,
  sender: Sender,
): Promise<Poll | undefined> {
  let closedNow = false; // the change may run again after a conflict: its last run tells
  const closed = await deps.polls.update(pollId, (poll) => {
    const next = closePoll(poll, by, now);
    closedNow = next !== undefined;
    return next;
  });
  if (closed && closedNow) {
    await freezePostedCard(deps, closed, sender);
    return closed;
  }
  return undefined;
}

export async function closeByCoordinator(turn: Turn, deps: PollsDeps, pollId: string): Promise<CardReply> {
  await close(deps, pollId, turn.person, turn.now, deps.outbox.to(pollOrigin(pollId)));
  return showResults(turn, deps, pollId);
}

export async function showResults(turn: Turn, deps: PollsDeps, pollId: string): Promise<CardReply> {
  const poll = await deps.polls.require(pollId);
  deps.votes.forget(pollId);
  const warning = notReachedNote(deps.outbox, pollOrigin(pollId), turn.t);
  return currentResults(deps, poll, turn, { forCoordinator: true, warning });
}

/** Polls past their deadline, each closed once by whichever instance claims the job first. */
export function dueClosings(deps: PollsDeps): (now: Date) => Promise<DueJob[]> {
  return async (now) =>
    (await deps.polls.listDueForClosing(now)).map((poll) => ({
      key: `poll-close:${poll.pollId}`,
      run: async (job) => {
        const sender = job.sender(pollOrigin(poll.pollId));
        // A re-run (the instance died after closing) finds the poll closed by the deadline and enqueues again what
        // may be missing: the outbox keys keep each message single.
        let closed = await close(deps, poll.pollId, 'deadline', now, sender);
        if (!closed) {
          const current = await deps.polls.get(poll.pollId);
          if (current?.status !== 'closed' || current.closedBy !== 'deadline') return;
          await freezePostedCard(deps, current, sender);
          closed = current;
        }
        await queueInLinkedConversation(deps.programmes, sender, await conversationOfPoll(deps, closed), {
          key: 'deadline-announcement',
          activity: {
            type: 'message',
            text: groupLanguage(poll).t('polls:confirmations.closedByDeadline', { question: poll.question }),
          },
          recipient: groupConversation({ name: poll.groupName }),
        });
      },
    }));
}

/** Where the poll's card is, or (its post still on its way) where the group talks. */
async function conversationOfPoll(deps: PollsDeps, poll: Poll): Promise<string | undefined> {
  if (poll.posted) return poll.posted.conversationId;
  const programme = await deps.programmes.get(poll.programmeId);
  return programme?.groups.find((group) => group.id === poll.groupId)?.conversationId;
}

/** What a decided day's calendar link is signed over: the decision's own secret and the group's link version. */
const calendarSubject = (poll: Poll, group: Group) =>
  `calendar|poll|${poll.pollId}|${poll.decision?.calendarToken ?? ''}|${linkVersionOf(group)}`;

function pollCalendarUrl(deps: PollsDeps, poll: Poll, group: Group): string {
  return calendarUrl(
    deps.config.publicBaseUrl,
    ['calendar', poll.pollId],
    deps.links.sign(calendarSubject(poll, group)),
  );
}

/**
 * Confirms the day and announces it in the group's conversation through the outbox; the answer says whether the
 * announcement arrived, or that it is on its way (the coordinator is told 1:1 if it does not arrive).
 */
export async function decideDay(
  turn: Turn,
  deps: PollsDeps,
  { group }: GroupAccess,
  input: z.infer<typeof confirmDateInputSchema>,
): Promise<CardReply> {
  const token = calendarToken();
  const decided = await deps.polls.update(input.pollId, (poll) =>
    confirmDate(poll, input, turn.person, turn.now, token),
  );
  const poll = decided!;
  const round = turn.activityId || turn.now.toISOString();
  const card = announcementCard(groupLanguage(poll), { poll, calendarUrl: pollCalendarUrl(deps, poll, group) });
  let linked = false;
  const outcome = await sendReported(
    deps.outbox,
    pollOrigin(poll.pollId),
    `decided:${round}`,
    {
      starter: starterOf(turn),
      notAll: { key: 'polls:errors.announcementNotReached', values: { question: poll.question } },
    },
    async (sender) => {
      linked = await queueInLinkedConversation(
        deps.programmes,
        sender,
        poll.posted?.conversationId ?? group.conversationId,
        {
          key: `decided-announcement:${round}`,
          activity: cardActivity(card),
          recipient: groupConversation(group),
        },
      );
    },
  );
  const note = !linked
    ? ''
    : !outcome
      ? turn.t('polls:confirmations.decidedUnderWay')
      : outcome.failed.length === 0
        ? turn.t('polls:confirmations.decided')
        : outcomeText(
            turn.t,
            { key: 'polls:errors.announcementNotReached', values: { question: poll.question } },
            outcome,
          );
  return currentResults(deps, poll, turn, { forCoordinator: true, note });
}

/** GET /calendar/:pollId/:file — the decided day as an .ics file; the token in the name keeps it unguessable. */
export function calendarFile(deps: PollsDeps): (params: Record<string, string>) => Promise<HttpAnswer> {
  return async ({ pollId = '', file = '' }) => {
    const poll = await deps.polls.get(pollId);
    const group =
      poll?.decision && (await deps.programmes.get(poll.programmeId))?.groups.find((g) => g.id === poll.groupId);
    const isValid =
      poll && group ? (token: string) => deps.links.verify(calendarSubject(poll, group), token) : undefined;
    return calendarAnswer(file, isValid, () => {
      const day = decidedDay(poll!)!;
      return meetingInvitation({
        uid: `${poll!.pollId}@fokusgrupper`,
        title: `${poll!.groupName}: ${poll!.question}`,
        description: decidedDayLabel(groupLanguage(poll!), day.option),
        location: day.place,
        date: day.date,
        startTime: day.startTime,
        endTime: day.endTime,
      });
    });
  };
}
