import { Refusal } from '../../platform/refusal.js';
import { chooseCard } from '../../platform/teams/choose-card.js';
import type { CardReply } from '../../platform/teams/router.js';
import type { Turn } from '../../platform/teams/turn.js';
import { linkGroup, requireCoordinator, requireGroup, unlinkGroup } from '../programmes/domain.js';
import { linkFormCard, manageCard, type LinkChoice } from '../programmes/cards.js';
import { linkChoiceValue } from '../programmes/schema.js';
import type { GroupAccess, GroupRef } from './access.js';
import type { MembershipDeps } from './deps.js';

/**
 * A coordinator links a group to the channel or group chat it talks in. The link document (keyed by conversation)
 * answers "which group is this?" for every message there, and its conversation reference lets later features post
 * there. A Teams meeting chat joins the group's channel instead of replacing it.
 */
function requireGroupConversation(turn: Turn): void {
  if (turn.conversation.kind === 'personal') throw new Refusal('programmes:errors.linkInChannel');
}

/** "koppla grupp": the groups the person coordinates, the current link preselected. */
export async function linkForm(turn: Turn, { gate }: MembershipDeps): Promise<CardReply> {
  requireGroupConversation(turn);
  const choices: LinkChoice[] = (await gate.groupsOf(turn.person, 'coordinator')).map(({ programme, group }) => ({
    programme,
    group,
    value: linkChoiceValue(programme.programmeId, group.id),
  }));
  if (choices.length === 0) throw new Refusal('programmes:errors.nothingToLink');
  const link = await gate.linkedGroup(turn.conversation.id);
  const current = link && choices.find((choice) => choice.value === linkChoiceValue(link.programmeId, link.groupId));
  return linkFormCard(turn, choices, current);
}

/** The chat of a scheduled Teams meeting (`19:meeting_...@thread.v2`), as opposed to a channel or a group chat. */
function isMeetingChat(conversationId: string): boolean {
  return conversationId.startsWith('19:meeting_');
}

export async function link(turn: Turn, deps: MembershipDeps, access: GroupAccess): Promise<CardReply> {
  requireGroupConversation(turn);
  const { programmes, gate } = deps;
  const { programme, group } = access;
  const { programmeId } = programme;
  const groupId = group.id;
  const conversationId = turn.conversation.id;
  const previous = await gate.linkedGroup(conversationId);
  const replacing =
    previous && !(previous.programmeId === programmeId && previous.groupId === groupId) ? previous : undefined;
  // Relinking detaches the group that had this conversation, which is a change to its programme too.
  if (replacing) await gate.programmes.require(turn.person, replacing.programmeId, 'coordinator');

  await programmes.saveLink({
    id: conversationId,
    programmeId,
    groupId,
    reference: turn.reference,
    linkedBy: turn.person,
    linkedAt: turn.now.toISOString(),
  });
  const showMembers = [
    { title: turn.t('programmes:cards.link.showMembers'), verb: 'membership.members', programmeId, groupId },
  ];
  // A Teams meeting chat joins the group's channel rather than replacing it: the link lets the bot know the
  // group when the meeting starts and ends, while posts, reminders and agendas stay in the channel.
  if (isMeetingChat(conversationId) && group.conversationId && group.conversationId !== conversationId) {
    if (replacing) await detach(deps, { ...replacing, conversationId }, turn.now);
    return chooseCard(turn.t('programmes:confirmations.linked_meetingChat', { group: group.name }), showMembers);
  }
  let movedFrom: string | undefined;
  await programmes.update(programmeId, (current) => {
    requireCoordinator(current, turn.person.id);
    movedFrom = requireGroup(current, groupId).conversationId;
    return linkGroup(current, groupId, conversationId, turn.now);
  });
  if (movedFrom && movedFrom !== conversationId) await removeLinkOf(deps, movedFrom, { programmeId, groupId });
  if (replacing) await detach(deps, { ...replacing, conversationId }, turn.now);

  return chooseCard(
    turn.t(`programmes:confirmations.linked_${turn.conversation.kind}`, { group: group.name }),
    showMembers,
    turn.t('programmes:confirmations.linkedHint'),
  );
}

export async function unlink(turn: Turn, deps: MembershipDeps, { programme, group }: GroupAccess): Promise<CardReply> {
  const { programmeId } = programme;
  if (!group.conversationId) throw new Refusal('programmes:errors.notLinked', { group: group.name });
  // The link goes first: should the second write fail, the card still says "linked" and unlinking again finishes it.
  await removeLinkOf(deps, group.conversationId, { programmeId, groupId: group.id });
  const updated = await deps.programmes.update(programmeId, (current) => {
    requireCoordinator(current, turn.person.id);
    return unlinkGroup(current, group.id, turn.now);
  });
  return manageCard(turn, updated, turn.t('programmes:confirmations.unlinked', { group: group.name }));
}

/** Removes a conversation's link only while it still points at this group: someone may have relinked it meanwhile. */
async function removeLinkOf({ programmes, gate }: MembershipDeps, conversationId: string, target: GroupRef) {
  const link = await gate.linkedGroup(conversationId);
  if (link?.programmeId === target.programmeId && link.groupId === target.groupId)
    await programmes.removeLink(conversationId);
}

/** The group that had this conversation before now has none. */
async function detach({ programmes }: MembershipDeps, link: GroupRef & { conversationId: string }, now: Date) {
  if (!(await programmes.get(link.programmeId))) return;
  await programmes.update(link.programmeId, (current) => {
    const group = current.groups.find((g) => g.id === link.groupId);
    return group?.conversationId === link.conversationId ? unlinkGroup(current, group.id, now) : undefined;
  });
}
