import type { Stored } from '../../platform/cosmos/documents.js';
import { Refusal } from '../../platform/refusal.js';
import type { SharedReads } from '../../platform/shared-reads.js';
import type { ShortLivedCache } from '../../platform/short-lived-cache.js';
import { chooseCard } from '../../platform/teams/choose-card.js';
import { MustChoose, type Guard } from '../../platform/teams/router.js';
import type { Turn } from '../../platform/teams/turn.js';
import { holds, ProgrammeGate, type ProgrammeRule } from '../programmes/access.js';
import { findGroup, roleOf } from '../programmes/domain.js';
import type { Group, Person, Programme, ProgrammeRole } from '../programmes/schema.js';
import type { ProgrammeStore } from '../programmes/store.js';
import { groupName, isMemberOf } from './domain.js';
import type { Membership } from './schema.js';
import type { MembershipStore } from './store.js';
import { echo } from '../../platform/echo.js';

declare const groupGrant: unique symbol;

/** Where a person stands in one group, highest first: the programme's coordinator, its regional staff, a member. */
export type Standing = 'coordinator' | 'regionalStaff' | 'member' | 'outsider';

/**
 * One person's standing in one group, decided here and nowhere else. Every handler that acts on a group takes
 * this value from its route's guard; only this module makes one (the brand cannot be written elsewhere without
 * a cast, which a test forbids), so no handler can act on a group it was not let into.
 */
export type GroupAccess = Readonly<{
  programme: Stored<Programme>;
  group: Group;
  person: Person;
  role: ProgrammeRole | undefined;
  /** The person's own sign-up in the programme, when they have one (a member's municipality, their contact). */
  membership: Membership | undefined;
  isMember: boolean;
  standing: Standing;
}> & { readonly [groupGrant]: true };

/**
 * What a route asks of the person in the group:
 * - member: signed up for the group (vote, work on the group's outputs);
 * - reader: a member, or the programme's coordinators and regional staff (members list, notes, meetings);
 * - present: a reader, or anyone in the group's own conversation (what is posted there anyway: the agenda);
 * - coordinator: the programme's coordinator (polls, meetings, links);
 * - staff: coordinators and regional staff (review, overview).
 */
export type GroupRule = 'member' | 'reader' | 'present' | 'coordinator' | 'staff';

export type GroupRef = { programmeId: string; groupId: string };

/** Whether the standing satisfies the rule; `present` also holds for anyone in the group's own conversation. */
export function satisfies(access: GroupAccess, rule: GroupRule, inGroupConversation = false): boolean {
  switch (rule) {
    case 'member':
      return access.isMember;
    case 'reader':
      return access.isMember || access.role !== undefined;
    case 'present':
      return access.isMember || access.role !== undefined || inGroupConversation;
    case 'coordinator':
    case 'staff':
      return holds(access.role, rule satisfies ProgrammeRule);
  }
}

const RULE_REFUSALS: Record<GroupRule, string> = {
  member: 'membership:errors.notInThisGroup',
  reader: 'membership:errors.notInThisGroup',
  present: 'membership:errors.notInThisGroup',
  coordinator: 'programmes:errors.notCoordinator',
  staff: 'programmes:errors.notStaff',
};

/** A conversation that belongs to a group without being linked to it: a feature above tells (meeting chats). */
export type ConversationFinder = (conversationId: string) => Promise<GroupRef | undefined>;

export type GuardOptions = {
  /** The feature's own refusal ("the poll is for the members of {{group}}"); values: group, programme. */
  refusal?: string;
  /**
   * Decide on reads shared for a second or two (the vote path, where a room votes at once): a role or sign-up
   * changed in the last two seconds may not be seen yet. Only for rules whose stale answer costs nothing lasting.
   */
  recent?: boolean;
};

/**
 * When a command does not say which group: a title for the choice, the verb its buttons send, the refusal when
 * the person has no such group at all, and (for commands that cannot offer a choice) the refusal when there are
 * several.
 */
export type GroupChoice = { verb: string; title: string; none: string; ambiguous?: string };

export type AccessGateDeps = {
  programmes: ProgrammeStore;
  memberships: MembershipStore;
  reads: SharedReads;
  creatorIds: readonly string[];
};

