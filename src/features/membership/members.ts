import type { Turn } from '../../platform/teams/turn.js';
import type { ProgrammeAccess } from '../programmes/access.js';
import type { GroupAccess } from './access.js';
import { coverageCard, membersCard } from './cards.js';
import type { MembershipDeps } from './deps.js';

/** A group's members by municipality, for its members and the programme's coordinators and regional staff. */
export async function showMembers(turn: Turn, { memberships }: MembershipDeps, access: GroupAccess) {
  const { programme, group } = access;
  // Erasing on request names people: offered to coordinators in personal chat, never in the group's channel.
  const erasable = access.role === 'coordinator' && turn.conversation.kind === 'personal';
  return membersCard(turn, programme, group.id, await memberships.listInProgramme(programme.programmeId), erasable);
}

/** Municipalities × groups: who is represented, who is missing. */
export async function showCoverage(turn: Turn, { memberships }: MembershipDeps, { programme }: ProgrammeAccess) {
  return coverageCard(turn, programme, await memberships.listInProgramme(programme.programmeId));
}
