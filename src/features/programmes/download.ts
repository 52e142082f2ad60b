import { Refusal } from '../../platform/refusal.js';

export type DownloadLimits = { maxBytes: number; timeoutMs: number };

/**
 * Fetches a file Teams sent in chat (its pre-authorised `downloadUrl`). Bounded in size and time because the
 * bytes come from whoever sent the file; plain http only reaches this machine, for local runs and tests.
 */
export async function downloadText(url: string, { maxBytes, timeoutMs }: DownloadLimits): Promise<string> {
  if (!isAllowedUrl(url)) throw new Refusal('programmes:errors.downloadFailed');
  const tooLarge = new Refusal('programmes:errors.fileTooLarge', { limit: Math.round(maxBytes / 1024) });
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  } catch {
    throw new Refusal('programmes:errors.downloadFailed');
  }
  if (!response.ok || !response.body) throw new Refusal('programmes:errors.downloadFailed');
  if (Number(response.headers.get('content-length') ?? 0) > maxBytes) {
    await response.body.cancel();
    throw tooLarge;
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of response.body) {
      size += chunk.byteLength;
      // Leaving the loop by throwing cancels the stream, so the rest is never downloaded.
      if (size > maxBytes) throw tooLarge;
      chunks.push(chunk);
    }
  } catch (error) {
    if (error === tooLarge) throw error;
    throw new Refusal('programmes:errors.downloadFailed');
  }
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