/**
 * Finds the group a turn is about and the person's standing in it, and makes the guards every feature's routes
 * declare. The group of a turn: the conversation's linked group, then a linked meeting chat's group, then the
 * person's only group that fits the rule, then a choice among them.
 */
export class AccessGate {
  readonly programmes: ProgrammeGate;
  private readonly finders: ConversationFinder[] = [];
  private readonly recentProgrammes: ShortLivedCache<Stored<Programme> | undefined>;

  constructor(private readonly deps: AccessGateDeps) {
    this.programmes = new ProgrammeGate(deps.programmes, deps.creatorIds);
    this.recentProgrammes = deps.reads.read(
      {
        name: 'programmes',
        maxAgeMs: 2000,
        why: 'roles for the vote path: a vote needs membership, which is read from the roster; a role changed in the last two seconds only changes which buttons the answer card shows',
      },
      (programmeId) => deps.programmes.get(programmeId),
    );
  }

  /** A feature above membership (meetings) tells which group a conversation belongs to when it is not linked. */
  addConversationFinder(find: ConversationFinder): void {
    this.finders.push(find);
  }

  // ---- guards ------------------------------------------------------------------------------------------------

  /** The group a card names (`programmeId`, `groupId`). */
  group<I extends GroupRef>(rule: GroupRule, options: GuardOptions = {}): Guard<I, GroupAccess> {
    return this.groupOf(rule, async (input: I) => input, options);
  }

  /** The group of the thing a card names (a poll, a meeting, an output): `locate` finds it, or refuses. */
  groupOf<I>(
    rule: GroupRule,
    locate: (input: I) => Promise<GroupRef>,
    options: GuardOptions = {},
  ): Guard<I, GroupAccess> {
    return {
      access: `group ${rule}`,
      admit: async (turn, input) => this.require(turn, await locate(input), rule, options),
    };
  }

  /**
   * For commands: the conversation's group; in personal chat the person's only group that fits the rule, or a
   * choice. With `byName`, a group named after the command ("medlemmar MIK") is taken among those.
   */
  turnGroup(
    rule: GroupRule,
    choice: GroupChoice,
    options: GuardOptions & { byName?: boolean } = {},
  ): Guard<string, GroupAccess> {
    return {
      access: `group ${rule}`,
      admit: async (turn, argument) => {
        const own = await this.conversationGroup(turn);
        if (own) return this.require(turn, own, rule, options);
        const candidates = await this.groupsOf(turn.person, rule);
        if (options.byName && argument) {
          const named = candidates.find((c) => findGroup(c.programme, argument)?.id === c.group.id);
          if (!named) throw new Refusal('membership:errors.unknownGroupName', { name: echo(argument) });
          return named;
        }
        if (candidates.length === 0) throw new Refusal(choice.none);
        if (candidates.length === 1) return candidates[0]!;
        if (choice.ambiguous) throw new Refusal(choice.ambiguous);
        return new MustChoose(
          chooseCard(
            turn.t(choice.title),
            candidates.map(({ programme, group }) => ({
              title: `${group.name} (${programme.name})`,
              verb: choice.verb,
              programmeId: programme.programmeId,
              groupId: group.id,
            })),
          ),
        );
      },
    };
  }

  /** Events in a group's conversation (a Teams meeting starting): its group, or nothing to do anywhere else. */
  readonly conversation: Guard<unknown, GroupAccess | undefined> = {
    access: 'group present',
    admit: async (turn) => {
      const own = await this.conversationGroup(turn);
      return own ? this.standingOf(turn.person, own) : undefined;
    },
  };

  /**
   * In a group's own conversation, that group for someone who satisfies the rule; in personal chat nothing, for
   * commands that then work across the person's own groups ("resultat").
   */
  here(rule: GroupRule, options: GuardOptions = {}): Guard<unknown, GroupAccess | undefined> {
    return {
      access: `here ${rule}`,
      admit: async (turn) => {
        const own = await this.conversationGroup(turn);
        return own ? this.require(turn, own, rule, options) : undefined;
      },
    };
  }

