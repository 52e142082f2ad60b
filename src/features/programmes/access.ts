import type { Stored } from '../../platform/cosmos/documents.js';
import { Refusal } from '../../platform/refusal.js';
import { chooseCard } from '../../platform/teams/choose-card.js';
import { MustChoose, type Guard } from '../../platform/teams/router.js';
import type { Turn } from '../../platform/teams/turn.js';
import { roleOf } from './domain.js';
import type { Person, Programme, ProgrammeRole } from './schema.js';
import type { ProgrammeStore } from './store.js';

declare const programmeGrant: unique symbol;

/**
 * A person's standing in a whole programme, as decided here: handlers that act on a programme take this value,
 * and only this module makes one (the brand cannot be written elsewhere without a cast, which a test forbids).
 * Group-level standing (member, and the group's conversation) builds on it in features/membership/access.ts.
 */
export type ProgrammeAccess = Readonly<{
  programme: Stored<Programme>;
  person: Person;
  role: ProgrammeRole | undefined;
}> & { readonly [programmeGrant]: true };

/** Coordinators run a programme; regional staff (and coordinators) oversee it: coverage, outputs, review. */
export type ProgrammeRule = 'coordinator' | 'staff';

export function holds(role: ProgrammeRole | undefined, rule: ProgrammeRule): boolean {
  return rule === 'coordinator' ? role === 'coordinator' : role !== undefined;
}

export function programmeAccess(programme: Stored<Programme>, person: Person): ProgrammeAccess {
  return { programme, person, role: roleOf(programme, person.id) } as ProgrammeAccess;
}

const RULE_REFUSALS: Record<ProgrammeRule, string> = {
  coordinator: 'programmes:errors.notCoordinator',
  staff: 'programmes:errors.notStaff',
};

/** Which programmes to offer when a command does not say: a title for the choice, the verb its buttons send. */
export type ProgrammeChoice = { verb: string; title: string; none: string };

/**
 * Who may act on which programme: coordinators and regional staff by the roles stored on the programme, and who
 * may create programmes by the region's setting. Every guard reads the programme fresh, so a role just removed
 * is never honoured.
 */
export class ProgrammeGate {
  constructor(
    private readonly programmes: ProgrammeStore,
    private readonly creatorIds: readonly string[],
  ) {}

  /** The programme a card names (`programmeId`), for someone holding `rule` in it. */
  programme(rule: ProgrammeRule, refusal = RULE_REFUSALS[rule]): Guard<{ programmeId: string }, ProgrammeAccess> {
    return {
      access: `programme ${rule}`,
      admit: async (turn, { programmeId }) => this.require(turn.person, programmeId, rule, refusal),
    };
  }

  /** For commands: the only programme in which the person holds `rule`, or a choice among them. */
  anyProgramme(rule: ProgrammeRule, choice: ProgrammeChoice): Guard<unknown, ProgrammeAccess> {
    return {
      access: `programme ${rule}`,
      admit: async (turn) => {
        const held = await this.programmesOf(turn.person, rule);
        if (held.length === 0) throw new Refusal(choice.none);
        if (held.length === 1) return held[0]!;
        return new MustChoose(
          chooseCard(
            turn.t(choice.title),
            held.map(({ programme }) => ({
              title: programme.name,
              verb: choice.verb,
              programmeId: programme.programmeId,
            })),
          ),
        );
      },
    };
  }

  /** Creating happens in personal chat (the form is long and not for a channel), by the people the region allows. */
  readonly creator: Guard<unknown, Person> = {
    access: 'programme creator',
    admit: async (turn: Turn) => {
      if (turn.conversation.kind !== 'personal') throw new Refusal('programmes:errors.personalChatOnly');
      if (this.creatorIds.length > 0 && !this.creatorIds.includes(turn.person.id))
        throw new Refusal('programmes:errors.notCreator');
      return turn.person;
    },
  };

  async require(person: Person, programmeId: string, rule: ProgrammeRule, refusal = RULE_REFUSALS[rule]) {
    const access = programmeAccess(await this.programmes.require(programmeId), person);
    if (!holds(access.role, rule)) throw new Refusal(refusal, { programme: access.programme.name });
    return access;
  }

  /** Every programme in which the person holds `rule`, newest first. */
  async programmesOf(person: Person, rule: ProgrammeRule): Promise<ProgrammeAccess[]> {
    return (await this.programmes.list())
      .map((programme) => programmeAccess(programme, person))
      .filter((access) => holds(access.role, rule));
  }

  /** Every programme, with the person's standing in each (for lists that show everyone something). */
  async allFor(person: Person): Promise<ProgrammeAccess[]> {
    return (await this.programmes.list()).map((programme) => programmeAccess(programme, person));
  }
}
