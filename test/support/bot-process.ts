import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { EmbeddedCosmos } from '../../src/platform/cosmos/embedded-server.js';
import type { EmbeddedAzurite } from '../../src/platform/blob/embedded-azurite.js';
import { fromRepoRoot } from '../../src/platform/paths.js';
import { BotHarness } from './bot-harness.js';
import { TENANT_ID } from './tenant.js';
import type { FakeConnector } from './connector.js';

const LOOPBACK_ONLY = fileURLToPath(new URL('./loopback-only.js', import.meta.url));

export type LogLine = { level: number; msg: string } & Record<string, unknown>;

export type Exit = { code: number | null; signal: NodeJS.Signals | null; ms: number };

export type BotProcessOptions = {
  /** A production build folder (runs its package.json's start in it) or this repository's sources (through tsx). */
  from: { folder: string } | 'source';
  environment: Record<string, string>;
};

/**
 * The environment that points a bot process at the test's own store: the embedded Cosmos server (whose certificate
 * the child trusts through NODE_EXTRA_CA_CERTS, as it would trust Azure's), Azurite and a database of its own.
 */
export function storeEnvironment(cosmos: EmbeddedCosmos, azurite: EmbeddedAzurite, database: string) {
  if (!('connectionString' in azurite.connection)) throw new Error('Azurite is reached by connection string');
  return {
    COSMOS_ENDPOINT: cosmos.connection.endpoint,
    COSMOS_KEY: cosmos.connection.key!,
    COSMOS_DATABASE: database,
    NODE_EXTRA_CA_CERTS: fromRepoRoot('src/platform/cosmos/localhost-cert.pem'),
    STORAGE_CONNECTION_STRING: azurite.connection.connectionString,
    VOTE_ANONYMITY_KEY: 'test-only-anonymity-key-0123456789abcdef',
    ALLOWED_TENANT_IDS: TENANT_ID,
    PORT: '0',
  };
}

/** The node arguments of a deployment's start script. */
function startArguments(folder: string): string[] {
  const manifest = JSON.parse(readFileSync(`${folder}/package.json`, 'utf8')) as { scripts: { start: string } };
  const [command, ...args] = manifest.scripts.start.split(' ');
  if (command !== 'node') throw new Error(`the deployment starts with ${command}, not node`);
  return args;
}

/**
 * A bot as App Service runs it: its own Node process, started with the production entry, talked to over HTTP and
 * stopped with a signal. Its JSON log lines are kept (parsed) for the test to read.
 */
export class BotProcess {
  readonly lines: LogLine[] = [];
  port = 0;
  /** From spawn to the first healthy answer of /health. */
  healthyAfterMs = 0;
  private exited: Promise<Exit>;
  private signalledAt = 0;

  private constructor(private readonly child: ChildProcess) {
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) =>
        resolve({ code, signal, ms: this.signalledAt ? Math.round(performance.now() - this.signalledAt) : 0 }),
      ),
    );
    let pending = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const complete = pending.split('\n');
      pending = complete.pop()!;
      for (const line of complete) {
        if (line.startsWith('{')) this.lines.push(JSON.parse(line) as LogLine);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => this.lines.push({ level: 60, msg: chunk.toString() }));
  }

  static async start({ from, environment }: BotProcessOptions): Promise<BotProcess> {
    const started = performance.now();
    // A deployment starts the way its package.json says (`node <flags> dist/src/main.js`), as App Service does.
    const [cwd, args] =
      from === 'source'
        ? [fromRepoRoot(), ['--import', 'tsx', 'src/main.ts']]
        : [from.folder, startArguments(from.folder)];
    const child = spawn(process.execPath, ['--import', LOOPBACK_ONLY, ...args], {
      cwd,
      env: { PATH: process.env.PATH, LOG_LEVEL: 'info', ...environment },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const bot = new BotProcess(child);
    try {
      // Generous: on a busy 2-core machine several processes compiling and loading at once take a while.
      const listening = await bot.waitForLog(
        (line) => line.msg === 'Fokusgrupper is listening on /api/messages',
        120_000,
      );
      bot.port = listening.port as number;
      while (
        !(await fetch(`${bot.url}/health`).then(
          (response) => response.ok,
          () => false,
        ))
      ) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      bot.healthyAfterMs = Math.round(performance.now() - started);
      return bot;
    } catch (error) {
      child.kill('SIGKILL');
      throw error;
    }
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Resident memory now, in MB (Linux). */
  rssMb(): number {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)![1]) / 1024;
  }

  /** The first log line (already written or still to come) that `matches`. */
  async waitForLog(matches: (line: LogLine) => boolean, timeoutMs = 30_000): Promise<LogLine> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const found = this.lines.find(matches);
      if (found) return found;
      if (this.child.exitCode !== null || performance.now() > deadline) {
        const tail = this.lines
          .slice(-5)
          .map((line) => JSON.stringify(line))
          .join('\n');
        throw new Error(`bot process ${this.child.exitCode !== null ? 'exited' : 'timed out'}; last lines:\n${tail}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Sends a signal (App Service sends SIGTERM) and returns without waiting. */
  signal(signal: NodeJS.Signals = 'SIGTERM'): void {
    this.signalledAt = performance.now();
    this.child.kill(signal);
  }

  /** Waits for the process to exit; how long after the signal it took. */
  exit(): Promise<Exit> {
    return this.exited;
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<Exit> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return this.exited;
    this.signal(signal);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 20_000);
    const exit = await this.exited;
    clearTimeout(timer);
    return exit;
  }
}

/**
 * Talks to a bot process exactly as BotHarness talks to an in-process bot (the same activities, the same local
 * connector); only the address differs. Store helpers of BotHarness are not available on it.
 */
export class ProcessClient extends BotHarness {
  constructor(
    private readonly target: () => string,
    connector: FakeConnector,
  ) {
    super();
    Object.assign(this, { connector, now: new Date() });
  }

  override get url(): string {
    return this.target();
  }
}
