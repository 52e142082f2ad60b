import { signUp } from '../../src/features/membership/domain.js';
import type { MembershipStore } from '../../src/features/membership/store.js';
import type { Person, Programme } from '../../src/features/programmes/schema.js';

/** One person signing up to one of the programme's groups, from one municipality. */
export type SignUpOf = { person: Person; groupId: string; municipalityCode: string };

/** People signed up to one group, spread over the region's municipalities in turn. */
export function spreadOverRegion(programme: Programme, groupId: string, people: Person[]): SignUpOf[] {
  const codes = programme.region.municipalityCodes;
  return people.map((person, n) => ({ person, groupId, municipalityCode: codes[n % codes.length]! }));
}

/**
 * Signs many people up straight in the store, through the sign-up rules, `inParallel` at a time: for benchmarks and
 * fleets that need a populated group, not for testing the sign-up itself (that goes through the bot).
 */
export async function signUpInStore(
  memberships: MembershipStore,
  programme: Programme,
  signUps: SignUpOf[],
  now: Date,
  inParallel = 50,
): Promise<void> {
  for (let start = 0; start < signUps.length; start += inParallel) {
    await Promise.all(
      signUps.slice(start, start + inParallel).map(({ person, groupId, municipalityCode }) =>
        memberships.save(programme.programmeId, person.id, (current) =>
          signUp(
            programme,
            current,
            person,
            {
              programmeId: programme.programmeId,
              groupIds: [groupId],
              municipalityCode,
              preferredChannel: 'teams',
              otherChannel: '',
              roleOrLibrary: '',
            },
            now,
          ),
        ),
      ),
    );
  }
}
