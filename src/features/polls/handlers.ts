import { Refusal } from '../../platform/refusal.js';
import { chooseCard } from '../../platform/teams/choose-card.js';
import type { Listeners } from '../../platform/teams/listeners.js';
import { isCoordinator } from '../programmes/domain.js';
import { groupRefSchema } from '../programmes/schema.js';
import {
  calendarFile,
  closeByCoordinator,
  confirmDateInputSchema,
  decideDay,
  dueClosings,
  showResults,
} from './closing.js';
import { createAndPublish, pollForm, pollFormInputSchema, proposeDays } from './creation.js';
import type { PollsDeps } from './deps.js';
import { remindNonResponders, showNonResponders } from './reminders.js';
import { pollRefSchema } from './schema.js';
import { ballotInputSchema, castVote, personalView } from './voting.js';

/** Polls: coordinators ask, members answer on the card, the deadline or the coordinator closes, a day is set. */
export function registerPolls({ router, scheduler, http }: Listeners, deps: PollsDeps): void {
  router.command('newPoll', async (turn) => {
    if (turn.conversation.kind !== 'personal') {
      const link = await deps.programmes.findLink(turn.conversation.id);
      if (link) return pollForm(turn, deps, link.programmeId, link.groupId);
    }
    const groups = (await deps.programmes.list())
      .filter((programme) => isCoordinator(programme, turn.person.id))
      .flatMap((programme) => programme.groups.map((group) => ({ programme, group })));
    if (groups.length === 0) throw new Refusal('polls:errors.noGroupToPollIn');
    if (groups.length === 1) return pollForm(turn, deps, groups[0]!.programme.programmeId, groups[0]!.group.id);
    return chooseCard(
      turn.t('polls:choose.groupForPoll'),
      groups.map(({ programme, group }) => ({
        title: `${group.name} (${programme.name})`,
        verb: 'polls.form',
        programmeId: programme.programmeId,
        groupId: group.id,
      })),
    );
  });

  router.cardAction('polls.form', groupRefSchema, (turn, { programmeId, groupId }) =>
    pollForm(turn, deps, programmeId, groupId),
  );
  router.cardAction('polls.proposeDays', pollFormInputSchema, (turn, input) => proposeDays(turn, deps, input));
  router.cardAction('polls.create', pollFormInputSchema, (turn, input) => createAndPublish(turn, deps, input));

  router.cardAction('polls.vote', ballotInputSchema, (turn, input) => castVote(turn, deps, input));
  router.cardAction('polls.refresh', pollRefSchema, (turn, { pollId }) => personalView(turn, deps, pollId));

  router.cardAction('polls.results', pollRefSchema, (turn, { pollId }) => showResults(turn, deps, pollId));
  router.cardAction('polls.close', pollRefSchema, (turn, { pollId }) => closeByCoordinator(turn, deps, pollId));
  router.cardAction('polls.confirmDate', confirmDateInputSchema, (turn, input) => decideDay(turn, deps, input));
  router.cardAction('polls.nonResponders', pollRefSchema, (turn, { pollId }) => showNonResponders(turn, deps, pollId));
  router.cardAction('polls.remind', pollRefSchema, (turn, { pollId }) => remindNonResponders(turn, deps, pollId));

  scheduler.register('polls.deadline', dueClosings(deps));
  http.get('/calendar/:pollId/:file', calendarFile(deps));
}
