import { Refusal } from '../../platform/refusal.js';
import { chooseCard } from '../../platform/teams/choose-card.js';
import type { Turn } from '../../platform/teams/turn.js';
import type { ProgrammeAccess } from '../programmes/access.js';
import { renewLinks, signUpIsOpen } from '../programmes/domain.js';
import type { Programme } from '../programmes/schema.js';
import type { GroupAccess } from './access.js';
import { myGroupsCard, signUpFormCard, type MyGroupsEntry } from './cards.js';
import type { MembershipDeps } from './deps.js';
import { changeMembership, groupName, signUp, undoWithdrawal, withdraw } from './domain.js';
import type { AddMemberInput, SignUpInput } from './schema.js';

/** Someone already signed up gets their own details to change, never a blank form that would overwrite them. */
async function formFor(turn: Turn, { memberships }: MembershipDeps, programme: Programme, groupId?: string) {
  const current = await memberships.get(programme.programmeId, turn.person.id);
  if (current && current.groupIds.length > 0) return signUpFormCard(turn, programme, 'change', current);
  return signUpFormCard(turn, programme, 'signUp', undefined, groupId);
}

/** "anmäl": in a group's conversation, that group's form; elsewhere the open programme, or a choice of them. */
export async function startSignUp(turn: Turn, deps: MembershipDeps, here: GroupAccess | undefined) {
  if (here) return formFor(turn, deps, here.programme, here.group.id);
  const open = (await deps.programmes.list()).filter((p) => signUpIsOpen(p, turn.now));
  if (open.length === 0) throw new Refusal('membership:errors.noOpenProgramme');
  if (open.length === 1) return formFor(turn, deps, open[0]!);
  return chooseCard(
    turn.t('membership:choose.programmeToJoin'),
    open.map((p) => ({ title: p.name, verb: 'membership.signUpForm', programmeId: p.programmeId })),
  );
}

export async function signUpForm(turn: Turn, deps: MembershipDeps, programmeId: string, groupId?: string) {
  return formFor(turn, deps, await deps.programmes.require(programmeId), groupId);
}

export async function saveSignUp(turn: Turn, deps: MembershipDeps, input: SignUpInput) {
  const programme = await deps.programmes.require(input.programmeId);
  const saved = await deps.memberships.save(programme.programmeId, turn.person.id, (current) => ({
    ...signUp(programme, current, turn.person, input, turn.now),
    contact: turn.contact,
  }));
  return myGroupsCard(turn, [{ programme, membership: saved }], {
    headline: turn.t('membership:confirmations.signedUp'),
    note: turn.t('membership:confirmations.signedUpNote', {
      groups: input.groupIds.map((id) => groupName(programme, id)).join(', '),
    }),
  });
}

export async function changeForm(turn: Turn, deps: MembershipDeps, programmeId: string) {
  const programme = await deps.programmes.require(programmeId);
  const current = await deps.memberships.get(programmeId, turn.person.id);
  return signUpFormCard(turn, programme, current && current.groupIds.length > 0 ? 'change' : 'signUp', current);
}

export async function saveChange(turn: Turn, deps: MembershipDeps, input: SignUpInput) {
  const programme = await deps.programmes.require(input.programmeId);
  let before: string[] = [];
  const saved = await deps.memberships.save(programme.programmeId, turn.person.id, (current) => {
    if (!current || current.groupIds.length === 0) throw new Refusal('membership:errors.notSignedUp');
    before = current.groupIds;
    return { ...changeMembership(programme, current, input, turn.now), contact: turn.contact };
  });
  const left = before.filter((groupId) => !saved.groupIds.includes(groupId));
  await renewLinksOf(deps, programme.programmeId, left, turn.now);
  return myGroupsCard(turn, [{ programme, membership: saved }], {
    headline: turn.t('membership:confirmations.changed'),
  });
}

export const addSomeoneForm = async (turn: Turn, { programme }: ProgrammeAccess) =>
  signUpFormCard(turn, programme, 'addSomeone');

/** A coordinator signs someone up (after the deadline too), picked in the people picker. */
export async function addSomeone(
  turn: Turn,
  deps: MembershipDeps,
  { programme }: ProgrammeAccess,
  input: AddMemberInput,
) {
  if (!input.personId || !input.personName) throw new Refusal('membership:errors.personMissing');
  const person = { id: input.personId, name: input.personName };
  await deps.memberships.save(programme.programmeId, person.id, (current) =>
    signUp(programme, current, person, input, turn.now, { kind: 'coordinator', coordinator: turn.person }),
  );
  return {
    text: turn.t('membership:confirmations.added', {
      person: person.name,
      groups: input.groupIds.map((id) => groupName(programme, id)).join(', '),
    }),
  };
}

export async function leave(turn: Turn, deps: MembershipDeps, programmeId: string, groupId: string | undefined) {
  const programme = await deps.programmes.require(programmeId);
  const saved = await deps.memberships.save(programmeId, turn.person.id, (current) => {
    if (!current) throw new Refusal('membership:errors.notSignedUp');
    return withdraw(current, groupId, turn.now);
  });
  await renewLinksOf(deps, programmeId, saved.lastWithdrawal?.groupIds ?? [], turn.now);
  const left = (saved.lastWithdrawal?.groupIds ?? []).map((id) => groupName(programme, id)).join(', ');
  return myGroupsCard(turn, [{ programme, membership: saved }], {
    headline: turn.t('membership:confirmations.withdrawn', { groups: left }),
    note: turn.t('membership:confirmations.undoHint'),
    undoProgrammeId: programmeId,
  });
}

export async function undoLeaving(turn: Turn, deps: MembershipDeps, programmeId: string) {
  const programme = await deps.programmes.require(programmeId);
  const saved = await deps.memberships.save(programmeId, turn.person.id, (current) => {
    if (!current) throw new Refusal('membership:errors.nothingToUndo');
    return undoWithdrawal(programme, current, turn.now);
  });
  return myGroupsCard(turn, [{ programme, membership: saved }], {
    headline: turn.t('membership:confirmations.restored'),
  });
}

/** "mina grupper": the person's groups in every programme they signed up for. */
export async function myGroups(turn: Turn, { programmes, memberships }: MembershipDeps) {
  const entries: MyGroupsEntry[] = [];
  for (const programme of await programmes.list()) {
    const membership = await memberships.get(programme.programmeId, turn.person.id);
    if (membership && membership.groupIds.length > 0) entries.push({ programme, membership });
  }
  return myGroupsCard(turn, entries);
}

/**
 * Someone who leaves a group keeps no working link to its calendar files and videos: the group's links are signed
 * anew (members get fresh ones from "dagordning" and "resultat").
 */
async function renewLinksOf(deps: MembershipDeps, programmeId: string, groupIds: string[], now: Date) {
  if (groupIds.length > 0) await deps.programmes.update(programmeId, (current) => renewLinks(current, groupIds, now));
}
