import { TeamsInfo, type CloudAdapterBase, type ConversationReference } from 'botbuilder';
import type { Logger } from '../logger.js';

/** Where to look a person up: a conversation the bot is in, and its team when it is a channel. */
export type Roster = { reference: Partial<ConversationReference>; teamId?: string };

/**
 * Names as Teams has them. The people picker on a card sends back only the picked person's Entra object id;
 * their display name comes from the roster of a conversation the bot is in (a team's, a group chat's), asked of
 * the Bot Connector (`GET /v3/conversations/{id}/members/{user}`, which takes the Entra object id). Someone who is
 * in none of those rosters has no name the bot may read: the caller then asks for it.
 */
export class TeamsDirectory {
  constructor(
    private readonly adapter: CloudAdapterBase,
    private readonly botAppId: string,
    private readonly logger: Logger,
  ) {}

  async nameIn(roster: Roster, entraObjectId: string): Promise<string | undefined> {
    let name: string | undefined;
    try {
      await this.adapter.continueConversationAsync(this.botAppId, roster.reference, async (context) => {
        const member = roster.teamId
          ? await TeamsInfo.getTeamMember(context, roster.teamId, entraObjectId)
          : await TeamsInfo.getMember(context, entraObjectId);
        name = member?.name?.trim() || undefined;
      });
    } catch (error) {
      // Not in that roster (404), or the connector is away: either way, no name from here.
      const status = (error as { statusCode?: number }).statusCode;
      if (status !== 404) this.logger.warn({ status }, 'a Teams roster could not be read');
    }
    return name;
  }
}
