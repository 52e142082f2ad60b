import { createHash } from 'node:crypto';

/**
 * A partition key for containers whose documents have no natural owner to partition by (outbox messages,
 * processed activities) but must still be found by a query that filters on the partition key, such as "what is
 * due now" or "what has expired". The key picks one of a fixed number of shards; a worker asks each shard in turn.
 * The count is part of the data's address: raising it later hides old documents from look-ups by key, so choose
 * it once.
 */
export function shardOf(prefix: string, key: string, count: number): string {
  const hash = createHash('sha256').update(key).digest();
  return `${prefix}-${hash.readUInt32BE(0) % count}`;
}

export function allShards(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, index) => `${prefix}-${index}`);
}

/** A document id for any text: Cosmos ids may not contain / \ ? # and are limited in length. */
export function documentIdFor(kind: string, text: string): string {
  return `${kind}-${createHash('sha256').update(text).digest('base64url').slice(0, 32)}`;
}
