import type { Person } from '../programmes/schema.js';
import { groupLanguage, personLanguage } from '../membership/group-conversation.js';
import type { OutputsDeps } from './deps.js';
import type { OutputContext } from './output-context.js';
import type { Output, OutputAction } from './schema.js';

/** Who heard of a review; the reviewer's confirmation says which (`outputs:confirmations.<notice>`). */
export type ReviewNotice = 'groupTold' | 'groupNotReached' | 'submitterTold' | 'submitterNotReached' | 'nobodyTold';

/**
 * Tells of an approval, a return or a reopening: the group in its linked conversation, in the programme's
 * language; a group without one would hear nothing, so then the person who submitted the output is told 1:1, in
 * their own language. Someone the bot has never talked with (added by a coordinator) cannot be written to first.
 */
export async function tellOfReview(
  deps: OutputsDeps,
  context: OutputContext,
  saved: Output,
  action: Extract<OutputAction, 'approve' | 'return' | 'reopen'>,
  reviewer: Person,
  comment: string,
): Promise<ReviewNotice> {
  const { programme, group, expected } = context;
  const values = { reviewer: reviewer.name, output: expected.title, group: group.name, comment: comment.trim() };
  const address = group.conversationId ? await deps.programmes.addressOf(group.conversationId) : undefined;
  if (address) {
    const { t } = groupLanguage(programme);
    const text =
      t(`outputs:channel.${action}`, values) +
      (action === 'approve' && values.comment ? ' ' + t('outputs:channel.comment', values) : '');
    return (await deps.messenger.post(address, { type: 'message', text })).ok ? 'groupTold' : 'groupNotReached';
  }
  const submitter = saved.submittedBy;
  if (!submitter) return 'nobodyTold';
  const contact = (await deps.memberships.get(programme.programmeId, submitter.id))?.contact;
  if (!contact) return 'submitterNotReached';
  const { t } = personLanguage(contact, programme);
  const text =
    t(`outputs:direct.${action}`, values) +
    (action === 'approve' && values.comment ? ' ' + t('outputs:channel.comment', values) : '');
  return (await deps.messenger.sendToPerson(contact, { type: 'message', text })).ok
    ? 'submitterTold'
    : 'submitterNotReached';
}
