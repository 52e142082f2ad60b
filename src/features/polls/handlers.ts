import type { Listeners } from '../../platform/teams/listeners.js';
import type { GroupRef } from '../membership/access.js';
import { groupRefSchema } from '../programmes/schema.js';
import {
  calendarFile,
  closeByCoordinator,
  confirmDateInputSchema,
  decideDay,
  dueClosings,
  showResults,
} from './closing.js';
import {
  afterPublishing,
  createAndPublish,
  POLL_CARD_POSTED,
  POLL_PUBLISHED,
  pollForm,
  pollFormInputSchema,
  proposeDays,
  rememberPostedCard,
} from './creation.js';
import type { PollsDeps } from './deps.js';
import { REMINDERS_FINISHED, remindNonResponders, reportEarlierReminders, showNonResponders } from './reminders.js';
import { pollRefSchema } from './schema.js';
import { ballotInputSchema, castVote, personalView, pollViewSchema } from './voting.js';

/** Polls: coordinators ask, members answer on the card, the deadline or the coordinator closes, a day is set. */
export function registerPolls({ router, scheduler, http, outbox }: Listeners, deps: PollsDeps): void {
  const { gate } = deps;
  const groupOfPoll = async ({ pollId }: { pollId: string }): Promise<GroupRef> => deps.polls.require(pollId);
  // The vote path decides on reads shared for a second or two (see castVote), the rest on fresh ones.
  const groupOfRecentPoll = async ({ pollId }: { pollId: string }): Promise<GroupRef> =>
    deps.polls.requireRecent(pollId);
  const coordinator = gate.group('coordinator');
  const pollCoordinator = gate.groupOf('coordinator', groupOfPoll);
  const voter = gate.groupOf('member', groupOfRecentPoll, { recent: true, refusal: 'polls:errors.notMember' });
  const viewer = gate.groupOf('present', groupOfRecentPoll, { recent: true, refusal: 'polls:errors.notMember' });
  const choice = { verb: 'polls.form', title: 'polls:choose.groupForPoll', none: 'polls:errors.noGroupToPollIn' };

  router.command('newPoll', gate.turnGroup('coordinator', choice), 'reads', pollForm);
  router.cardAction('polls.form', groupRefSchema, coordinator, 'reads', pollForm);
  router.cardAction('polls.proposeDays', pollFormInputSchema, coordinator, 'reads', proposeDays);
  router.cardAction('polls.create', pollFormInputSchema, coordinator, 'changes', (turn, group, input) =>
    createAndPublish(turn, deps, group, input),
  );

  router.cardAction('polls.vote', ballotInputSchema, voter, 'changes-keyed', (turn, group, input) =>
    castVote(turn, deps, group, input),
  );
  router.cardAction('polls.refresh', pollViewSchema, viewer, 'reads', (turn, group, view) =>
    personalView(turn, deps, group, view),
  );

  router.cardAction('polls.results', pollRefSchema, pollCoordinator, 'reads', (turn, _, { pollId }) =>
    showResults(turn, deps, pollId),
  );
  router.cardAction('polls.close', pollRefSchema, pollCoordinator, 'changes', (turn, _, { pollId }) =>
    closeByCoordinator(turn, deps, pollId),
  );
  router.cardAction('polls.confirmDate', confirmDateInputSchema, pollCoordinator, 'changes', (turn, group, input) =>
    decideDay(turn, deps, group, input),
  );
  router.cardAction('polls.nonResponders', pollRefSchema, pollCoordinator, 'reads', (turn, _, { pollId }) =>
    showNonResponders(turn, deps, pollId),
  );
  router.cardAction('polls.remind', pollRefSchema, pollCoordinator, 'changes', (turn, _, { pollId }) =>
    remindNonResponders(turn, deps, pollId),
  );

  scheduler.register('polls.deadline', dueClosings(deps));
  outbox.onDelivered(POLL_CARD_POSTED, rememberPostedCard(deps));
  outbox.onSettled(POLL_PUBLISHED, afterPublishing(deps));
  outbox.onSettled(REMINDERS_FINISHED, reportEarlierReminders(deps));
  http.get('/calendar/:pollId/:file', calendarFile(deps));
}
