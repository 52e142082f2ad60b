import { z } from 'zod/v4';
import { WriteConflict, type Documents, type Stored } from '../cosmos/documents.js';
import { allShards, documentIdFor, shardOf } from '../cosmos/shards.js';
import { batchSchema, messageSchema, type OutboxBatch, type OutboxMessage } from './schema.js';

/** Fixed for ever: see shards.ts. Four partitions are plenty for what Teams lets one bot send (tens a second). */
const SHARD_COUNT = 4;
export const OUTBOX_SHARDS = allShards('outbox', SHARD_COUNT);

export const shardFor = (origin: string): string => shardOf('outbox', origin, SHARD_COUNT);
export const messageIdFor = (origin: string, key: string): string => documentIdFor('m', `${origin}\n${key}`);
export const batchIdFor = (origin: string, batch: string): string => documentIdFor('b', `${origin}\n${batch}`);

/** Delivered and failed messages, and settled batches, are kept this long for reports, then expire. */
export const FINISHED_TTL_SECONDS = 30 * 24 * 3600;

const idOnly = z.object({ id: z.string() });
const progressSchema = z.object({
  key: z.string(),
  state: messageSchema.shape.state,
  recipient: messageSchema.shape.recipient,
  lastError: messageSchema.shape.lastError,
  takenOver: z.number().default(0),
  batch: z.string().optional(),
});
export type MessageProgress = z.infer<typeof progressSchema>;

/** Cosmos access for the outbox; every query filters on the shard (the partition key) in WHERE. */
export class OutboxStore {
  constructor(private readonly documents: Documents) {}

  /** Creates the message unless one with its key exists; returns the stored one either way. */
  async createIfAbsent(message: OutboxMessage): Promise<{ stored: Stored<OutboxMessage>; created: boolean }> {
    try {
      return { stored: await this.documents.create(message), created: true };
    } catch (error) {
      if (!(error instanceof WriteConflict)) throw error;
      const existing = await this.readMessage(message.origin, message.key);
      if (!existing) throw error; // created and expired in between: vanishingly rare, and safe to retry
      return { stored: existing, created: false };
    }
  }

  /** Many at once (bulk): which were created, and which existed already (enqueued before: left as they are). */
  async createAllIfAbsent(messages: OutboxMessage[]): Promise<{ message: OutboxMessage; created: boolean }[]> {
    const results = await this.documents.createMany(messages);
    return messages.map((message, index) => ({ message, created: results[index] === 'created' }));
  }

  readMessage(origin: string, key: string): Promise<Stored<OutboxMessage> | undefined> {
    return this.documents.read(messageSchema, messageIdFor(origin, key), shardFor(origin));
  }

  replaceMessage(message: OutboxMessage, etag: string): Promise<Stored<OutboxMessage>> {
    return this.documents.replace(message, etag, message.shard);
  }

  /** Messages a worker should look at now: pending and due, or sending with a lease that ran out. Oldest first. */
  due(shard: string, now: Date, limit: number, skip: string[] = []): Promise<Stored<OutboxMessage>[]> {
    return this.documents.query(messageSchema, {
      query:
        `SELECT TOP ${Math.max(1, Math.floor(limit))} * FROM c WHERE c.shard = @shard AND c.type = 'message' ` +
        "AND (c.state = 'pending' OR c.state = 'sending') AND c.dueAt <= @now" +
        (skip.length > 0 ? ' AND NOT ARRAY_CONTAINS(@skip, c.id)' : '') +
        ' ORDER BY c.dueAt',
      parameters: [
        { name: '@shard', value: shard },
        { name: '@now', value: now.toISOString() },
        ...(skip.length > 0 ? [{ name: '@skip', value: skip }] : []),
      ],
    });
  }

  /** How many messages, in one shard or in a batch, are not finished. */
  unfinished(shard: string, batch?: string): Promise<number> {
    return this.documents.scalar({
      query:
        "SELECT VALUE COUNT(1) FROM c WHERE c.shard = @shard AND c.type = 'message' " +
        `AND (c.state = 'pending' OR c.state = 'sending')${batch === undefined ? '' : ' AND c.batch = @batch'}`,
      parameters: [
        { name: '@shard', value: shard },
        ...(batch === undefined ? [] : [{ name: '@batch', value: batch }]),
      ],
    });
  }

  /** Every message of an origin (or of one batch in it), without the activities. */
  progress(origin: string, batch?: string): Promise<MessageProgress[]> {
    return this.documents.query(progressSchema, {
      query:
        'SELECT c.key, c.state, c.recipient, c.lastError, c.takenOver, c.batch FROM c ' +
        "WHERE c.shard = @shard AND c.type = 'message' AND c.origin = @origin" +
        (batch === undefined ? '' : ' AND c.batch = @batch'),
      parameters: [
        { name: '@shard', value: shardFor(origin) },
        { name: '@origin', value: origin },
        ...(batch === undefined ? [] : [{ name: '@batch', value: batch }]),
      ],
    });
  }

  readBatch(origin: string, batch: string): Promise<Stored<OutboxBatch> | undefined> {
    return this.documents.read(batchSchema, batchIdFor(origin, batch), shardFor(origin));
  }

  async createBatchIfAbsent(batch: OutboxBatch): Promise<void> {
    try {
      await this.documents.create(batch);
    } catch (error) {
      if (!(error instanceof WriteConflict)) throw error;
    }
  }

  replaceBatch(batch: OutboxBatch, etag: string): Promise<Stored<OutboxBatch>> {
    return this.documents.replace(batch, etag, batch.shard);
  }

  /** Delivered messages whose hook has not run yet (its instance died in between). */
  messagesWithPendingHooks(shard: string): Promise<Stored<OutboxMessage>[]> {
    return this.documents.query(messageSchema, {
      query: "SELECT * FROM c WHERE c.shard = @shard AND c.type = 'message' AND c.hookPending = true",
      parameters: [{ name: '@shard', value: shard }],
    });
  }

  /** Batches not settled yet, or settled with a hook still to run. */
  batchesToFollow(shard: string): Promise<Stored<OutboxBatch>[]> {
    return this.documents.query(batchSchema, {
      query:
        "SELECT * FROM c WHERE c.shard = @shard AND c.type = 'batch' AND (c.state = 'open' OR c.hookPending = true)",
      parameters: [{ name: '@shard', value: shard }],
    });
  }

  /** Deletes what has expired; Cosmos does this itself by TTL, the embedded server needs it done. */
  async deleteExpired(now: Date): Promise<number> {
    let deleted = 0;
    for (const shard of OUTBOX_SHARDS) {
      const expired = await this.documents.query(idOnly, {
        query: 'SELECT c.id FROM c WHERE c.shard = @shard AND c.expiresAt <= @now',
        parameters: [
          { name: '@shard', value: shard },
          { name: '@now', value: now.toISOString() },
        ],
      });
      for (const { id } of expired) {
        await this.documents.delete(id, shard);
        deleted += 1;
      }
    }
    return deleted;
  }
}

/** The fields a finished document carries so that it expires (Cosmos TTL, and the cleanup for the embedded server). */
export function expiry(now: Date): { expiresAt: string; ttl: number } {
  return {
    expiresAt: new Date(now.getTime() + FINISHED_TTL_SECONDS * 1000).toISOString(),
    ttl: FINISHED_TTL_SECONDS,
  };
}
