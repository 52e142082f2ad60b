import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fromRepoRoot } from '../paths.js';
import type { BlobConnection } from './files.js';

/** Azurite's fixed development account; its key is public and only ever opens a local Azurite. */
const DEV_ACCOUNT = 'devstoreaccount1';
const DEV_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

/**
 * Azurite leaves with its parent: it is started with an IPC channel, which closes when the parent exits however it
 * exits, and this preload turns that into Azurite's own graceful shutdown (and a hard exit should anything keep it
 * alive for three more seconds).
 */
const EXIT_WITH_PARENT = `data:text/javascript,${encodeURIComponent(
  "process.on('disconnect', () => { process.emit('SIGTERM'); setTimeout(() => process.exit(0), 3000).unref(); });",
)}`;

export type EmbeddedAzurite = { connection: BlobConnection; pid?: number; stop(): Promise<void> };

/**
 * Starts Azurite's Blob service (a dev dependency) as a child process for `npm start` and the tests, the way
 * the embedded Cosmos server stands in for Azure Cosmos DB; production uses Azure Blob Storage. With `location`
 * the blobs are kept on disk there; without it they live in the child's memory. It listens on a free port on
 * 127.0.0.1, prints nothing of its own and sends no telemetry.
 */
export async function startEmbeddedAzurite(options: { location?: string } = {}): Promise<EmbeddedAzurite> {
  if (options.location) mkdirSync(options.location, { recursive: true });
  const child = spawn(
    process.execPath,
    [
      '--import',
      EXIT_WITH_PARENT,
      fromRepoRoot('node_modules/azurite/dist/src/blob/main.js'),
      ...(options.location ? ['--location', options.location] : ['--inMemoryPersistence']),
      ...[
        '--blobHost',
        '127.0.0.1',
        '--blobPort',
        '0',
        '--skipApiVersionCheck',
        '--loose',
        '--silent',
        '--disableTelemetry',
      ],
    ],
    // Its working directory is where it would put anything it writes without --location: keep that out of the repo.
    {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      cwd: options.location ?? fromRepoRoot('node_modules/azurite'),
      env: { ...process.env, NODE_OPTIONS: '' },
    },
  );
  let url: string;
  try {
    url = await listeningAddress(child);
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  return {
    connection: {
      connectionString: `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT};AccountKey=${DEV_KEY};BlobEndpoint=${url}/${DEV_ACCOUNT};`,
    },
    ...(child.pid ? { pid: child.pid } : {}),
    stop: () => stopChild(child),
  };
}

/** Azurite's "successfully listens on http://127.0.0.1:<port>" line, or why it never came. */
function listeningAddress(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () => fail(new Error(`Azurite did not start within 30 s: ${output.trim().slice(-500)}`)),
      30_000,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /successfully listens on (http:\/\/[\d.]+:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        // Keep reading so a chatty child never blocks on a full pipe, but let go of the text.
        output = '';
        child.stdout!.off('data', onData).resume();
        resolve(match[1]!);
      }
    };
    const fail = (error: Error) => {
      clearTimeout(timer);
      reject(error);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', fail);
    child.once('exit', (code) =>
      fail(new Error(`Azurite exited (${code}) before listening: ${output.trim().slice(-500)}`)),
    );
  });
}

/** Graceful shutdown (Azurite saves its metadata on SIGTERM), then a hard kill if it is still there after 5 s. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  if (child.connected) child.disconnect();
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
