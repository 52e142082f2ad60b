import { sendReported, type Starter } from '../../platform/outbox/follow-up.js';
import { conversationAddress, type OutgoingMessage } from '../../platform/outbox/outbox.js';
import type { Person } from '../programmes/schema.js';
import { groupConversation, groupLanguage, personLanguage } from '../membership/group-conversation.js';
import type { OutputsDeps } from './deps.js';
import type { OutputContext } from './output-context.js';
import { outputsOrigin, type Output, type OutputAction } from './schema.js';

/** Who heard of a review; the reviewer's confirmation says which (`outputs:confirmations.<notice>`). */
export type ReviewNotice =
  | 'groupTold'
  | 'groupBeingTold'
  | 'groupNotReached'
  | 'submitterTold'
  | 'submitterBeingTold'
  | 'submitterNotReached'
  | 'nobodyTold';

/**
 * Tells of an approval, a return or a reopening, through the outbox: the group in its linked conversation, in the
 * programme's language; a group without one would hear nothing, so then the person who submitted the output is
 * told 1:1, in their own language. Someone the bot has never talked with (added by a coordinator) cannot be written
 * to first. The answer waits a moment for the notice; one still on its way is "being told", and a reviewer in chat
 * (`starter`) hears 1:1 if it does not arrive (on the board, the overview names it).
 */
export async function tellOfReview(
  deps: OutputsDeps,
  context: OutputContext,
  saved: Output,
  action: Extract<OutputAction, 'approve' | 'return' | 'reopen'>,
  reviewer: Person,
  comment: string,
  starter?: Starter,
): Promise<ReviewNotice> {
  const { programme, group, expected } = context;
  const values = { reviewer: reviewer.name, output: expected.title, group: group.name, comment: comment.trim() };
  const notice = await noticeFor(deps, context, saved, action, values);
  if (!notice) return saved.submittedBy ? 'submitterNotReached' : 'nobodyTold';
  // One notice per review: the output's history grows by one entry with each.
  const key = `review:${group.id}:${expected.id}:${saved.history.length}`;
  const outcome = await sendReported(
    deps.outbox,
    outputsOrigin(programme.programmeId),
    key,
    { ...(starter ? { starter } : {}), notAll: { key: 'outputs:errors.reviewNotReached', values } },
    (sender) => sender.send({ ...notice.message, key }),
  );
  const whom = notice.toGroup ? 'group' : 'submitter';
  if (!outcome) return `${whom}BeingTold`;
  return outcome.failed.length === 0 ? `${whom}Told` : `${whom}NotReached`;
}

/** The notice: to the group's conversation, else to the submitter 1:1; undefined when nobody can be told. */
async function noticeFor(
  deps: OutputsDeps,
  { programme, group }: OutputContext,
  saved: Output,
  action: Extract<OutputAction, 'approve' | 'return' | 'reopen'>,
  values: Record<string, string>,
): Promise<{ message: Omit<OutgoingMessage, 'key'>; toGroup: boolean } | undefined> {
  const withComment = (t: (key: string, values?: Record<string, string>) => string, prefix: string) =>
    t(`outputs:${prefix}.${action}`, values) +
    (action === 'approve' && values.comment ? ' ' + t('outputs:channel.comment', values) : '');
  const address = conversationAddress(
    group.conversationId ? await deps.programmes.addressOf(group.conversationId) : undefined,
  );
  if (address) {
    const text = withComment(groupLanguage(programme).t, 'channel');
    const message = { to: { conversation: address }, activity: { type: 'message', text } };
    return { message: { ...message, recipient: groupConversation(group) }, toGroup: true };
  }
  const submitter = saved.submittedBy;
  const contact = submitter && (await deps.memberships.get(programme.programmeId, submitter.id))?.contact;
  if (!submitter || !contact) return undefined;
  const text = withComment(personLanguage(contact, programme).t, 'direct');
  const recipient = { personId: submitter.id, name: submitter.name };
  return { message: { to: { person: contact }, activity: { type: 'message', text }, recipient }, toGroup: false };
}
