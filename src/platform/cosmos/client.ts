import type { Agent } from 'node:https';
import { CosmosClient } from '@azure/cosmos';
import { DefaultAzureCredential } from '@azure/identity';

export type CosmosConnection = {
  endpoint: string;
  /** Account key; without one the client signs in with Microsoft Entra ID (managed identity in Azure). */
  key?: string;
  /** Only the embedded server needs its own agent: it trusts the local certificate and keeps connections alive. */
  agent?: Agent;
};

export function createCosmosClient({ endpoint, key, agent }: CosmosConnection): CosmosClient {
  const common = {
    endpoint,
    ...(agent ? { agent } : {}),
    // The embedded server reports only itself as a region; discovery would just cost a request.
    connectionPolicy: { enableEndpointDiscovery: !agent },
  };
  return key
    ? new CosmosClient({ ...common, key })
    : new CosmosClient({ ...common, aadCredentials: new DefaultAzureCredential() });
}
