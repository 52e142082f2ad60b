/**
 * The bot in a process of its own, for crash tests: the same composition root as production, over the test's
 * embedded store (its address and key in CHILD_COSMOS_ENDPOINT / CHILD_COSMOS_KEY). It prints one JSON line with
 * its port once it listens. Started by ChildBot (child-bot.ts); killed with SIGKILL, or stopped with SIGTERM.
 */
import { readFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { startBot } from '../../src/composition.js';
import { loadConfig } from '../../src/platform/config.js';
import { createLogger } from '../../src/platform/logger.js';
import { fromRepoRoot } from '../../src/platform/paths.js';

const config = loadConfig(process.env);
const bot = await startBot({
  config,
  cosmos: {
    endpoint: process.env.CHILD_COSMOS_ENDPOINT!,
    key: process.env.CHILD_COSMOS_KEY!,
    agent: new Agent({ ca: readFileSync(fromRepoRoot('src/platform/cosmos/localhost-cert.pem')), keepAlive: true }),
  },
  logger: createLogger(config.logLevel),
});
process.stdout.write(JSON.stringify({ listening: bot.port }) + '\n');
process.once('SIGTERM', () => {
  void bot.close().then(() => process.exit(0));
});
