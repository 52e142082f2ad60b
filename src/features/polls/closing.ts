import { randomBytes } from 'node:crypto';
import { z } from 'zod/v4';
import { meetingInvitation, ICS_CONTENT_TYPE } from '../../platform/calendar.js';
import { translator } from '../../platform/i18n.js';
import type { HttpAnswer } from '../../platform/http/routes.js';
import type { DueJob } from '../../platform/scheduler.js';
import { cardActivity } from '../../platform/teams/cards.js';
import type { CardReply } from '../../platform/teams/router.js';
import type { Turn } from '../../platform/teams/turn.js';
import { requireCoordinator } from '../programmes/domain.js';
import type { Person } from '../programmes/schema.js';
import { closePoll, confirmDate } from './domain.js';
import { announcementCard, optionLabel, resultsCard } from './cards.js';
import type { PollsDeps } from './deps.js';
import { pollRefSchema, type Poll } from './schema.js';

/** Cards posted in a channel speak the group's language: Swedish. */
const channelLanguage = { t: translator('sv'), language: 'sv' as const };

export const confirmDateInputSchema = pollRefSchema.extend({
  optionId: z.string().default(''),
  place: z.string().default(''),
  startTime: z.string().default(''),
  endTime: z.string().default(''),
});

async function coordinatorsPoll(turn: Turn, deps: PollsDeps, pollId: string): Promise<Poll> {
  const poll = await deps.polls.require(pollId);
  requireCoordinator(await deps.programmes.require(poll.programmeId), turn.person.id);
  return poll;
}

/** Replaces the card in the group's conversation with the frozen result, for everyone at once. */
async function freezePostedCard(deps: PollsDeps, poll: Poll): Promise<void> {
  if (!poll.posted) return;
  const link = await deps.programmes.findLink(poll.posted.conversationId);
  if (!link) return;
  deps.votes.forget(poll.pollId);
  const votes = await deps.votes.votesWith(poll.pollId);
  await deps.messenger.update(
    link.reference,
    poll.posted.activityId,
    cardActivity(resultsCard(channelLanguage, { poll, votes, showNames: false, canConfirm: false })),
  );
}

async function close(deps: PollsDeps, pollId: string, by: Person | 'deadline', now: Date): Promise<Poll | undefined> {
  let closedNow = false; // the change may run again after a conflict: its last run tells
  const closed = await deps.polls.update(pollId, (poll) => {
    const next = closePoll(poll, by, now);
    closedNow = next !== undefined;
    return next;
  });
  if (closed && closedNow) {
    await freezePostedCard(deps, closed);
    return closed;
  }
  return undefined;
}

export async function closeByCoordinator(turn: Turn, deps: PollsDeps, pollId: string): Promise<CardReply> {
  await coordinatorsPoll(turn, deps, pollId);
  await close(deps, pollId, turn.person, turn.now);
  return showResults(turn, deps, pollId);
}

export async function showResults(turn: Turn, deps: PollsDeps, pollId: string): Promise<CardReply> {
  const poll = await coordinatorsPoll(turn, deps, pollId);
  deps.votes.forget(pollId);
  const votes = await deps.votes.votesWith(pollId);
  return resultsCard(turn, { poll, votes, showNames: true, canConfirm: true });
}

/** Polls past their deadline, each closed once by whichever instance claims the job first. */
export function dueClosings(deps: PollsDeps): (now: Date) => Promise<DueJob[]> {
  return async (now) =>
    (await deps.polls.listDueForClosing(now)).map((poll) => ({
      key: `poll-close:${poll.pollId}`,
      run: async () => {
        const closed = await close(deps, poll.pollId, 'deadline', now);
        const link = closed?.posted && (await deps.programmes.findLink(closed.posted.conversationId));
        if (link) {
          await deps.messenger.post(link.reference, {
            type: 'message',
            text: channelLanguage.t('polls:confirmations.closedByDeadline', { question: poll.question }),
          });
        }
      },
    }));
}

function calendarUrl(deps: PollsDeps, poll: Poll): string {
  return `${deps.config.publicBaseUrl}/calendar/${encodeURIComponent(poll.pollId)}/${poll.decision!.calendarToken}.ics`;
}

export async function decideDay(turn: Turn, deps: PollsDeps, input: z.infer<typeof confirmDateInputSchema>): Promise<CardReply> {
  await coordinatorsPoll(turn, deps, input.pollId);
  const token = randomBytes(16).toString('base64url');
  const decided = await deps.polls.update(input.pollId, (poll) => confirmDate(poll, input, turn.person, turn.now, token));
  const poll = decided!;
  const link = poll.posted && (await deps.programmes.findLink(poll.posted.conversationId));
  if (link) {
    await deps.messenger.post(link.reference, cardActivity(announcementCard(channelLanguage, { poll, calendarUrl: calendarUrl(deps, poll) })));
  }
  const votes = await deps.votes.votesWith(poll.pollId);
  return resultsCard(turn, { poll, votes, showNames: true, canConfirm: false });
}

/** GET /calendar/:pollId/:file — the decided day as an .ics file; the token in the name keeps it unguessable. */
export function calendarFile(deps: PollsDeps): (params: Record<string, string>) => Promise<HttpAnswer> {
  return async ({ pollId = '', file = '' }) => {
    const poll = await deps.polls.get(pollId);
    const decision = poll?.decision;
    if (!poll || !decision || file !== `${decision.calendarToken}.ics`) {
      return { status: 404, contentType: 'text/plain; charset=utf-8', body: 'Not found' };
    }
    const option = poll.options.find((o) => o.id === decision.optionId)!;
    const body = meetingInvitation({
      uid: `${poll.pollId}@fokusgrupper`,
      title: `${poll.groupName}: ${poll.question}`,
      description: optionLabel(channelLanguage, option),
      location: decision.place,
      date: option.date!,
      startTime: decision.startTime,
      endTime: decision.endTime,
    });
    return { status: 200, contentType: ICS_CONTENT_TYPE, body, headers: { 'content-disposition': 'attachment; filename="fokusgrupp.ics"' } };
  };
}
