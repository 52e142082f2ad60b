import { createTeamsApp } from './app.js';
import type { Config } from './platform/config.js';
import { createCosmosClient, type CosmosConnection } from './platform/cosmos/client.js';
import { openStorage, type Storage } from './platform/cosmos/containers.js';
import { startHttpServer } from './platform/http/server.js';
import { HttpRoutes } from './platform/http/routes.js';
import { SharedReads } from './platform/shared-reads.js';
import type { ListenerInfo } from './platform/teams/router.js';
import { Scheduler } from './platform/scheduler.js';
import type { PersonalData } from './platform/personal-data.js';
import { BackgroundWork } from './platform/background.js';
import { Outbox } from './platform/outbox/outbox.js';
import { ConnectorTransport } from './platform/outbox/transport.js';
import { ProcessedActivities } from './platform/processed-activities.js';
import { ConfigError } from './platform/config.js';
import type { Logger } from './platform/logger.js';
import { BlobFiles, type BlobConnection } from './platform/blob/files.js';
import { connectorTelemetry } from './platform/telemetry/connector.js';
import { drainInStages, type DrainReport, type Stoppable } from './platform/shutdown.js';
import { ProgrammeStore } from './features/programmes/store.js';
import { parseSeedPeople, seedExampleProgramme } from './features/programmes/seed.js';
import { BotAdapter, type AuthenticationOverrides } from './platform/teams/adapter.js';
import { ChannelAuthentication } from './platform/teams/authentication.js';
import { Door } from './platform/teams/door.js';
import { escapeOutgoingText } from './platform/teams/outgoing-text.js';
import { Rejections } from './platform/rejections.js';

export type RunningBot = {
  port: number;
  storage: Storage;
  scheduler: Scheduler;
  /** Everything the bot sends on its own; its worker delivers on whichever instance claims a message. */
  outbox: Outbox;
  /** One effect per Teams activity id (for the router's state-changing listeners). */
  activities: ProcessedActivities;
  /** Every command, card verb and other listener the bot answers, with who may use it (for the access tests). */
  listeners: readonly ListenerInfo[];
  /** The shared short-lived reads, described (what, how long, why). */
  reads: SharedReads;
  /** Where each feature keeps personal data (for the privacy tests: every container is covered). */
  personalData: PersonalData;
  /** Requests and activities turned away before any feature saw them, by reason. */
  rejections: Rejections;
  /** Output files (videos); absent when no Blob Storage was given. */
  files?: BlobFiles;
  /**
   * A graceful stop (SIGTERM): stops taking requests and jobs at once, finishes the turns, background work and jobs
   * in flight, then the outbox's requests in flight, all within `timeoutMs`, gives back what is still held, then
   * closes the connections.
   */
  shutdown(timeoutMs: number): Promise<DrainReport>;
  close(): Promise<void>;
};

export type BotOptions = {
  config: Config;
  cosmos: CosmosConnection;
  /** Blob Storage for output files; defaults to the configured one. Without either, files are refused. */
  blob?: BlobConnection;
  logger: Logger;
  clock?: () => Date;
  /** `npm start` only: the person a local browser is signed in as on the board. Production never sets it. */
  boardLocalPerson?: { id: string; name: string };
  /** The interface the HTTP server listens on; this machine only unless the entry says otherwise. */
  host?: string;
  /** Tests only: a local OpenID metadata server and credentials that never reach Microsoft Entra ID. */
  authentication?: AuthenticationOverrides;
};

/** The configured Blob Storage: a connection string, or an account URL reached with Entra ID. */
export function configuredBlob(config: Config): BlobConnection | undefined {
  const { connectionString, accountUrl } = config.storage;
  if (connectionString) return { connectionString };
  return accountUrl ? { accountUrl } : undefined;
}

/**
 * The composition root: config → storage (seeded when empty) → Teams app → HTTP server. The production entry (main.ts), the
 * development entry (main.dev.ts), the tests and the benchmarks all start the bot through here.
 */
