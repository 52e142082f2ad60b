import { inspect } from 'node:util';
import { ConfigError, loadConfig, secretValues } from './platform/config.js';
import { createLogger, withoutSecrets } from './platform/logger.js';

/** How long a stopping instance waits for the turns and jobs in flight; App Service waits somewhat longer. */
const DRAIN_TIMEOUT_MS = 10_000;

/** Production entry: the bot alone, against Azure Cosmos DB (COSMOS_ENDPOINT, with a key or Entra ID). */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.cosmos.endpoint)
    throw new ConfigError('Configuration error: COSMOS_ENDPOINT is required (use `npm start` to try the bot locally)');
  if (!config.storage.connectionString && !config.storage.accountUrl) {
    throw new ConfigError(
      'Configuration error: STORAGE_ACCOUNT_URL (or STORAGE_CONNECTION_STRING) is required for output videos',
    );
  }
  if (config.allowedTenantIds !== '*' && config.allowedTenantIds.length === 0) {
    throw new ConfigError(
      "Configuration error: ALLOWED_TENANT_IDS is required: your Microsoft 365 tenant id (or * to admit every tenant's people)",
    );
  }
  const logger = createLogger(config.logLevel, { secrets: secretValues() });
  if (config.allowedTenantIds === '*') {
    logger.warn('ALLOWED_TENANT_IDS=*: people from every Microsoft 365 tenant can use this bot and read its data');
  }
  if (!config.bot.appId) {
    logger.warn(
      'MICROSOFT_APP_ID is empty: requests are not authenticated, so only a connector on this machine is served',
    );
  }
  // Loaded once the configuration is known to be good, so a mistake in it is reported at once.
  const [{ startTelemetry }, { startBot }] = await Promise.all([
    import('./platform/telemetry/start.js'),
    import('./composition.js'),
  ]);
  // First, so that the providers are in place before anything makes a span or a counter.
  const stopTelemetry = await startTelemetry(config.telemetry.connectionString, logger);
  const bot = await startBot({
    config,
    cosmos: { endpoint: config.cosmos.endpoint, ...(config.cosmos.key ? { key: config.cosmos.key } : {}) },
    logger,
    host: '0.0.0.0', // App Service reaches the app from outside its container
  });
  logger.info({ port: bot.port }, 'Fokusgrupper is listening on /api/messages');

  // App Service sends SIGTERM before a restart, a deployment or a scale-in: stop taking work, finish what is in
  // flight (bounded), give back what is held, flush telemetry, and exit 0 so the stop counts as clean.
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping: no new requests or jobs; finishing those in flight');
    const report = await bot.shutdown(DRAIN_TIMEOUT_MS);
    logger.info(report, report.drained ? 'stopped cleanly' : 'stopped; work still running was given back');
    await stopTelemetry().catch((error: unknown) => logger.warn({ err: error }, 'could not flush telemetry'));
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  // A configuration mistake is one clear line, not a stack trace; anything else never shows a secret's value.
  console.error(error instanceof ConfigError ? error.message : withoutSecrets(inspect(error), secretValues()));
  process.exit(1);
});
