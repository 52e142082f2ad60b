import { request } from 'node:http';
import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';

export type RawAnswer = { status: number; body: string; headers: Record<string, unknown> };

/** What a caller sees when the connection is reset before the answer could be read (see `rawPost`). */
export const RESET: RawAnswer = { status: 0, body: '', headers: {} };

/**
 * A POST as an attacker would send it, with any headers and a body that may be far larger than memory should
 * hold (a stream, sent with backpressure). Resolves as soon as the server answers, even while the body is still
 * being sent, and then stops sending: so a server that refuses early is seen refusing early.
 */
export function rawPost(
  url: string,
  headers: Record<string, string | number>,
  body: Buffer | Readable,
  { resetIsRefusal = false } = {},
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: 'POST', headers });
    let answered = false;
    outgoing.on('response', (response) => {
      answered = true;
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      const finish = () => {
        resolve({
          status: response.statusCode ?? 0,
          body: Buffer.concat(chunks).toString(),
          headers: response.headers,
        });
        outgoing.destroy();
        if (body instanceof Readable) body.destroy();
      };
      response.on('end', finish);
      response.on('error', finish);
      response.on('aborted', finish);
    });
    // Once the server has answered, a reset of the rest of the upload is expected, not a failure.
    // `resetIsRefusal`: a server that answers a body it did not read and closes the connection while the caller is
    // still sending makes the caller's kernel see a reset, which may drop the answer before it is read (Node has no
    // lingering close). For such a caller the reset is the refusal: it is reported as RESET, not as a failure.
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      if (answered) return;
      if (resetIsRefusal && (error.code === 'ECONNRESET' || error.code === 'EPIPE')) resolve(RESET);
      else reject(error);
    });
    if (Buffer.isBuffer(body)) outgoing.end(body);
    else body.pipe(outgoing);
  });
}

/** `megabytes` of filler sent in 64 KB chunks, never held in memory at once. */
export function filler(megabytes: number, byte = 0x20): Readable {
  const chunk = Buffer.alloc(64 * 1024, byte);
  let left = megabytes * 16;
  return new Readable({
    read() {
      this.push(left-- > 0 ? chunk : null);
    },
  });
}

/** A gzip "bomb": `megabytes` of zeros compressed (256 MB make about 255 KB), built without holding them. */
export async function gzipBomb(megabytes: number): Promise<Buffer> {
  const gzip = createGzip({ level: 9 });
  const chunks: Buffer[] = [];
  gzip.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise((resolve) => gzip.on('end', resolve));
  const zeros = Buffer.alloc(1024 * 1024);
  for (let i = 0; i < megabytes; i++) {
    if (!gzip.write(zeros)) await new Promise((resolve) => gzip.once('drain', resolve));
  }
  gzip.end();
  await done;
  return Buffer.concat(chunks);
}

/** A multipart upload of one file of `megabytes`, as a browser form would send it. */
export function multipartUpload(megabytes: number): { contentType: string; length: number; body: Readable } {
  const boundary = '----door-test-boundary';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const size = megabytes * 1024 * 1024;
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    length: head.length + size + tail.length,
    body: Readable.from(
      (function* () {
        yield head;
        const chunk = Buffer.alloc(64 * 1024, 0x41);
        for (let sent = 0; sent < size; sent += chunk.length) yield chunk;
        yield tail;
      })(),
    ),
  };
}

/** The process's peak resident memory while `work` runs, sampled every few milliseconds, above where it began. */
export async function peakRssRise(work: () => Promise<void>): Promise<number> {
  const before = process.memoryUsage.rss();
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 5);
  try {
    await work();
  } finally {
    clearInterval(sampler);
  }
  peak = Math.max(peak, process.memoryUsage.rss());
  return peak - before;
}
