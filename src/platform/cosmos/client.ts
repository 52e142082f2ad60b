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

/**
 * Bounds on every call, so that a slow or frozen store costs a request seconds, not minutes. By default the client
 * waits 60 s for each attempt, retries a throttled call (429) up to 9 times within 30 s, and retries a read that
 * timed out against the account's endpoints up to 120 times. Each call also carries an AbortSignal (see
 * deadline.ts) that ends it whatever the client would still try.
 */
export const COSMOS_CALL_POLICY = {
  /** One HTTP attempt; Cosmos answers point operations in milliseconds. */
  requestTimeout: 10_000,
  /** Throttling (429): a few retries after the wait the service asks for, within a bounded total. */
  retryOptions: { maxRetryAttemptCount: 3, maxWaitTimeInSeconds: 5 },
} as const;

export function createCosmosClient({ endpoint, key, agent }: CosmosConnection): CosmosClient {
  const common = {
    endpoint,
    ...(agent ? { agent } : {}),
    connectionPolicy: {
      // The embedded server reports only itself as a region; discovery would just cost a request.
      enableEndpointDiscovery: !agent,
      requestTimeout: COSMOS_CALL_POLICY.requestTimeout,
      retryOptions: { ...COSMOS_CALL_POLICY.retryOptions },
    },
  };
  return key
    ? new CosmosClient({ ...common, key })
    : new CosmosClient({ ...common, aadCredentials: new DefaultAzureCredential() });
}
