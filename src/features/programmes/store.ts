import type { Documents, Stored } from '../../platform/cosmos/documents.js';
import { Refusal } from '../../platform/refusal.js';
import { conversationLinkSchema, programmeSchema, type ConversationLink, type Programme } from './schema.js';

/**
 * Cosmos access for programmes. A programme is one document (groups and roles inside it) in the `programmes`
 * container, partitioned by its own id; conversation links live in `conversations`, keyed by conversation id,
 * because every message from a channel asks "which group is this?".
 * Features above (membership, polls, ...) call these methods; they never query these documents themselves.
 */
export class ProgrammeStore {
  constructor(
    private readonly programmes: Documents,
    private readonly conversations: Documents,
  ) {}

  get(programmeId: string): Promise<Stored<Programme> | undefined> {
    return this.programmes.read(programmeSchema, programmeId, programmeId);
  }

  async require(programmeId: string): Promise<Stored<Programme>> {
    const programme = await this.get(programmeId);
    if (!programme) throw new Refusal('programmes:errors.unknownProgramme');
    return programme;
  }

  /** Every programme, newest first. Crosses partitions, but a region runs a handful of programmes at a time. */
  list(): Promise<Stored<Programme>[]> {
    return this.programmes.query(programmeSchema, {
      query: "SELECT * FROM c WHERE c.type = 'programme' ORDER BY c.createdAt DESC",
    });
  }

  create(programme: Programme): Promise<Stored<Programme>> {
    return this.programmes.create(programme);
  }

  /** Applies a pure change under the ETag, so two coordinators editing at once never overwrite each other. */
  async update(
    programmeId: string,
    change: (programme: Programme) => Programme | undefined,
  ): Promise<Stored<Programme>> {
    const updated = await this.programmes.update(programmeSchema, programmeId, programmeId, change);
    if (!updated) throw new Refusal('programmes:errors.unknownProgramme');
    return updated;
  }

  /**
   * Which group a conversation is linked to. Deciding that is access (features/membership/access.ts), the only
   * caller: no feature works out on its own which group a turn is about.
   */
  findLink(conversationId: string): Promise<Stored<ConversationLink> | undefined> {
    return this.conversations.read(conversationLinkSchema, conversationId, conversationId);
  }

  /** Where to post in a linked conversation (its conversation reference), or undefined once it is unlinked. */
  async addressOf(conversationId: string): Promise<ConversationLink['reference'] | undefined> {
    return (await this.findLink(conversationId))?.reference;
  }

  /**
   * Written before the programme points at the conversation: if the second write fails, the link still answers
   * "which group is this?" correctly and linking again repairs the programme.
   */
  saveLink(link: ConversationLink): Promise<Stored<ConversationLink>> {
    return this.conversations.upsert(link);
  }

  removeLink(conversationId: string): Promise<void> {
    return this.conversations.delete(conversationId, conversationId);
  }
}
