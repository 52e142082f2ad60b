import { starterOf } from '../../platform/outbox/follow-up.js';
import type { CardReply } from '../../platform/teams/router.js';
import type { Turn } from '../../platform/teams/turn.js';
import type { GroupAccess } from '../membership/access.js';
import { showOutput } from './output-context.js';
import type { OutputsDeps } from './deps.js';
import type { OutputRef } from './schema.js';
import { reviewOutput, type ReviewAction } from './reviewing.js';

export type { ReviewAction } from './reviewing.js';

/**
 * Review from chat: the shared use case (reviewing.ts, also the board's), answered with the output card. A stale
 * action shows the latest version and who changed it; a saved one says who was told: the group in its channel, or the submitter 1:1 without one.
 */
export async function review(
  turn: Turn,
  deps: OutputsDeps,
  access: GroupAccess,
  input: OutputRef & { etag: string; comment: string },
  action: ReviewAction,
): Promise<CardReply> {
  const outcome = await reviewOutput(deps, access, input, action, turn.now, starterOf(turn));
  if (outcome.kind === 'stale') {
    const text = turn.t('outputs:errors.stale', {
      person: outcome.context.output?.updatedBy?.name ?? turn.t('outputs:errors.someoneElse'),
    });
    return showOutput(turn, deps, outcome.context, { text, color: 'Attention' });
  }
  const { context } = outcome;
  const change = context.output.history.at(-1);
  if (change) turn.audit.describe({ before: change.from, after: change.to });
  const person = context.output.submittedBy?.name ?? '';
  const note = `${turn.t(`outputs:confirmations.${action}`)} ${turn.t(`outputs:confirmations.${outcome.told}`, { group: context.group.name, person })}`;
  return showOutput(turn, deps, context, { text: note, color: 'Good' });
}
