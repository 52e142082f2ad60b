import type { Router } from '../../platform/teams/router.js';
import { contactOf, type Turn } from '../../platform/teams/turn.js';
import { chooseCard } from '../../platform/teams/choose-card.js';
import { Refusal } from '../../platform/refusal.js';
import {
  canOverview,
  findGroup,
  requireCoordinator,
  requireGroup,
  requireOverview,
  signUpIsOpen,
} from '../programmes/domain.js';
import { groupRefSchema, optionalGroupRefSchema, programmeRefSchema, type Programme } from '../programmes/schema.js';
import type { ProgrammeStore } from '../programmes/store.js';
import { changeMembership, groupName, isMemberOf, signUp, undoWithdrawal, withdraw } from './domain.js';
import { addMemberInputSchema, signUpInputSchema } from './schema.js';
import type { MembershipStore } from './store.js';
import { coverageCard, membersCard, myGroupsCard, signUpFormCard, type MyGroupsEntry } from './cards.js';

export type MembershipDeps = { programmes: ProgrammeStore; memberships: MembershipStore };

/** Membership sits on programmes: it reads programmes through ProgrammeStore and owns the membership documents. */
export function registerMembership(router: Router, deps: MembershipDeps): void {
  const { programmes, memberships } = deps;

  /** Someone already signed up gets their own details to change, never a blank form that would overwrite them. */
  const formFor = async (turn: Turn, programme: Programme, groupId?: string) => {
    const current = await memberships.get(programme.programmeId, turn.person.id);
    if (current && current.groupIds.length > 0) return signUpFormCard(turn, programme, 'change', current);
    return signUpFormCard(turn, programme, 'signUp', undefined, groupId);
  };

  router.command('signUp', async (turn) => {
    const linked = await linkedGroup(turn, programmes);
    if (linked) return formFor(turn, linked.programme, linked.groupId);
    const open = (await programmes.list()).filter((p) => signUpIsOpen(p, turn.now));
    if (open.length === 0) throw new Refusal('membership:errors.noOpenProgramme');
    if (open.length === 1) return formFor(turn, open[0]!);
    return chooseCard(
      turn.t('membership:choose.programmeToJoin'),
      open.map((p) => ({ title: p.name, verb: 'membership.signUpForm', programmeId: p.programmeId })),
    );
  });

  router.cardAction('membership.signUpForm', optionalGroupRefSchema, async (turn, { programmeId, groupId }) =>
    formFor(turn, await programmes.require(programmeId), groupId),
  );

  router.cardAction('membership.signUp', signUpInputSchema, async (turn, input) => {
    const programme = await programmes.require(input.programmeId);
    const saved = await memberships.save(programme.programmeId, turn.person.id, (current) => ({
      ...signUp(programme, current, turn.person, input, turn.now),
      contact: contactOf(turn.context),
    }));
    return myGroupsCard(turn, [{ programme, membership: saved }], {
      headline: turn.t('membership:confirmations.signedUp'),
      note: turn.t('membership:confirmations.signedUpNote', {
        groups: input.groupIds.map((id) => groupName(programme, id)).join(', '),
      }),
    });
  });

  router.cardAction('membership.changeForm', programmeRefSchema, async (turn, { programmeId }) => {
    const programme = await programmes.require(programmeId);
    const current = await memberships.get(programmeId, turn.person.id);
    return signUpFormCard(turn, programme, current && current.groupIds.length > 0 ? 'change' : 'signUp', current);
  });

  router.cardAction('membership.change', signUpInputSchema, async (turn, input) => {
    const programme = await programmes.require(input.programmeId);
    const saved = await memberships.save(programme.programmeId, turn.person.id, (current) => {
      if (!current || current.groupIds.length === 0) throw new Refusal('membership:errors.notSignedUp');
      return { ...changeMembership(programme, current, input, turn.now), contact: contactOf(turn.context) };
    });
    return myGroupsCard(turn, [{ programme, membership: saved }], {
      headline: turn.t('membership:confirmations.changed'),
    });
  });

  router.cardAction('membership.addForm', programmeRefSchema, async (turn, { programmeId }) => {
    const programme = await programmes.require(programmeId);
    requireCoordinator(programme, turn.person.id);
    return signUpFormCard(turn, programme, 'addSomeone');
  });

  router.cardAction('membership.add', addMemberInputSchema, async (turn, input) => {
    const programme = await programmes.require(input.programmeId);
    requireCoordinator(programme, turn.person.id);
    if (!input.personId || !input.personName) throw new Refusal('membership:errors.personMissing');
    const person = { id: input.personId, name: input.personName };
    await memberships.save(programme.programmeId, person.id, (current) =>
      signUp(programme, current, person, input, turn.now, { kind: 'coordinator', coordinator: turn.person }),
    );
    return {
      text: turn.t('membership:confirmations.added', {
        person: person.name,
        groups: input.groupIds.map((id) => groupName(programme, id)).join(', '),
      }),
    };
  });

  router.cardAction('membership.withdraw', optionalGroupRefSchema, async (turn, { programmeId, groupId }) => {
    const programme = await programmes.require(programmeId);
    const saved = await memberships.save(programmeId, turn.person.id, (current) => {
      if (!current) throw new Refusal('membership:errors.notSignedUp');
      return withdraw(current, groupId, turn.now);
    });
    const left = (saved.lastWithdrawal?.groupIds ?? []).map((id) => groupName(programme, id)).join(', ');
    return myGroupsCard(turn, [{ programme, membership: saved }], {
      headline: turn.t('membership:confirmations.withdrawn', { groups: left }),
      note: turn.t('membership:confirmations.undoHint'),
      undoProgrammeId: programmeId,
    });
  });

  router.cardAction('membership.undoWithdraw', programmeRefSchema, async (turn, { programmeId }) => {
    const programme = await programmes.require(programmeId);
    const saved = await memberships.save(programmeId, turn.person.id, (current) => {
      if (!current) throw new Refusal('membership:errors.nothingToUndo');
      return undoWithdrawal(programme, current, turn.now);
    });
    return myGroupsCard(turn, [{ programme, membership: saved }], {
      headline: turn.t('membership:confirmations.restored'),
    });
  });

  const showMyGroups = async (turn: Turn) => myGroupsCard(turn, await myMemberships(turn, deps));
  router.command('myGroups', showMyGroups);
  router.cardAction('membership.myGroups', programmeRefSchema.partial(), showMyGroups);

  router.command('members', async (turn, argument) => {
    const target = await groupForMembers(turn, deps, argument);
    if ('choose' in target) return target.choose;
    return membersOf(turn, deps, target.programme, target.groupId);
  });

  router.cardAction('membership.members', groupRefSchema, async (turn, { programmeId, groupId }) => {
    return membersOf(turn, deps, await programmes.require(programmeId), groupId);
  });

  router.command('coverage', async (turn) => {
    const overseen = (await programmes.list()).filter((p) => canOverview(p, turn.person.id));
    if (overseen.length === 0) throw new Refusal('membership:errors.coverageNotAllowed');
    if (overseen.length === 1)
      return coverageCard(turn, overseen[0]!, await memberships.listInProgramme(overseen[0]!.programmeId));
    return chooseCard(
      turn.t('membership:choose.programmeForCoverage'),
      overseen.map((p) => ({ title: p.name, verb: 'membership.coverage', programmeId: p.programmeId })),
    );
  });

  router.cardAction('membership.coverage', programmeRefSchema, async (turn, { programmeId }) => {
    const programme = await programmes.require(programmeId);
    requireOverview(programme, turn.person.id);
    return coverageCard(turn, programme, await memberships.listInProgramme(programmeId));
  });
}

