import { request } from 'node:http';

export type BurstResult = { wallMs: number; latencies: number[]; answered: number; failed: number; bodies: string[] };

/** POSTs one activity on a fresh connection (no keep-alive), as a room of people clicking at once would. */
function postFresh(url: URL, body: string): Promise<{ status: number; body: string; ms: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = request(
      {
        hostname: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString(),
            ms: performance.now() - started,
          }),
        );
      },
    );
    req.on('error', () => resolve({ status: 0, body: '', ms: performance.now() - started }));
    req.end(body);
  });
}

/** Sends every activity at the same moment and waits for all answers; counts an answer only if it carries a card. */
export async function burst(endpoint: string, activities: object[]): Promise<BurstResult> {
  const url = new URL(endpoint);
  const started = performance.now();
  const results = await Promise.all(activities.map((activity) => postFresh(url, JSON.stringify(activity))));
  const wallMs = performance.now() - started;
  const answered = results.filter(
    (r) => r.status === 200 && r.body.includes('application/vnd.microsoft.card.adaptive'),
  ).length;
  return {
    wallMs,
    latencies: results.map((r) => r.ms),
    answered,
    failed: results.length - answered,
    bodies: results.map((r) => r.body),
  };
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
