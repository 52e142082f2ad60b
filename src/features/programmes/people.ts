import type { Roster, TeamsDirectory } from '../../platform/teams/directory.js';
import type { Turn } from '../../platform/teams/turn.js';
import type { Person, Programme } from './schema.js';
import type { ProgrammeStore } from './store.js';

export type PeopleDeps = { programmes: ProgrammeStore; directory: TeamsDirectory };

/**
 * The name of someone picked in a card's people picker, which sends back only their Entra object id: first the
 * name the programme already has for them (the one the picker's own choices show), then the name Teams has, from
 * the roster of the conversation the card was used in and then from those of the programme's groups (the
 * region's teams and chats). Undefined when neither knows: the form then asks for the name, once.
 */
export async function pickedPersonName(
  turn: Turn,
  deps: PeopleDeps,
  programme: Programme,
  personId: string,
  known: readonly Person[],
): Promise<string | undefined> {
  const named = [turn.person, ...known].find((person) => person.id === personId && person.name.trim());
  if (named) return named.name;
  const rosters: Roster[] = [];
  // A personal chat's roster is the person and the bot: only a channel's or group chat's can hold someone else.
  if (turn.conversation.kind !== 'personal') {
    rosters.push({
      reference: turn.reference,
      ...(turn.conversation.teamId ? { teamId: turn.conversation.teamId } : {}),
    });
  }
  const linked = new Set(programme.groups.flatMap((group) => (group.conversationId ? [group.conversationId] : [])));
  linked.delete(turn.conversation.id);
  for (const conversationId of linked) {
    const reference = await deps.programmes.addressOf(conversationId);
    if (reference) rosters.push({ reference });
  }
  for (const roster of rosters) {
    const name = await deps.directory.nameIn(roster, personId);
    if (name) return name;
  }
  return undefined;
}
