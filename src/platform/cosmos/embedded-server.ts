import { readFileSync } from 'node:fs';
import { Agent } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fromRepoRoot } from '../paths.js';
import type { CosmosConnection } from './client.js';
import { DocumentJournal, type JournalledDocument } from './journal.js';

/** Any base64 string is accepted as a key by the embedded server; this is the public emulator key. */
const EMBEDDED_KEY = 'C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==';

export type EmbeddedCosmos = {
  connection: CosmosConnection;
  /** Documents kept from the previous run, to be loaded once the containers exist. */
  journalledDocuments: JournalledDocument[];
  /** Call after loading journalled documents: from then on every acknowledged write is persisted. */
  startPersisting(): void;
  /** Tests: from now on requests are held unanswered, as by a hung store, until `thaw`. */
  freeze(): void;
  thaw(): void;
  stop(): Promise<void>;
};

/**
 * Starts @vercel/cosmosdb-server in this process, over TLS with a local certificate, for `npm start` and the
 * tests. It is a development convenience only (a dev dependency); production uses Azure Cosmos DB.
 * With `journalFile` the data survives restarts (see DocumentJournal); without it the data lives in memory.
 */
export async function startEmbeddedCosmos(options: { journalFile?: string } = {}): Promise<EmbeddedCosmos> {
  const { createHttpsServer } = await import('@vercel/cosmosdb-server');
  const cert = readFileSync(fromRepoRoot('src/platform/cosmos/localhost-cert.pem'));
  const key = readFileSync(fromRepoRoot('src/platform/cosmos/localhost-key.pem'));
  const journal = options.journalFile ? new DocumentJournal(options.journalFile) : undefined;
  const journalledDocuments = journal?.compact() ?? [];

  // keepAlive matters: without it every request pays a TLS handshake and the server is several times slower.
  const server = createHttpsServer({ cert, key, keepAlive: true });
  // Every request passes one gate: the journal watches it, and tests can freeze the store (hold every request
  // unanswered, as a hung database would) and thaw it again.
  const handlers = server.listeners('request') as ((request: IncomingMessage, response: ServerResponse) => void)[];
  server.removeAllListeners('request');
  let held: (() => void)[] | undefined;
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const handle = () => {
      journal?.watch(request, response);
      for (const handler of handlers) handler.call(server, request, response);
    };
    if (held) held.push(handle);
    else handle();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const agent = new Agent({ ca: cert, keepAlive: true });

  return {
    connection: { endpoint: `https://127.0.0.1:${port}/`, key: EMBEDDED_KEY, agent },
    journalledDocuments,
    startPersisting: () => journal?.startRecording(),
    freeze: () => {
      held ??= [];
    },
    thaw: () => {
      const waiting = held ?? [];
      held = undefined;
      for (const handle of waiting) handle();
    },
    stop: async () => {
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export function journalFileIn(directory: string): string {
  return join(directory, 'cosmos-journal.ndjson');
}
