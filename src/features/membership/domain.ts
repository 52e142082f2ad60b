import { municipalities } from '../../platform/municipalities.js';
import { Refusal } from '../../platform/refusal.js';
import { signUpIsOpen } from '../programmes/domain.js';
import type { Group, Person, Programme } from '../programmes/schema.js';
import { CHANNELS, membershipId, type Channel, type Membership, type SignUpInput } from './schema.js';
import { echo } from '../../platform/echo.js';

/** How a sign-up reached us: the person themselves, or a coordinator adding them (allowed after the deadline). */
export type SignUpActor = { kind: 'self' } | { kind: 'coordinator'; coordinator: Person };

function checkDetails(programme: Programme, input: SignUpInput): { groupIds: string[]; channel: Channel } {
  if (input.groupIds.length === 0) throw new Refusal('membership:errors.noGroup');
  const unknownGroup = input.groupIds.find((id) => !programme.groups.some((g) => g.id === id));
  if (unknownGroup) throw new Refusal('membership:errors.unknownGroup', { group: echo(unknownGroup) });
  if (!input.municipalityCode) throw new Refusal('membership:errors.noMunicipality');
  if (!programme.region.municipalityCodes.includes(input.municipalityCode)) {
    throw new Refusal('membership:errors.municipalityOutsideRegion', {
      municipality: municipalities.nameOf(input.municipalityCode),
    });
  }
  if (!(CHANNELS as readonly string[]).includes(input.preferredChannel))
    throw new Refusal('membership:errors.noChannel');
  if (input.preferredChannel === 'other' && !input.otherChannel)
    throw new Refusal('membership:errors.otherChannelMissing');
  return { groupIds: [...new Set(input.groupIds)], channel: input.preferredChannel as Channel };
}

function requireOpen(programme: Programme, now: Date, actor: SignUpActor): void {
  if (actor.kind === 'self' && !signUpIsOpen(programme, now)) {
    throw new Refusal('membership:errors.deadlinePassed', { deadline: programme.signUpDeadline });
  }
}

/**
 * A new sign-up, or more groups for someone already signed up. Signing up again for a group one is already in
 * is refused rather than silently accepted, so the person knows nothing new happened.
 */
export function signUp(
  programme: Programme,
  existing: Membership | undefined,
  person: Person,
  input: SignUpInput,
  now: Date,
  actor: SignUpActor = { kind: 'self' },
): Membership {
  requireOpen(programme, now, actor);
  const { groupIds, channel } = checkDetails(programme, input);
  const already = groupIds.find((id) => existing?.groupIds.includes(id));
  if (already) {
    throw new Refusal('membership:errors.alreadyInGroup', { group: groupName(programme, already) });
  }
  const timestamp = now.toISOString();
  return {
    id: membershipId(person.id),
    type: 'membership',
    programmeId: programme.programmeId,
    person,
    municipalityCode: input.municipalityCode,
    groupIds: [...(existing?.groupIds ?? []), ...groupIds],
    preferredChannel: channel,
    otherChannel: channel === 'other' ? input.otherChannel : '',
    roleOrLibrary: input.roleOrLibrary,
    ...(actor.kind === 'coordinator'
      ? { addedBy: actor.coordinator }
      : existing?.addedBy
        ? { addedBy: existing.addedBy }
        : {}),
    signedUpAt: existing?.signedUpAt ?? timestamp,
    updatedAt: timestamp,
  };
}

/** Changing one's details; after the deadline only groups one is already in may be kept. */
export function changeMembership(
  programme: Programme,
  existing: Membership,
  input: SignUpInput,
  now: Date,
): Membership {
  const { groupIds, channel } = checkDetails(programme, input);
  const joining = groupIds.filter((id) => !existing.groupIds.includes(id));
  if (joining.length > 0) requireOpen(programme, now, { kind: 'self' });
  return {
    ...existing,
    person: existing.person,
    municipalityCode: input.municipalityCode,
    groupIds,
    preferredChannel: channel,
    otherChannel: channel === 'other' ? input.otherChannel : '',
    roleOrLibrary: input.roleOrLibrary,
    updatedAt: now.toISOString(),
  };
}

