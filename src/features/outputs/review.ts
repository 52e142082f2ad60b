import { translator } from '../../platform/i18n.js';
import { Refusal } from '../../platform/refusal.js';
import type { CardReply } from '../../platform/teams/router.js';
import type { Turn } from '../../platform/teams/turn.js';
import type { GroupAccess } from '../membership/access.js';
import { actorOf, loadOutput, showOutput } from './output-context.js';
import type { OutputsDeps } from './deps.js';
import { applyAction } from './domain.js';
import type { OutputRef } from './schema.js';
import { StaleVersion } from './store.js';

/** Messages posted in a group's channel speak the group's language: Swedish. */
const channel = translator('sv');

export type ReviewAction = 'approve' | 'return' | 'reopen';

/**
 * Regional staff and coordinators approve a submitted output, return it with a comment, or reopen an approved one.
 * The action carries the version the reviewer saw: if the group changed the output since, nothing happens and the
 * reviewer gets the latest version. The group is told in its linked channel.
 */
export async function review(
  turn: Turn,
  deps: OutputsDeps,
  access: GroupAccess,
  input: OutputRef & { etag: string; comment: string },
  action: ReviewAction,
): Promise<CardReply> {
  const context = await loadOutput(deps, access, input.outputId);
  if (!context.capacities.includes('reviewer'))
    throw new Refusal('outputs:errors.reviewersOnly', { programme: context.programme.name });
  const stale = {
    text: turn.t('outputs:errors.stale', {
      person: context.output?.updatedBy?.name ?? turn.t('outputs:errors.someoneElse'),
    }),
    color: 'Attention' as const,
  };
  if (!context.output || context.output._etag !== input.etag) return showOutput(turn, deps, context, stale);

  const { _etag, ...current } = context.output;
  const next = applyAction(current, action, actorOf(turn.person, context), turn.now, { comment: input.comment });
  let saved;
  try {
    saved = await deps.outputs.saveIfUnchanged(next, _etag);
  } catch (error) {
    if (!(error instanceof StaleVersion)) throw error;
    const { output: _seen, ...rest } = context;
    return showOutput(turn, deps, error.latest ? { ...rest, output: error.latest } : rest, stale);
  }

  const conversationId = context.group.conversationId;
  const address = conversationId ? await deps.programmes.addressOf(conversationId) : undefined;
  let told: boolean | undefined;
  if (address) {
    const comment = input.comment.trim();
    const text =
      channel(`outputs:channel.${action}`, { reviewer: turn.person.name, output: context.expected.title, comment }) +
      (action === 'approve' && comment ? ' ' + channel('outputs:channel.comment', { comment }) : '');
    told = (await deps.messenger.post(address, { type: 'message', text })).ok;
  }
  const outcome = told === undefined ? 'groupNotTold' : told ? 'groupTold' : 'groupNotReached';
  const note = `${turn.t(`outputs:confirmations.${action}`)} ${turn.t(`outputs:confirmations.${outcome}`, { group: context.group.name })}`;
  return showOutput(turn, deps, { ...context, output: saved }, { text: note, color: 'Good' });
}
