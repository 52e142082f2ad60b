import type { Logger } from '../logger.js';
import { telemetry } from './telemetry.js';

/**
 * Sends the bot's traces and metrics to Application Insights when a connection string is configured; otherwise
 * nothing is loaded and every telemetry call stays a no-op. Returns what flushes and stops it on shutdown.
 *
 * Only the bot's own spans are exported (see telemetry.ts, activity.ts, connector.ts and the Cosmos data layer):
 * the distro's automatic HTTP and Azure SDK instrumentations are off because they record URLs and document
 * addresses, which carry conversation ids, person ids and export tokens.
 */
export async function startTelemetry(
  connectionString: string | undefined,
  logger: Logger,
): Promise<() => Promise<void>> {
  if (!connectionString) return async () => {};
  const { useAzureMonitor, shutdownAzureMonitor } = await import('@azure/monitor-opentelemetry');
  const off = { enabled: false };
  useAzureMonitor({
    azureMonitorExporterOptions: { connectionString },
    // Live Metrics keeps a connection open and streams samples; the alerts and dashboards need only the exports.
    enableLiveMetrics: false,
    instrumentationOptions: {
      http: off,
      azureSdk: off,
      mongoDb: off,
      mySql: off,
      postgreSql: off,
      redis: off,
      redis4: off,
      bunyan: off,
      winston: off,
    },
  });
  telemetry.rebind();
  logger.info('telemetry: traces and metrics go to Application Insights');
  return () => shutdownAzureMonitor();
}
