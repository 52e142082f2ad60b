import { configuredBlob, startBot } from './composition.js';
import { ConfigError, loadConfig, secretValues } from './platform/config.js';
import { createCosmosClient } from './platform/cosmos/client.js';
import { journalFileIn, startEmbeddedCosmos, type EmbeddedCosmos } from './platform/cosmos/embedded-server.js';
import { createLogger, withoutSecrets, type Logger } from './platform/logger.js';
import { openStorage } from './platform/cosmos/containers.js';
import { fromRepoRoot } from './platform/paths.js';
import { startPlayground } from './dev/playground.js';
import { startEmbeddedAzurite, type EmbeddedAzurite } from './platform/blob/embedded-azurite.js';
import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The Agents Playground's default user, so the person trying the bot coordinates the example programme. */
const PLAYGROUND_USER = '00000000-0000-0000-0000-0000000000020:Alex Wilber';
/** The tenant the Playground puts on every activity (it is not a real one: 13 digits in the last group). */
const PLAYGROUND_TENANT = '00000000-0000-0000-0000-0000000000001';
const PLAYGROUND_PORT = Number(process.env.PLAYGROUND_PORT ?? 56150);

/**
 * `npm start`: the bot with an embedded Cosmos-compatible store (unless COSMOS_ENDPOINT is set), Azurite for
 * output videos (unless STORAGE_* is set), the example programme, and the Agents Playground to chat with it.
 * For trying the bot only; production runs main.ts.
 */
async function main(): Promise<void> {
  // Read before the rest of the config because the anonymity key lives there.
  const dataDir = resolve(fromRepoRoot(), process.env.LOCAL_DATA_DIR ?? '.local');
  const environment = {
    LOG_LEVEL: 'warn',
    SEED_COORDINATOR_IDS: PLAYGROUND_USER,
    ALLOWED_TENANT_IDS: PLAYGROUND_TENANT,
    VOTE_ANONYMITY_KEY: localSecret(dataDir, 'vote-anonymity-key'),
    ...process.env,
  };
  const config = loadConfig(environment);
  const logger = createLogger(config.logLevel, { secrets: secretValues(environment) });

  let embedded: EmbeddedCosmos | undefined;
  if (!config.cosmos.endpoint) {
    embedded = await startEmbeddedCosmos({ journalFile: journalFileIn(dataDir) });
    await restoreJournal(embedded, config.cosmos.database, logger);
  }
  const cosmos = embedded?.connection ?? {
    endpoint: config.cosmos.endpoint!,
    ...(config.cosmos.key ? { key: config.cosmos.key } : {}),
  };
  const azurite: EmbeddedAzurite | undefined = configuredBlob(config)
    ? undefined
    : await startEmbeddedAzurite({ location: join(dataDir, 'azurite') });

  // The Playground cannot host tabs, so a browser on this machine opens the board as the Playground's user.
  const [playgroundUserId, playgroundUserName] = PLAYGROUND_USER.split(':') as [string, string];
  const bot = await startBot({
    config,
    cosmos,
    logger,
    boardLocalPerson: { id: playgroundUserId, name: playgroundUserName },
    ...(azurite ? { blob: azurite.connection } : {}),
  });
  const botEndpoint = `http://127.0.0.1:${bot.port}/api/messages`;
  const playground =
    process.env.PLAYGROUND === 'off' ? undefined : await startPlayground({ botEndpoint, port: PLAYGROUND_PORT });

  console.log(
    `Fokusgrupper is running at ${botEndpoint} with ${embedded ? 'the embedded Cosmos store' : `Cosmos DB at ${config.cosmos.endpoint}`}` +
      `${azurite ? ' and Azurite for videos' : ''}${embedded || azurite ? ` (data kept in ${dataDir})` : ''}.`,
  );
  if (playground) console.log(`Chat with it in the Agents Playground: ${playground.url}  (Ctrl+C stops both)`);
  console.log(`The board (the Teams tab), signed in as ${playgroundUserName}: http://localhost:${bot.port}/board/`);

  const stop = async () => {
    await playground?.stop();
    await bot.close();
    await embedded?.stop();
    await azurite?.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

/** A random secret made on the first run and kept beside the local data, so it never changes between runs. */
function localSecret(dataDir: string, name: string): string {
  const file = join(dataDir, name);
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

/** Loads the documents kept from the last run into fresh containers, then starts recording new writes. */
async function restoreJournal(embedded: EmbeddedCosmos, databaseId: string, logger: Logger): Promise<void> {
  const client = createCosmosClient(embedded.connection);
  const { database } = await openStorage(client, databaseId, logger);
  for (const { collection, document } of embedded.journalledDocuments) {
    await database.container(collection).items.upsert(document);
  }
  client.dispose();
  embedded.startPersisting();
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : withoutSecrets(inspect(error), secretValues()));
  process.exit(1);
});
