import { randomUUID } from 'node:crypto';
import { createCosmosClient, type CosmosConnection } from '../../src/platform/cosmos/client.js';
import { openStorage, type Storage } from '../../src/platform/cosmos/containers.js';
import { startEmbeddedCosmos } from '../../src/platform/cosmos/embedded-server.js';
import { silentLogger } from '../../src/platform/logger.js';

export type TestStorage = { storage: Storage; target: 'embedded' | 'azure'; cleanup(): Promise<void> };

/**
 * Storage for contract tests: the embedded server by default, a real Cosmos DB account when COSMOS_ENDPOINT is
 * set (with COSMOS_KEY, or Entra ID). Each run uses its own database and deletes it afterwards.
 */
export async function openTestStorage(): Promise<TestStorage> {
  const endpoint = process.env.COSMOS_ENDPOINT;
  const embedded = endpoint ? undefined : await startEmbeddedCosmos();
  const connection: CosmosConnection = embedded?.connection ?? {
    endpoint: endpoint!,
    ...(process.env.COSMOS_KEY ? { key: process.env.COSMOS_KEY } : {}),
  };
  const client = createCosmosClient(connection);
  const storage = await openStorage(client, `contract-${randomUUID()}`, silentLogger);
  return {
    storage,
    target: embedded ? 'embedded' : 'azure',
    cleanup: async () => {
      await storage.database.delete().catch(() => undefined);
      client.dispose();
      await embedded?.stop();
    },
  };
}
