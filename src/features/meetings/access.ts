import type { Stored } from '../../platform/cosmos/documents.js';
import { Refusal } from '../../platform/refusal.js';
import { chooseCard } from '../../platform/teams/choose-card.js';
import type { AdaptiveCard } from '../../platform/teams/cards.js';
import type { Turn } from '../../platform/teams/turn.js';
import { isMemberOf } from '../membership/domain.js';
import { canOverview, requireCoordinator, requireGroup } from '../programmes/domain.js';
import { groupLanguage } from '../programmes/group-conversation.js';
import type { Group, Programme } from '../programmes/schema.js';
import type { MeetingsDeps } from './deps.js';
import { mayTakeNotes } from './domain.js';
import type { Meeting } from './schema.js';

export type GroupTarget = { programme: Stored<Programme>; group: Group };

/**
 * Who reads a card decides its language: a personal chat speaks the reader's language, a channel or group chat
 * (where everyone sees the same card) the group's.
 */
export function readerLanguage(turn: Turn) {
  return turn.conversation.kind === 'personal' ? turn : groupLanguage;
}

async function target(deps: MeetingsDeps, programmeId: string, groupId: string): Promise<GroupTarget | undefined> {
  const programme = await deps.programmes.get(programmeId);
  const group = programme?.groups.find((g) => g.id === groupId);
  return programme && group ? { programme, group } : undefined;
}

/**
 * The group a channel or group chat belongs to: linked to it with "koppla grupp", or the Teams meeting chat of
 * one of its meetings (the meeting's place is that Teams meeting's link), which needs no linking.
 */
export async function groupOfConversation(turn: Turn, deps: MeetingsDeps): Promise<GroupTarget | undefined> {
  if (turn.conversation.kind === 'personal') return undefined;
  const link = await deps.programmes.findLink(turn.conversation.id);
  if (link) return target(deps, link.programmeId, link.groupId);
  const [meeting] = await deps.meetings.listForMeetingChat(turn.conversation.id);
  return meeting ? target(deps, meeting.programmeId, meeting.groupId) : undefined;
}

/** Groups the person may read meetings and notes of: their own, and every group of programmes they oversee. */
async function readableGroups(turn: Turn, deps: MeetingsDeps): Promise<GroupTarget[]> {
  const targets: GroupTarget[] = [];
  for (const programme of await deps.programmes.list()) {
    const overview = canOverview(programme, turn.person.id);
    const own = overview ? undefined : await deps.memberships.get(programme.programmeId, turn.person.id);
    for (const group of programme.groups) {
      if (overview || isMemberOf(own, group.id)) targets.push({ programme, group });
    }
  }
  return targets;
}

/**
 * The group a reader's command is about: the conversation's own group, else their only group, else a choice
 * among their groups (whose buttons send `verb`).
 */
export async function groupForReader(
  turn: Turn,
  deps: MeetingsDeps,
  verb: string,
): Promise<GroupTarget | AdaptiveCard> {
  const own = await groupOfConversation(turn, deps);
  if (own) return own;
  const groups = await readableGroups(turn, deps);
  if (groups.length === 0) throw new Refusal('meetings:errors.noGroups');
  if (groups.length === 1) return groups[0]!;
  return chooseCard(
    turn.t('meetings:choose.group'),
    groups.map(({ programme, group }) => ({
      title: `${group.name} (${programme.name})`,
      verb,
      programmeId: programme.programmeId,
      groupId: group.id,
    })),
  );
}

export function isTarget(value: GroupTarget | AdaptiveCard): value is GroupTarget {
  return 'programme' in value;
}

/** A group named by a card: readable by its members and by the programme's coordinators and regional staff. */
export async function requireReadableGroup(
  turn: Turn,
  deps: MeetingsDeps,
  programmeId: string,
  groupId: string,
): Promise<GroupTarget> {
  const programme = await deps.programmes.require(programmeId);
  const group = requireGroup(programme, groupId);
  await requireNoteTaker(turn, deps, programme, group);
  return { programme, group };
}

/**
 * A group named by a card, for its agenda: in the group's own conversation anyone there may look (the agenda is
 * posted there anyway); elsewhere only members, coordinators and regional staff.
 */
export async function requireAgendaReader(
  turn: Turn,
  deps: MeetingsDeps,
  programmeId: string,
  groupId: string,
): Promise<GroupTarget> {
  const own = await groupOfConversation(turn, deps);
  if (own && own.programme.programmeId === programmeId && own.group.id === groupId) return own;
  return requireReadableGroup(turn, deps, programmeId, groupId);
}

/** Notes, and agendas outside the group's own conversation, are for members, coordinators and regional staff. */
export async function requireNoteTaker(
  turn: Turn,
  deps: MeetingsDeps,
  programme: Programme,
  group: Group,
): Promise<void> {
  const membership = canOverview(programme, turn.person.id)
    ? undefined
    : await deps.memberships.get(programme.programmeId, turn.person.id);
  if (!mayTakeNotes(programme, membership, group.id, turn.person.id))
    throw new Refusal('meetings:errors.notInGroup', { group: group.name });
}

/** A coordinator's group, checked before anything else is read. */
export async function coordinatorsGroup(
  turn: Turn,
  deps: MeetingsDeps,
  programmeId: string,
  groupId: string,
): Promise<GroupTarget> {
  const programme = await deps.programmes.require(programmeId);
  requireCoordinator(programme, turn.person.id);
  return { programme, group: requireGroup(programme, groupId) };
}

/** A meeting of a programme the person coordinates: editing someone else's programme is refused here. */
export async function coordinatorsMeeting(
  turn: Turn,
  deps: MeetingsDeps,
  programmeId: string,
  meetingId: string,
): Promise<GroupTarget & { meeting: Stored<Meeting> }> {
  const programme = await deps.programmes.require(programmeId);
  requireCoordinator(programme, turn.person.id);
  const meeting = await deps.meetings.require(programmeId, meetingId);
  return { programme, group: requireGroup(programme, meeting.groupId), meeting };
}