export async function startBot({
  config,
  cosmos,
  blob = configuredBlob(config),
  logger,
  clock = () => new Date(),
  boardLocalPerson,
  host,
  authentication: authenticationOverrides = {},
}: BotOptions): Promise<RunningBot> {
  if (!config.voteAnonymityKey) {
    throw new ConfigError(
      'Configuration error: VOTE_ANONYMITY_KEY is required (at least 32 random characters, kept secret and never changed)',
    );
  }
  const client = createCosmosClient(cosmos);
  const storage = await openStorage(client, config.cosmos.database, logger);
  const seeded = await seedExampleProgramme(
    new ProgrammeStore(storage.containers.programmes, storage.containers.conversations),
    parseSeedPeople(config.seedCoordinatorIds),
    clock(),
  );
  if (seeded) logger.info('seeded the example programme "Fokusgrupper digitalt först"');
  const files = blob ? await BlobFiles.open(blob, config.storage.container) : undefined;
  if (!files) logger.warn('no Blob Storage configured: video files sent to the bot are refused');

  const adapter = new BotAdapter(config, authenticationOverrides);
  adapter.use(connectorTelemetry);
  adapter.use(escapeOutgoingText);
  const authentication = new ChannelAuthentication(
    config.bot.appId ?? '',
    adapter,
    authenticationOverrides.openIdMetadataUrl,
  );
  const rejections = new Rejections(logger);
  const door = new Door(
    { allowedTenantIds: config.allowedTenantIds, authenticated: authentication.enabled },
    rejections,
    clock,
  );
  const background = new BackgroundWork(logger);
  const outbox = new Outbox(
    storage.containers.outbox,
    ConnectorTransport.fromConfig(config, config.outbox.sendTimeoutMs),
    logger,
    {
      tenantRatePerSecond: config.outbox.tenantRatePerSecond,
      retry: { maxAttempts: config.outbox.maxAttempts, baseDelayMs: config.outbox.retryBaseMs, maxDelayMs: 5 * 60_000 },
      leaseMs: config.outbox.leaseMs,
    },
  );
  const activities = new ProcessedActivities(storage.containers.activities, logger);
  const scheduler = new Scheduler(storage.containers.jobs, clock, logger, undefined, outbox);
  scheduler.register('outbox.cleanup', outbox.cleanupJobs(), { housekeeping: true });
  scheduler.register('activities.cleanup', activities.cleanupJobs(), { housekeeping: true });
  const http = new HttpRoutes();
  const reads = new SharedReads();
  const { app, listeners, personalData } = createTeamsApp({
    adapter,
    config,
    storage,
    logger,
    clock,
    outbox,
    background: background.run,
    activities,
    scheduler,
    http,
    reads,
    files,
    ...(boardLocalPerson ? { boardLocalPerson } : {}),
  });

  const server = await startHttpServer(config.port, {
    adapter,
    authentication,
    // The door comes first: no handler ever sees an activity from outside our tenants, channel or people.
    runTurn: (context) =>
      door.admit(context, async () => {
        await app.run(context);
      }),
    isHealthy: () => storage.isHealthy(),
    routes: http,
    logger,
    rejections,
    ...(host ? { host } : {}),
  });
  if (config.schedulerIntervalSeconds > 0) scheduler.start(config.schedulerIntervalSeconds * 1000);
  outbox.start();

  // Everything that takes work, stopped on shutdown, each with its own drain() and abandon(): first Teams' turns,
  // the background work they started and timed jobs, together; then the outbox, which delivers meanwhile what they
  // enqueue on their way out; then the store's connections.
  const turns: Stoppable = {
    name: 'http',
    drain: () => {
      logger.info({ requestsInFlight: server.inFlight }, 'draining: no new requests');
      return server.drain();
    },
  };
  const stages: Stoppable[][] = [[turns, background, scheduler], [outbox]];
  const shutdown = async (timeoutMs: number) => {
    const report = await drainInStages(stages, timeoutMs, logger);
    await server.close();
    client.dispose();
    return report;
  };

  return {
    port: server.port,
    storage,
    scheduler,
    outbox,
    activities,
    listeners: listeners.router.listeners(),
    reads,
    personalData,
    rejections,
    ...(files ? { files } : {}),
    shutdown,
    close: async () => {
      await shutdown(2000);
    },
  };
}
