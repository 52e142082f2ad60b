import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Agent } from 'node:https';
import type { CosmosClient } from '@azure/cosmos';
import { createCosmosClient, type CosmosConnection } from '../../src/platform/cosmos/client.js';
import { openStorage, type Storage } from '../../src/platform/cosmos/containers.js';
import { startEmbeddedCosmos } from '../../src/platform/cosmos/embedded-server.js';
import { silentLogger } from '../../src/platform/logger.js';
import { fromRepoRoot } from '../../src/platform/paths.js';

export type TestStorage = {
  storage: Storage;
  target: 'embedded' | 'azure';
  /** The same database through another CosmosClient (its own connections), as a second bot instance sees it. */
  openAnotherInstance(): Promise<Storage>;
  cleanup(): Promise<void>;
};

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
  const databaseId = `contract-${randomUUID()}`;
  const storage = await openStorage(client, databaseId, silentLogger);
  const others: { client: CosmosClient; agent?: Agent }[] = [];
  return {
    storage,
    target: embedded ? 'embedded' : 'azure',
    openAnotherInstance: async () => {
      const agent = connection.agent
        ? new Agent({ ca: readFileSync(fromRepoRoot('src/platform/cosmos/localhost-cert.pem')), keepAlive: true })
        : undefined;
      const other = createCosmosClient({ ...connection, ...(agent ? { agent } : {}) });
      others.push({ client: other, ...(agent ? { agent } : {}) });
      return openStorage(other, databaseId, silentLogger);
    },
    cleanup: async () => {
      await storage.database.delete().catch(() => undefined);
      for (const other of others) {
        other.client.dispose();
        other.agent?.destroy();
      }
      client.dispose();
      await embedded?.stop();
    },
  };
}