  /** Anyone; in a group's conversation also that group, so a command there can start from it (sign-up). */
  readonly anyoneHere: Guard<unknown, { person: Person; here: GroupAccess | undefined }> = {
    access: 'anyone',
    admit: async (turn) => {
      const own = await this.conversationGroup(turn);
      return { person: turn.person, here: own ? await this.standingOf(turn.person, own) : undefined };
    },
  };

  // ---- decisions --------------------------------------------------------------------------------------------

  /** The person's standing in the group, refused unless it satisfies the rule. */
  async require(turn: Turn, ref: GroupRef, rule: GroupRule, options: GuardOptions = {}): Promise<GroupAccess> {
    const access = await this.standingOf(turn.person, ref, options.recent);
    // Only `present` asks where the turn happens, and only of someone who is not a reader anyway: the vote path
    // (members, in the group's channel) never pays for the conversation's link read.
    const here = rule === 'present' && !satisfies(access, 'reader') && (await this.isGroupConversation(turn, ref));
    if (!satisfies(access, rule, here)) {
      throw new Refusal(options.refusal ?? RULE_REFUSALS[rule], {
        group: access.group.name,
        programme: access.programme.name,
      });
    }
    return access;
  }

  /** The person's standing in a group, whatever it is (an outsider too); refuses an unknown programme or group. */
  async standingOf(person: Person, ref: GroupRef, recent = false): Promise<GroupAccess> {
    const programme = recent
      ? await this.recentProgrammes.get(ref.programmeId)
      : await this.deps.programmes.get(ref.programmeId);
    if (!programme) throw new Refusal('programmes:errors.unknownProgramme');
    const group = programme.groups.find((g) => g.id === ref.groupId);
    if (!group) throw new Refusal('programmes:errors.unknownGroup');
    const membership = recent
      ? await this.deps.memberships.getRecent(programme.programmeId, person.id)
      : await this.deps.memberships.get(programme.programmeId, person.id);
    return mint(programme, group, person, membership);
  }

  /** Every group in which the person satisfies the rule, across programmes (newest programme first). */
  async groupsOf(person: Person, rule: GroupRule): Promise<GroupAccess[]> {
    const found: GroupAccess[] = [];
    for (const { programme } of await this.programmes.allFor(person)) {
      const membership = await this.deps.memberships.get(programme.programmeId, person.id);
      for (const group of programme.groups) {
        const access = mint(programme, group, person, membership);
        if (satisfies(access, rule)) found.push(access);
      }
    }
    return found;
  }

  /** The group this conversation belongs to, if any: linked to it, or (a feature above says) its meeting chat. */
  async conversationGroup(turn: Turn): Promise<GroupRef | undefined> {
    if (turn.conversation.kind === 'personal') return undefined;
    const link = await this.linkedGroup(turn.conversation.id);
    if (link) return link;
    for (const find of this.finders) {
      const found = await find(turn.conversation.id);
      if (found) return found;
    }
    return undefined;
  }

  /** The group a conversation is linked to with "koppla grupp", if any (a meeting chat's link included). */
  async linkedGroup(conversationId: string): Promise<GroupRef | undefined> {
    const link = await this.deps.programmes.findLink(conversationId);
    return link ? { programmeId: link.programmeId, groupId: link.groupId } : undefined;
  }

  private async isGroupConversation(turn: Turn, ref: GroupRef): Promise<boolean> {
    const own = await this.conversationGroup(turn);
    return own?.programmeId === ref.programmeId && own.groupId === ref.groupId;
  }
}

function mint(
  programme: Stored<Programme>,
  group: Group,
  person: Person,
  membership: Membership | undefined,
): GroupAccess {
  const role = roleOf(programme, person.id);
  const isMember = isMemberOf(membership, group.id);
  const standing: Standing = role ?? (isMember ? 'member' : 'outsider');
  return { programme, group, person, role, membership, isMember, standing } as GroupAccess;
}

/** "MIK & ungas medievärldar (Fokusgrupper digitalt först)": a group as a choice or a heading names it. */
export function groupTitle(access: GroupAccess): string {
  return `${groupName(access.programme, access.group.id)} (${access.programme.name})`;
}
