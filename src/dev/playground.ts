import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromRepoRoot } from '../platform/paths.js';

/**
 * The Microsoft 365 Agents Playground (a dev dependency under Microsoft's pre-release licence; never bundled),
 * pointed at a local bot: `npm start` and the browser tests both start it from here. It runs offline and behaves
 * like a Teams client: personal chat, group chat, a team channel, Adaptive Cards with Action.Execute.
 */
const PLAYGROUND_BIN = fromRepoRoot('node_modules', '.bin', 'agentsplayground');

/** A port that was free a moment ago; startPlayground copes with losing the race. */
export async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export type RunningPlayground = {
  /** e.g. http://localhost:41234 — open this in the browser. */
  url: string;
  /** The serviceUrl the Playground puts in every activity; the bot replies there. */
  connectorUrl: string;
  port: number;
  /** Its stdout and stderr so far, for error messages. */
  output(): string;
  stop(): Promise<void>;
};

export type PlaygroundOptions = {
  /** The bot's messages endpoint, e.g. http://127.0.0.1:3978/api/messages. */
  botEndpoint: string;
  /** Defaults to a free port. */
  port?: number;
  /** A .m365agentsplayground.yml; without one the built-in users, chats and team are used (PLAYGROUND_DEFAULTS). */
  configPath?: string;
  /** Extra environment, e.g. TZ (it decides localTimezone/localTimestamp in every activity). */
  env?: Record<string, string>;
  timeoutMs?: number;
};

/**
 * Spawns the Playground in its own process group and waits until it answers /_debug/ping. stop() ends the group.
 * It runs in a temporary directory with its log file there, so it never reads a stray config file or writes
 * devTools/ into the repository.
 */
export async function startPlayground(options: PlaygroundOptions): Promise<RunningPlayground> {
  if (!existsSync(PLAYGROUND_BIN))
    throw new Error(`The Agents Playground is not installed: ${PLAYGROUND_BIN} is missing (npm ci).`);
  const requestedPort = options.port ?? (await freePort());
  const workDir = mkdtempSync(join(tmpdir(), 'playground-'));
  const child: ChildProcess = spawn(PLAYGROUND_BIN, ['--disable-telemetry', '-p', String(requestedPort)], {
    cwd: workDir,
    env: {
      ...process.env,
      ...options.env,
      TEAMSAPPTESTER_BROWSER: 'none',
      BOT_ENDPOINT: options.botEndpoint,
      M365_AGENTS_PLAYGROUND_LOGFILE: join(workDir, 'playground.log'),
      // A path that does not exist means "built-in defaults", whatever the current directory holds.
      M365_AGENTS_PLAYGROUND_CONFIG_PATH: options.configPath ?? join(workDir, 'no-config.yml'),
      TEAMS_APP_TEST_TOOL_CONFIG_PATH: join(workDir, 'no-legacy-config.yml'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });

  let output = '';
  let listeningPort: number | undefined;
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8000);
    // If the port is taken it silently picks a random one and says so only here.
    const match = /Listening on (\d+)/.exec(output);
    if (match) listeningPort = Number(match[1]);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  const running = () => child.exitCode === null && child.signalCode === null;
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // the group is already gone
    }
  };
  // If the test process dies without calling stop(), the Playground must not outlive it.
  const killOnExit = () => signalGroup('SIGKILL');
  process.once('exit', killOnExit);

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.removeListener('exit', killOnExit);
    if (child.pid !== undefined && running()) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      signalGroup('SIGTERM');
      await Promise.race([exited, delay(3000)]);
      if (running()) {
        signalGroup('SIGKILL');
        await Promise.race([exited, delay(2000)]);
      }
    }
    // Anything it left in the group (nothing today) goes too.
    signalGroup('SIGKILL');
    rmSync(workDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  while (Date.now() < deadline) {
    if (!running()) {
      await stop();
      throw new Error(`The Agents Playground exited (code ${child.exitCode}):\n${tail(output)}`);
    }
    if (listeningPort !== undefined) {
      const url = `http://localhost:${listeningPort}`;
      const pong = await fetch(`${url}/_debug/ping`, { signal: AbortSignal.timeout(2000) })
        .then((response) => response.text())
        .catch(() => '');
      if (pong.includes('pong')) {
        return { url, connectorUrl: `${url}/_connector`, port: listeningPort, output: () => output, stop };
      }
    }
    await delay(200);
  }
  await stop();
  throw new Error(
    `The Agents Playground did not answer /_debug/ping within ${options.timeoutMs ?? 30_000} ms:\n${tail(output)}`,
  );
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function tail(text: string): string {
  return text.trim().split('\n').slice(-20).join('\n') || '(no output)';
}
