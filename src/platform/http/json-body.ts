import type { IncomingMessage } from 'node:http';

/**
 * Teams activities are JSON of a few kilobytes (a message is capped near 100 KB); a megabyte leaves room for any
 * card's inputs and still bounds what one unauthenticated request can cost.
 */
export const MAX_ACTIVITY_BYTES = 1024 * 1024;

export type BodyRejection = { status: 400 | 413 | 415; reason: string; readAll: boolean };
export type JsonBody = { ok: true; value: Record<string, unknown> } | ({ ok: false } & BodyRejection);

/**
 * Reads a request body as the Bot Framework sends it, before anything else looks at the request (authentication
 * included): `application/json` in UTF-8, no content encoding, at most `maxBytes`. Everything else is refused from
 * the headers alone where it can be (415 for another type or any encoding, 413 for a declared length over the
 * limit) and otherwise as soon as the limit is passed: nothing is inflated, nothing is written to disk, and memory
 * never holds more than the limit. `readAll` says whether the body was consumed (if not, close the connection).
 */
export async function readJsonBody(request: IncomingMessage, maxBytes = MAX_ACTIVITY_BYTES): Promise<JsonBody> {
  const refuse = (status: BodyRejection['status'], reason: string, readAll = false): JsonBody => ({
    ok: false,
    status,
    reason,
    readAll,
  });
  if (!isJsonInUtf8(request.headers['content-type'])) return refuse(415, 'content-type');
  const encoding = request.headers['content-encoding'];
  if (encoding !== undefined && encoding.trim().toLowerCase() !== 'identity') return refuse(415, 'content-encoding');
  const declared = request.headers['content-length'];
  if (declared !== undefined && !(Number(declared) <= maxBytes)) return refuse(413, 'body-too-large');

  const body = await readAtMost(request, maxBytes);
  if (!body) return refuse(413, 'body-too-large');
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch {
    return refuse(400, 'malformed-json', true);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return refuse(400, 'not-an-object', true);
  return { ok: true, value: value as Record<string, unknown> };
}

/** `application/json`, optionally with `charset=utf-8`; no other type, no other charset, no multipart. */
function isJsonInUtf8(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const [type, ...parameters] = contentType.split(';').map((part) => part.trim().toLowerCase());
  if (type !== 'application/json') return false;
  return parameters.every((parameter) => {
    const [name, value] = parameter.split('=').map((part) => part.trim().replace(/^"|"$/g, ''));
    return name !== 'charset' || value === 'utf-8' || value === 'utf8';
  });
}

/**
 * The body, or undefined as soon as it passes `maxBytes`: reading then stops (paused, not destroyed, so the
 * refusal can still be sent on the same connection before it is closed).
 */
function readAtMost(request: IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onError);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        stop();
        request.pause();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      stop();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      stop();
      reject(error);
    };
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onError);
  });
}
