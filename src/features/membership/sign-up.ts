import { Refusal } from '../../platform/refusal.js';
import { chooseCard } from '../../platform/teams/choose-card.js';
import type { Turn } from '../../platform/teams/turn.js';
import type { ProgrammeAccess } from '../programmes/access.js';
import { renewLinks, signUpIsOpen } from '../programmes/domain.js';
import { pickedPersonName } from '../programmes/people.js';
import type { Programme } from '../programmes/schema.js';
import type { GroupAccess } from './access.js';
import { myGroupsCard, signUpFormCard, type MyGroupsEntry } from './cards.js';
import type { MembershipDeps } from './deps.js';
import { changeMembership, fellowRepresentatives, groupName, signUp, undoWithdrawal, withdraw } from './domain.js';
import { municipalities } from '../../platform/municipalities.js';
import type { AddMemberInput, Membership, SignUpInput } from './schema.js';

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

/**
 * A municipality may have several representatives in a group: a sign-up that joins one already represented is
 * accepted, and says who else represents it there ("Anna Berg representerar också Berg i …").
 */
async function fellowsNotes(
  turn: Turn,
  deps: MembershipDeps,
  programme: Programme,
  membership: Membership,
  groupIds: string[],
): Promise<string[]> {
  if (groupIds.length === 0) return [];
  const everyone = await deps.memberships.listInProgramme(programme.programmeId);
  return fellowRepresentatives(everyone, membership, groupIds).map(({ groupId, people }) =>
    turn.t('membership:confirmations.alsoRepresented', {
      count: people.length,
      people: people.map((person) => person.name).join(', '),
      municipality: municipalities.nameOf(membership.municipalityCode),
      group: groupName(programme, groupId),
    }),
  );
}

export async function saveSignUp(turn: Turn, deps: MembershipDeps, input: SignUpInput) {
  const programme = await deps.programmes.require(input.programmeId);
  const saved = await deps.memberships.save(programme.programmeId, turn.person.id, (current) => ({
    ...signUp(programme, current, turn.person, input, turn.now),
    contact: turn.contact,
  }));
  const fellows = await fellowsNotes(turn, deps, programme, saved, input.groupIds);
  return myGroupsCard(turn, [{ programme, membership: saved }], {
    headline: turn.t('membership:confirmations.signedUp'),
    note: [
      turn.t('membership:confirmations.signedUpNote', {
        groups: input.groupIds.map((id) => groupName(programme, id)).join(', '),
      }),
      ...fellows,
    ].join(' '),
  });
}

export async function changeForm(turn: Turn, deps: MembershipDeps, programmeId: string) {
  const programme = await deps.programmes.require(programmeId);
  const current = await deps.memberships.get(programmeId, turn.person.id);
  return signUpFormCard(turn, programme, current && current.groupIds.length > 0 ? 'change' : 'signUp', current);
}

export async function saveChange(turn: Turn, deps: MembershipDeps, input: SignUpInput) {
  const programme = await deps.programmes.require(input.programmeId);
  let before: Membership | undefined; // the decision may run again after a conflict: its last run tells
  const saved = await deps.memberships.save(programme.programmeId, turn.person.id, (current) => {
    if (!current || current.groupIds.length === 0) throw new Refusal('membership:errors.notSignedUp');
    before = current;
    return { ...changeMembership(programme, current, input, turn.now), contact: turn.contact };
  });
  const left = (before?.groupIds ?? []).filter((groupId) => !saved.groupIds.includes(groupId));
  await renewLinksOf(deps, programme.programmeId, left, turn.now);
  // Told again only where something is new: a group joined, or every group when the municipality changed.
  const moved = before?.municipalityCode !== saved.municipalityCode;
  const joined = saved.groupIds.filter((id) => moved || !before?.groupIds.includes(id));
  const fellows = await fellowsNotes(turn, deps, programme, saved, joined);
  return myGroupsCard(turn, [{ programme, membership: saved }], {
    headline: turn.t('membership:confirmations.changed'),
    note: fellows.join(' '),
  });
}

export const addSomeoneForm = async (turn: Turn, { programme }: ProgrammeAccess) =>
  signUpFormCard(turn, programme, 'addSomeone');

/**
 * A coordinator signs someone up (after the deadline too), picked in the people picker: the name is the one the
 * programme or Teams has for them; only when neither knows the person does the form come back to ask for it.
 */
export async function addSomeone(
  turn: Turn,
  deps: MembershipDeps,
  { programme }: ProgrammeAccess,
  input: AddMemberInput,
) {
  if (!input.personId) throw new Refusal('membership:errors.personMissing');
  const everyone = await deps.memberships.listInProgramme(programme.programmeId);
  const known = [...everyone.map((m) => m.person), ...programme.coordinators, ...programme.regionalStaff];
  const name = input.personName || (await pickedPersonName(turn, deps, programme, input.personId, known));
  if (!name) return signUpFormCard(turn, programme, 'addSomeone', undefined, undefined, input);
  const person = { id: input.personId, name };
  const saved = await deps.memberships.save(programme.programmeId, person.id, (current) =>
    signUp(programme, current, person, input, turn.now, { kind: 'coordinator', coordinator: turn.person }),
  );
  const fellows = await fellowsNotes(turn, deps, programme, saved, input.groupIds);
  return {
    text: [
      turn.t('membership:confirmations.added', {
        person: person.name,
        groups: input.groupIds.map((id) => groupName(programme, id)).join(', '),
      }),
      ...fellows,
    ].join(' '),
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
