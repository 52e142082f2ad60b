import { TENANT_ID } from './tenant.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { EmbeddedCosmos } from '../../src/platform/cosmos/embedded-server.js';
import { fromRepoRoot } from '../../src/platform/paths.js';

const ENTRY = fileURLToPath(new URL('./child-bot-main.ts', import.meta.url));

/**
 * A bot instance in its own process over the test's embedded store (which lives in the test process, so it
 * survives the bot), for tests that kill it with SIGKILL mid-work and start another on the same database.
 */
export class ChildBot {
  port = 0;
  readonly output: string[] = [];
  private readonly exited: Promise<void>;

  private constructor(private readonly child: ChildProcess) {
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    child.stderr!.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
  }

  static async start(cosmos: EmbeddedCosmos, environment: Record<string, string>): Promise<ChildBot> {
    const child = spawn(process.execPath, ['--import', 'tsx', ENTRY], {
      cwd: fromRepoRoot(),
      env: {
        PATH: process.env.PATH,
        PORT: '0',
        LOG_LEVEL: 'error',
        SCHEDULER_INTERVAL_SECONDS: '0',
        VOTE_ANONYMITY_KEY: 'test-only-anonymity-key-0123456789abcdef',
        ALLOWED_TENANT_IDS: TENANT_ID,
        CHILD_COSMOS_ENDPOINT: cosmos.connection.endpoint,
        CHILD_COSMOS_KEY: cosmos.connection.key!,
        ...environment,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const bot = new ChildBot(child);
    bot.port = await new Promise<number>((resolve, reject) => {
      let pending = '';
      child.stdout.on('data', (chunk: Buffer) => {
        pending += chunk.toString();
        const match = /\{"listening":(\d+)\}/.exec(pending);
        if (match) resolve(Number(match[1]));
      });
      child.once('exit', (code) =>
        reject(new Error(`the bot exited (${code}) before listening: ${bot.output.join('')}`)),
      );
    });
    return bot;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** As a crash or an out-of-memory kill would: no shutdown, requests in flight are cut. */
  async kill(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.exited;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    await this.exited;
  }
}