/** The group a channel or group chat is linked to, if any. */
async function linkedGroup(
  turn: Turn,
  programmes: ProgrammeStore,
): Promise<{ programme: Programme; groupId: string } | undefined> {
  if (turn.conversation.kind === 'personal') return undefined;
  const link = await programmes.findLink(turn.conversation.id);
  const programme = link && (await programmes.get(link.programmeId));
  return programme && link ? { programme, groupId: link.groupId } : undefined;
}

async function myMemberships(turn: Turn, { programmes, memberships }: MembershipDeps): Promise<MyGroupsEntry[]> {
  const entries: MyGroupsEntry[] = [];
  for (const programme of await programmes.list()) {
    const membership = await memberships.get(programme.programmeId, turn.person.id);
    if (membership && membership.groupIds.length > 0) entries.push({ programme, membership });
  }
  return entries;
}

/** Members are shown to the group's own members and to the programme's coordinators and regional staff. */
async function membersOf(turn: Turn, { memberships }: MembershipDeps, programme: Programme, groupId: string) {
  requireGroup(programme, groupId);
  if (!canOverview(programme, turn.person.id)) {
    const own = await memberships.get(programme.programmeId, turn.person.id);
    if (!isMemberOf(own, groupId))
      throw new Refusal('membership:errors.notInThisGroup', { group: groupName(programme, groupId) });
  }
  return membersCard(turn, programme, groupId, await memberships.listInProgramme(programme.programmeId));
}

type MembersTarget = { programme: Programme; groupId: string } | { choose: ReturnType<typeof chooseCard> };

/** In a linked conversation, its group; otherwise the named group, the only group, or a choice among the person's groups. */
async function groupForMembers(turn: Turn, deps: MembershipDeps, argument: string): Promise<MembersTarget> {
  const linked = await linkedGroup(turn, deps.programmes);
  if (linked) return linked;
  const candidates: { programme: Programme; groupId: string }[] = [];
  for (const programme of await deps.programmes.list()) {
    const overview = canOverview(programme, turn.person.id);
    const own = overview ? undefined : await deps.memberships.get(programme.programmeId, turn.person.id);
    for (const group of programme.groups) {
      if (overview || isMemberOf(own, group.id)) candidates.push({ programme, groupId: group.id });
    }
  }
  if (argument) {
    const named = candidates.find(({ programme, groupId }) => findGroup(programme, argument)?.id === groupId);
    if (!named) throw new Refusal('membership:errors.unknownGroupName', { name: argument });
    return named;
  }
  if (candidates.length === 0) throw new Refusal('membership:errors.noGroupsYet');
  if (candidates.length === 1) return candidates[0]!;
  return {
    choose: chooseCard(
      turn.t('membership:choose.groupForMembers'),
      candidates.map(({ programme, groupId }) => ({
        title: `${groupName(programme, groupId)} (${programme.name})`,
        verb: 'membership.members',
        programmeId: programme.programmeId,
        groupId,
      })),
    ),
  };
}
