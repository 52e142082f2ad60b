import { TurnContext } from 'botbuilder';
import { Refusal } from '../../platform/refusal.js';
import { chooseCard } from '../../platform/teams/choose-card.js';
import type { Router } from '../../platform/teams/router.js';
import type { Turn } from '../../platform/teams/turn.js';
import { isCoordinator, linkGroup, requireCoordinator, requireGroup, unlinkGroup } from './domain.js';
import { linkFormCard, manageCard, type LinkChoice } from './cards.js';
import type { ProgrammesDeps } from './handlers.js';
import { groupRefSchema, linkChoiceSchema, linkChoiceValue, type ConversationLink } from './schema.js';
import type { ProgrammeStore } from './store.js';

/**
 * A coordinator links a group to the channel or group chat it talks in. The link document (keyed by conversation)
 * answers "which group is this?" for every message there, and its conversation reference lets later features post there.
 */
export function registerLinking(router: Router, { programmes }: ProgrammesDeps): void {
  const requireGroupConversation = (turn: Turn): void => {
    if (turn.conversation.kind === 'personal') throw new Refusal('programmes:errors.linkInChannel');
  };

  router.command('linkGroup', async (turn) => {
    requireGroupConversation(turn);
    const choices: LinkChoice[] = (await programmes.list())
      .filter((programme) => isCoordinator(programme, turn.person.id))
      .flatMap((programme) =>
        programme.groups.map((group) => ({
          programme,
          group,
          value: linkChoiceValue(programme.programmeId, group.id),
        })),
      );
    if (choices.length === 0) throw new Refusal('programmes:errors.nothingToLink');
    const link = await programmes.findLink(turn.conversation.id);
    const current = link && choices.find((choice) => choice.value === linkChoiceValue(link.programmeId, link.groupId));
    return linkFormCard(turn, choices, current);
  });

  router.cardAction('programmes.link', linkChoiceSchema, async (turn, { programmeId, groupId }) => {
    requireGroupConversation(turn);
    const programme = await programmes.require(programmeId);
    requireCoordinator(programme, turn.person.id);
    const group = requireGroup(programme, groupId);
    const conversationId = turn.conversation.id;
    const previous = await programmes.findLink(conversationId);
    const replacing =
      previous && !(previous.programmeId === programmeId && previous.groupId === groupId) ? previous : undefined;
    // Relinking detaches the group that had this conversation, which is a change to its programme too.
    if (replacing) requireCoordinator(await programmes.require(replacing.programmeId), turn.person.id);

    // The link is to the conversation, not to the clicked card or its thread: with the card's activityId or the
    // thread's `;messageid=` in the reference, every later post would go out as a reply in that thread.
    const { activityId: _clickedCard, ...reference } = TurnContext.getConversationReference(turn.context.activity);
    reference.conversation = { ...reference.conversation!, id: conversationId };
    await programmes.saveLink({
      id: conversationId,
      programmeId,
      groupId,
      reference,
      linkedBy: turn.person,
      linkedAt: turn.now.toISOString(),
    });
    // A Teams meeting chat joins the group's channel rather than replacing it: the link lets the bot know the
    // group when the meeting starts and ends, while posts, reminders and agendas stay in the channel.
    if (isMeetingChat(conversationId) && group.conversationId && group.conversationId !== conversationId) {
      if (replacing) await detach(programmes, replacing, turn.now);
      return chooseCard(turn.t('programmes:confirmations.linked_meetingChat', { group: group.name }), [
        { title: turn.t('programmes:cards.link.showMembers'), verb: 'membership.members', programmeId, groupId },
      ]);
    }
    let movedFrom: string | undefined;
    await programmes.update(programmeId, (current) => {
      requireCoordinator(current, turn.person.id);
      movedFrom = requireGroup(current, groupId).conversationId;
      return linkGroup(current, groupId, conversationId, turn.now);
    });
    if (movedFrom && movedFrom !== conversationId) await removeLinkOf(programmes, movedFrom, { programmeId, groupId });
    if (replacing) await detach(programmes, replacing, turn.now);

    return chooseCard(
      turn.t(`programmes:confirmations.linked_${turn.conversation.kind}`, { group: group.name }),
      [{ title: turn.t('programmes:cards.link.showMembers'), verb: 'membership.members', programmeId, groupId }],
      turn.t('programmes:confirmations.linkedHint'),
    );
  });

  router.cardAction('programmes.unlink', groupRefSchema, async (turn, { programmeId, groupId }) => {
    const programme = await programmes.require(programmeId);
    requireCoordinator(programme, turn.person.id);
    const group = requireGroup(programme, groupId);
    if (!group.conversationId) throw new Refusal('programmes:errors.notLinked', { group: group.name });
    // The link goes first: should the second write fail, the card still says "linked" and unlinking again finishes it.
    await removeLinkOf(programmes, group.conversationId, { programmeId, groupId });
    const updated = await programmes.update(programmeId, (current) => {
      requireCoordinator(current, turn.person.id);
      return unlinkGroup(current, groupId, turn.now);
    });
    return manageCard(turn, updated, turn.t('programmes:confirmations.unlinked', { group: group.name }));
  });
}

/** The chat of a scheduled Teams meeting (`19:meeting_...@thread.v2`), as opposed to a channel or a group chat. */
function isMeetingChat(conversationId: string): boolean {
  return conversationId.startsWith('19:meeting_');
}

/** Removes a conversation's link only while it still points at this group: someone may have relinked it meanwhile. */
async function removeLinkOf(
  programmes: ProgrammeStore,
  conversationId: string,
  target: { programmeId: string; groupId: string },
) {
  const link = await programmes.findLink(conversationId);
  if (link?.programmeId === target.programmeId && link.groupId === target.groupId)
    await programmes.removeLink(conversationId);
}

/** The group that had this conversation before now has none. */
async function detach(programmes: ProgrammeStore, link: ConversationLink, now: Date) {
  if (!(await programmes.get(link.programmeId))) return;
  await programmes.update(link.programmeId, (current) => {
    const group = current.groups.find((g) => g.id === link.groupId);
    return group?.conversationId === link.id ? unlinkGroup(current, group.id, now) : undefined;
  });
}