/** Leaves one group, or all of them; remembers what was left so the person can undo it. */
export function withdraw(existing: Membership, groupId: string | undefined, now: Date): Membership {
  const leaving = groupId ? existing.groupIds.filter((id) => id === groupId) : existing.groupIds;
  if (leaving.length === 0) throw new Refusal('membership:errors.notInGroup');
  return {
    ...existing,
    groupIds: existing.groupIds.filter((id) => !leaving.includes(id)),
    lastWithdrawal: { groupIds: leaving, at: now.toISOString() },
    updatedAt: now.toISOString(),
  };
}

/** Puts back exactly the groups of the last withdrawal (also after the deadline: it restores, it adds nothing). */
export function undoWithdrawal(programme: Programme, existing: Membership, now: Date): Membership {
  const restoring = (existing.lastWithdrawal?.groupIds ?? []).filter((id) => programme.groups.some((g) => g.id === id));
  if (restoring.length === 0) throw new Refusal('membership:errors.nothingToUndo');
  const { lastWithdrawal: _undone, ...rest } = existing;
  return { ...rest, groupIds: [...new Set([...existing.groupIds, ...restoring])], updatedAt: now.toISOString() };
}

export function isMemberOf(membership: Membership | undefined, groupId: string): boolean {
  return membership?.groupIds.includes(groupId) ?? false;
}

export function groupName(programme: Programme, groupId: string): string {
  return programme.groups.find((g) => g.id === groupId)?.name ?? groupId;
}

export type MunicipalityMembers = { code: string; name: string; members: Membership[] };

/** A group's members listed by municipality, in the region's order; municipalities without anyone included. */
export function membersByMunicipality(
  programme: Programme,
  group: Group,
  memberships: Membership[],
): MunicipalityMembers[] {
  const inGroup = memberships.filter((m) => m.groupIds.includes(group.id));
  const rows = programme.region.municipalityCodes.map((code) => ({
    code,
    name: municipalities.nameOf(code),
    members: municipalities.sortByName(
      inGroup.filter((m) => m.municipalityCode === code),
      (m) => m.person.name,
    ),
  }));
  return municipalities.sortByName(rows, (row) => row.name);
}

/** Others who represent the same municipality in a group: per group the person is in, who else is there from it. */
export function fellowRepresentatives(
  memberships: Membership[],
  membership: Membership,
  groupIds: string[],
): { groupId: string; people: Person[] }[] {
  return groupIds
    .map((groupId) => ({
      groupId,
      people: municipalities.sortByName(
        memberships
          .filter(
            (other) =>
              other.person.id !== membership.person.id &&
              other.municipalityCode === membership.municipalityCode &&
              other.groupIds.includes(groupId),
          )
          .map((other) => other.person),
        (person) => person.name,
      ),
    }))
    .filter(({ people }) => people.length > 0);
}

/** How many of the group's members each municipality has: who could answer for it (absent: nobody). */
export function representativesIn(memberships: Iterable<Membership>, groupId: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const membership of memberships) {
    if (membership.groupIds.includes(groupId))
      counts[membership.municipalityCode] = (counts[membership.municipalityCode] ?? 0) + 1;
  }
  return counts;
}

export type GroupCoverage = {
  group: Group;
  represented: string[];
  missing: string[];
  /** Members per municipality code. */
  counts: Record<string, number>;
};

/** For each group, which of the region's municipalities have a representative: the programme's key promise. */
export function coverageByMunicipality(programme: Programme, memberships: Membership[]): GroupCoverage[] {
  const byName = (codes: string[]) => municipalities.sortByName(codes, municipalities.nameOf);
  return programme.groups.map((group) => {
    const counts: Record<string, number> = {};
    for (const code of programme.region.municipalityCodes) counts[code] = 0;
    for (const membership of memberships) {
      if (membership.groupIds.includes(group.id) && membership.municipalityCode in counts) {
        counts[membership.municipalityCode]! += 1;
      }
    }
    const codes = Object.keys(counts);
    return {
      group,
      represented: byName(codes.filter((code) => counts[code]! > 0)),
      missing: byName(codes.filter((code) => counts[code] === 0)),
      counts,
    };
  });
}
