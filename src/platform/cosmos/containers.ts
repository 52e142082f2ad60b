import type { CosmosClient, Database } from '@azure/cosmos';
import type { Logger } from '../logger.js';
import { storeSignal, withStoreDeadline } from './deadline.js';
import { Documents } from './documents.js';
import { OperationMeter } from './meter.js';

/**
 * Every container the bot uses, with its partition key. The partition keys are chosen so that each hot
 * operation is a point read or a query inside one partition:
 * - programmes (/programmeId): a programme document with its groups, and one membership document per person,
 *   so sign-up, "members" and coverage read one partition.
 * - conversations (/id): which group a Teams conversation is linked to, looked up by conversation id on every
 *   message from a channel or group chat.
 * - polls (/pollId): a poll and one vote document per voter, so voting never contends and results are one
 *   single-partition query.
 * - meetings (/programmeId): meeting days with their agendas, and notes, so a group's next meeting and its earlier
 *   notes are one single-partition query.
 * - outputs (/programmeId): each group's deliverables (kit plan, video) with status and review history, so the
 *   presentation-day overview of a programme is one single-partition query.
 * - jobs (/id): one document per timed job (a deadline, a reminder), claimed by one instance so it runs once.
 * - kits (/programmeId): one document per bookable kit holding its bookings, offers and waiting list (so every
 *   booking is one ETag-guarded replace, see features/kit/store.ts), and one receipt per handover.
 * - audit (/programmeId): one document per change made by coordinators and regional staff, so a programme's latest
 *   entries are one single-partition query.
 * - downloads (/id): short-lived "my data" links, keyed by their unguessable token: opening one is a point read.
 * - outbox (/shard): messages the bot sends on its own, and batches of them, until delivered or failed for good.
 *   The shard (one of a few, from a hash of the message's origin, e.g. "poll:X") lets the delivery worker ask
 *   "what is due?" one partition at a time, and keeps everything sent for one origin in one partition.
 * - activities (/shard): one record per processed Teams activity (shard from a hash of its id), so a redelivered
 *   activity has its effect once and gets the first answer again.
 *
 * `timeToLive` turns Cosmos DB's per-document TTL on for containers holding short-lived documents (each such document
 * says its own `ttl`; the rest never expire). The embedded server ignores TTL, so the retention job removes expired
 * links itself as well, and the outbox and processed activities have cleanup jobs of their own.
 */
export const containerDefinitions = {
  programmes: { id: 'programmes', partitionKey: '/programmeId' },
  conversations: { id: 'conversations', partitionKey: '/id' },
  polls: { id: 'polls', partitionKey: '/pollId' },
  meetings: { id: 'meetings', partitionKey: '/programmeId' },
  outputs: { id: 'outputs', partitionKey: '/programmeId', timeToLive: true },
  jobs: { id: 'jobs', partitionKey: '/id' },
  kits: { id: 'kits', partitionKey: '/programmeId' },
  audit: { id: 'audit', partitionKey: '/programmeId' },
  downloads: { id: 'downloads', partitionKey: '/id', timeToLive: true },
  outbox: { id: 'outbox', partitionKey: '/shard', timeToLive: true },
  activities: { id: 'activities', partitionKey: '/shard', timeToLive: true },
} as const satisfies Record<string, { id: string; partitionKey: string; timeToLive?: boolean }>;

/** Leaves GET /health half a second of its two to answer. */
const HEALTH_CHECK_MS = 1500;

export type ContainerName = keyof typeof containerDefinitions;
export type Containers = Record<ContainerName, Documents>;

export type Storage = {
  database: Database;
  containers: Containers;
  meter: OperationMeter;
  /** True when the store answers; backs GET /health. */
  isHealthy(): Promise<boolean>;
};

export async function openStorage(client: CosmosClient, databaseId: string, logger: Logger): Promise<Storage> {
  const { database } = await client.databases.createIfNotExists({ id: databaseId });
  const meter = new OperationMeter();
  const entries = await Promise.all(
    Object.entries(containerDefinitions).map(async ([name, definition]) => {
      const { container } = await database.containers.createIfNotExists({
        id: definition.id,
        partitionKey: { paths: [definition.partitionKey] },
        // -1: TTL is on, and only documents that carry their own `ttl` expire.
        ...('timeToLive' in definition ? { defaultTtl: -1 } : {}),
      });
      return [name, new Documents(container, meter, logger)] as const;
    }),
  );
  return {
    database,
    containers: Object.fromEntries(entries) as Containers,
    meter,
    async isHealthy() {
      try {
        // GET /health must answer within 2 s even when the store hangs.
        await withStoreDeadline(HEALTH_CHECK_MS, () => database.read({ abortSignal: storeSignal() }));
        return true;
      } catch (error) {
        logger.warn({ err: error }, 'health check: the store did not answer');
        return false;
      }
    },
  };
}
