import { randomUUID } from 'node:crypto';
import { startBot, type BotOptions, type RunningBot } from '../src/composition.js';
import { loadConfig } from '../src/platform/config.js';
import type { EmbeddedCosmos } from '../src/platform/cosmos/embedded-server.js';
import { silentLogger } from '../src/platform/logger.js';

/**
 * The real bot as a benchmark measures it: on the embedded Cosmos server, in a database of its own unless
 * `environment` names one (two instances sharing a store), with the scheduler off so nothing runs but what is
 * measured, tenant `bench` only, and nothing logged. `environment` adds or overrides settings.
 */
export function startBenchBot(
  cosmos: EmbeddedCosmos,
  environment: Record<string, string> = {},
  options: Omit<BotOptions, 'config' | 'cosmos' | 'logger'> = {},
): Promise<RunningBot> {
  return startBot({
    config: loadConfig({
      PORT: '0',
      COSMOS_DATABASE: `bench-${randomUUID()}`,
      VOTE_ANONYMITY_KEY: 'bench-only-anonymity-key-0123456789abcdef',
      SCHEDULER_INTERVAL_SECONDS: '0',
      ALLOWED_TENANT_IDS: 'bench',
      ...environment,
    }),
    cosmos: cosmos.connection,
    logger: silentLogger,
    ...options,
  });
}
