import { spawn, type ChildProcess } from 'node:child_process';
import { fromRepoRoot } from '../platform/paths.js';

export type RunningPlayground = { url: string; stop(): Promise<void> };

/**
 * Starts the Microsoft 365 Agents Playground (a dev dependency under Microsoft's pre-release licence; never
 * bundled) pointed at the local bot. It runs offline and behaves like a Teams client: personal chat, group chat,
 * a team channel, Adaptive Cards with Action.Execute.
 */
export async function startPlayground(options: { botEndpoint: string; port: number; timeoutMs?: number }): Promise<RunningPlayground> {
  const child: ChildProcess = spawn(
    fromRepoRoot('node_modules/.bin/agentsplayground'),
    ['--disable-telemetry', '-p', String(options.port)],
    {
      env: { ...process.env, TEAMSAPPTESTER_BROWSER: 'none', BOT_ENDPOINT: options.botEndpoint },
      stdio: ['ignore', 'ignore', 'pipe'],
      detached: true, // its own process group, so stop() ends it and everything it started
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  const url = `http://localhost:${options.port}`;
  const running = () => child.exitCode === null && child.signalCode === null;
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // the group is already gone
    }
  };
  const stop = async () => {
    if (!running() || child.pid === undefined) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    signalGroup('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3000))]);
    if (running()) signalGroup('SIGKILL');
  };

  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  while (Date.now() < deadline) {
    if (!running()) throw new Error(`The Agents Playground exited: ${stderr.trim()}`);
    const pong = await fetch(`${url}/_debug/ping`).then((r) => r.text()).catch(() => '');
    if (pong.includes('pong')) return { url, stop };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await stop();
  throw new Error(`The Agents Playground did not start on port ${options.port}: ${stderr.trim()}`);
}
