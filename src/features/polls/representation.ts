import { representativesIn } from '../membership/domain.js';
import type { Membership } from '../membership/schema.js';
import type { PollsDeps } from './deps.js';
import type { Poll } from './schema.js';

/**
 * Which municipalities have members in a poll's group, and how many: a date poll tells apart a municipality whose
 * members cannot come from one that has nobody in the group. `key` names the counts, for memoised answer cards.
 */
export type Representation = { counts: Record<string, number>; key: string };

const byRoster = new WeakMap<ReadonlyMap<string, Membership>, Map<string, Representation>>();

function representation(members: Iterable<Membership>, groupId: string): Representation {
  const counts = representativesIn(members, groupId);
  return { counts, key: JSON.stringify(counts) };
}

/** On the vote path: from the roster shared for two seconds, worked out once per roster and group. */
export async function recentRepresentation(deps: PollsDeps, poll: Poll): Promise<Representation> {
  const roster = await deps.memberships.recentRoster(poll.programmeId);
  let groups = byRoster.get(roster);
  if (!groups) byRoster.set(roster, (groups = new Map<string, Representation>()));
  let found = groups.get(poll.groupId);
  if (!found) groups.set(poll.groupId, (found = representation(roster.values(), poll.groupId)));
  return found;
}

/** Elsewhere (results, a close): from the roster as it is now. */
export async function currentRepresentation(deps: PollsDeps, poll: Poll): Promise<Representation> {
  return representation(await deps.memberships.listInProgramme(poll.programmeId), poll.groupId);
}
