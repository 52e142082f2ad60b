import type { Documents, Stored } from '../../platform/cosmos/documents.js';
import { WriteConflict } from '../../platform/cosmos/documents.js';
import type { SharedReads } from '../../platform/shared-reads.js';
import type { ShortLivedCache } from '../../platform/short-lived-cache.js';
import { membershipId, membershipSchema, type Membership } from './schema.js';

/**
 * Cosmos access for memberships: one document per person in the programme's partition of `programmes`, so a
 * person's sign-up is a point read and a programme's whole roster is one single-partition query.
 */
export class MembershipStore {
  /** Each programme's roster as read in the last two seconds, keyed by person id. */
  private readonly rosters: ShortLivedCache<Map<string, Membership>>;

  constructor(
    private readonly documents: Documents,
    reads: SharedReads,
  ) {
    this.rosters = reads.read(
      {
        name: 'rosters',
        maxAgeMs: 2000,
        why: 'who may vote, for a room voting at once: someone not in the roster yet is read directly, so a new member is never refused; a withdrawal can take two seconds to be seen',
      },
      async (programmeId) => new Map((await this.listInProgramme(programmeId)).map((m) => [m.person.id, m])),
    );
  }

  /**
   * A person's membership for checks made in bursts (a room voting at once): one roster query serves everyone
   * for two seconds. Someone not in that roster yet (just signed up) is read directly, so they are never refused
   * for being new; a withdrawal can take up to two seconds to be seen here.
   */
  async getRecent(programmeId: string, personId: string): Promise<Membership | undefined> {
    const roster = await this.rosters.get(programmeId);
    return roster.get(personId) ?? (await this.get(programmeId, personId));
  }

  /** The programme's roster as shared for two seconds (the read the vote path makes anyway), by person id. */
  recentRoster(programmeId: string): Promise<ReadonlyMap<string, Membership>> {
    return this.rosters.get(programmeId);
  }

  get(programmeId: string, personId: string): Promise<Stored<Membership> | undefined> {
    return this.documents.read(membershipSchema, membershipId(personId), programmeId);
  }

  /** Everyone who has signed up, including those who withdrew from every group (they have no groups). */
  listInProgramme(programmeId: string): Promise<Stored<Membership>[]> {
    return this.documents.query(
      membershipSchema,
      {
        query: "SELECT * FROM c WHERE c.programmeId = @programmeId AND c.type = 'membership'",
        parameters: [{ name: '@programmeId', value: programmeId }],
      },
      programmeId,
    );
  }

  /**
   * Reads the person's membership, lets `decide` compute the new one (it may throw a Refusal), and writes it
   * guarded by the ETag; when someone else wrote in between (the same person in two windows), it decides again
   * on the fresh document, so no acknowledged change is lost.
   */
  async save(
    programmeId: string,
    personId: string,
    decide: (current: Membership | undefined) => Membership,
  ): Promise<Membership> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.get(programmeId, personId);
      const next = decide(current);
      try {
        return current
          ? await this.documents.replace(next, current._etag, programmeId)
          : await this.documents.create(next);
      } catch (error) {
        if (!(error instanceof WriteConflict) || attempt >= 5) throw error;
      }
    }
  }
}
