import { Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Limits for a download whose bytes come from whoever sent the file: at most `maxBytes`, done within
 * `timeoutMs`, and (for long downloads) never silent for longer than `idleTimeoutMs`.
 */
export type DownloadLimits = { maxBytes: number; timeoutMs: number; idleTimeoutMs?: number };

/**
 * Why a download gave up. `unreachable`: no answer, or not a success; `tooLarge`: past the limit (announced or
 * counted), so the rest was never fetched; `interrupted`: the answer broke off or stalled part-way.
 */
export class DownloadFailure extends Error {
  constructor(
    readonly reason: 'unreachable' | 'tooLarge' | 'interrupted',
    readonly bytes = 0,
  ) {
    super(`download ${reason}`);
  }
}

/**
 * Streams a file (e.g. the pre-authorised `downloadUrl` Teams gives for a file sent in chat) into `sink` through
 * a byte counter, so no more than a chunk at a time is in memory and nothing past the limit is read. Plain http
 * only reaches this machine (local runs and tests). Resolves with the byte count once the sink has it all.
 */
export async function downloadTo(url: string, sink: Writable, limits: DownloadLimits): Promise<number> {
  try {
    return await streamInto(url, sink, limits);
  } catch (error) {
    sink.destroy(); // a sink the body never reached (refused before streaming) is closed too
    throw error;
  }
}

async function streamInto(
  url: string,
  sink: Writable,
  { maxBytes, timeoutMs, idleTimeoutMs }: DownloadLimits,
): Promise<number> {
  if (!isAllowedUrl(url)) throw new DownloadFailure('unreachable');
  const abort = new AbortController();
  const overall = setTimeout(() => abort.abort(), timeoutMs);
  let idle: NodeJS.Timeout | undefined;
  const stillAlive = () => {
    if (!idleTimeoutMs) return;
    clearTimeout(idle);
    idle = setTimeout(() => abort.abort(), idleTimeoutMs);
  };
  try {
    let response: Response;
    try {
      stillAlive();
      response = await fetch(url, { signal: abort.signal });
    } catch {
      throw new DownloadFailure('unreachable');
    }
    if (!response.ok || !response.body) {
      await response.body?.cancel().catch(() => undefined);
      throw new DownloadFailure('unreachable');
    }
    const announced = Number(response.headers.get('content-length') ?? 0);
    if (announced > maxBytes) {
      await response.body.cancel().catch(() => undefined);
      throw new DownloadFailure('tooLarge', announced);
    }
    let bytes = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        stillAlive();
        // Failing the pipeline cancels the response body, so the rest is never downloaded.
        if (bytes > maxBytes) done(new DownloadFailure('tooLarge', bytes));
        else done(null, chunk);
      },
    });
    try {
      await pipeline(Readable.fromWeb(response.body), counter, sink);
    } catch (error) {
      if (error instanceof DownloadFailure) throw error;
      throw new DownloadFailure('interrupted', bytes);
    }
    // A body shorter than announced broke off (a compressed one is counted after decompression, so not then).
    if (announced > 0 && !response.headers.get('content-encoding') && bytes < announced)
      throw new DownloadFailure('interrupted', bytes);
    return bytes;
  } finally {
    clearTimeout(overall);
    clearTimeout(idle);
  }
}

/** A small file (an import) as text, with the same limits. */
export async function downloadText(url: string, limits: DownloadLimits): Promise<string> {
  const chunks: Buffer[] = [];
  const collect = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  await downloadTo(url, collect, limits);
  return Buffer.concat(chunks).toString('utf8');
}

function isAllowedUrl(url: string): boolean {
  try {
    const { protocol, hostname } = new URL(url);
    return protocol === 'https:' || (protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(hostname));
  } catch {
    return false;
  }
}
