import type { SendFailure } from './schema.js';

/**
 * What to do after a failed send. Teams asks bots to retry 429 (after its Retry-After), 412, 502 and 504 with
 * jittered exponential backoff; other 5xx, timeouts and broken connections are passing faults too. 400, 403, 404
 * and 413 will fail the same way every time: the message fails at once. 401 may be a token that just expired.
 */
export type RetryPolicy = {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
};

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 10, baseDelayMs: 500, maxDelayMs: 5 * 60_000 };

export type FailedSend = SendFailure & { retryAfterMs?: number };

export function isRetryable(failure: FailedSend): boolean {
  if (failure.reason === 'timeout' || failure.reason === 'network') return true;
  const status = failure.status;
  if (status === undefined) return failure.reason !== 'rejected' && failure.reason !== 'targetFailed';
  return status === 401 || status === 408 || status === 412 || status === 429 || status >= 500;
}

/** The wait before the next attempt (`attempt` is the one that just failed, from 1). */
export function retryDelayMs(
  attempt: number,
  failure: FailedSend,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  // Jitter keeps instances (and messages) that failed together from coming back together.
  const jittered = exponential * (0.5 + random());
  if (failure.retryAfterMs !== undefined) {
    return failure.retryAfterMs + random() * Math.min(failure.retryAfterMs, policy.baseDelayMs) * 0.5;
  }
  return Math.round(jittered);
}

export function classifyStatus(status: number): SendFailure['reason'] {
  if (status === 429) return 'throttled';
  if (status === 412) return 'conflict';
  if (status >= 500) return 'server';
  return 'rejected';
}

/** Retry-After is seconds or an HTTP date. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
