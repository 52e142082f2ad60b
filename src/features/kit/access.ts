import type { Stored } from '../../platform/cosmos/documents.js';
import { Refusal } from '../../platform/refusal.js';
import type { Guard } from '../../platform/teams/router.js';
import type { Turn } from '../../platform/teams/turn.js';
import type { AccessGate } from '../membership/access.js';
import type { Membership } from '../membership/schema.js';
import type { MembershipStore } from '../membership/store.js';
import { holds } from '../programmes/access.js';
import { roleOf } from '../programmes/domain.js';
import type { Person, Programme, ProgrammeRole } from '../programmes/schema.js';
import type { ProgrammeStore } from '../programmes/store.js';
import type { Actor } from './domain.js';

declare const kitGrant: unique symbol;

/**
 * Who may use a programme's kits, decided here and nowhere else: anyone signed up for the programme (any group)
 * books for their own municipality, and the programme's regional staff and coordinators for any. Handlers take
 * this value from their route's guard; only this module makes one. It carries `programme` and `role` like the
 * other grants, so the audit trail records what staff change and leaves members' own bookings alone.
 */
export type KitAccess = Readonly<{
  programme: Stored<Programme>;
  person: Person;
  role: ProgrammeRole | undefined;
  /** The person's sign-up in the programme, when they have one: their municipality and library. */
  membership: Membership | undefined;
  /** The same, as the kit's rules see who acts. */
  actor: Actor;
}> & { readonly [kitGrant]: true };

/** Shown in the listener registry and the access matrix: signed up for the programme, or its staff. */
export const SIGNED_UP = 'programme signed up';

function isSignedUp(membership: Membership | undefined): boolean {
  return membership !== undefined && membership.groupIds.length > 0;
}

function mint(programme: Stored<Programme>, person: Person, membership: Membership | undefined): KitAccess {
  const role = roleOf(programme, person.id);
  const signedUp = isSignedUp(membership);
  const actor: Actor = {
    person,
    isStaff: holds(role, 'staff'),
    ...(signedUp ? { municipalityCode: membership!.municipalityCode } : {}),
  };
  return { programme, person, role, membership: signedUp ? membership : undefined, actor } as KitAccess;
}

export type KitGateDeps = { programmes: ProgrammeStore; memberships: MembershipStore; gate: AccessGate };

/** The guards of the kit's routes (staff-only routes use the programme gate's `programme('staff')` directly). */
export class KitGate {
  constructor(private readonly deps: KitGateDeps) {}

  /** The programme a card names, for someone signed up for it or on its staff. */
  readonly programme: Guard<{ programmeId: string }, KitAccess> = {
    access: SIGNED_UP,
    admit: async (turn, { programmeId }) => this.require(turn.person, await this.deps.programmes.require(programmeId)),
  };

  /**
   * For `boka kit`: in a group's conversation that group's programme; in personal chat every programme the person
   * is signed up for or on the staff of (the use case lists their kits together).
   */
  readonly turn: Guard<string, KitAccess[]> = {
    access: SIGNED_UP,
    admit: async (turn: Turn) => {
      const here = await this.deps.gate.conversationGroup(turn);
      if (here) return [await this.require(turn.person, await this.deps.programmes.require(here.programmeId))];
      const found: KitAccess[] = [];
      for (const programme of await this.deps.programmes.list()) {
        const access = await this.standing(turn.person, programme);
        if (access.actor.isStaff || access.membership) found.push(access);
      }
      if (found.length === 0) throw new Refusal('kit:errors.notSignedUpAnywhere');
      return found;
    },
  };

  private async standing(person: Person, programme: Stored<Programme>): Promise<KitAccess> {
    return mint(programme, person, await this.deps.memberships.get(programme.programmeId, person.id));
  }

  private async require(person: Person, programme: Stored<Programme>): Promise<KitAccess> {
    const access = await this.standing(person, programme);
    if (!access.actor.isStaff && !access.membership)
      throw new Refusal('kit:errors.notSignedUp', { programme: programme.name });
    return access;
  }
}
