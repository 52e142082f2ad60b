import { describe, expect, it } from 'vitest';
import { isRetryable, parseRetryAfter, retryDelayMs, DEFAULT_RETRY_POLICY } from './retry.js';

describe('retrying a send', () => {
  it('retries throttling, conflicts, server faults, timeouts and broken connections; not bad requests', () => {
    for (const status of [429, 412, 500, 502, 503, 504, 408, 401])
      expect(isRetryable({ status, reason: 'server' })).toBe(true);
    expect(isRetryable({ reason: 'timeout' })).toBe(true);
    expect(isRetryable({ reason: 'network' })).toBe(true);
    for (const status of [400, 403, 404, 413]) expect(isRetryable({ status, reason: 'rejected' })).toBe(false);
    expect(isRetryable({ reason: 'targetFailed' })).toBe(false);
  });

  it('backs off exponentially with jitter, capped, and waits at least what Retry-After asks', () => {
    const policy = { maxAttempts: 10, baseDelayMs: 1_000, maxDelayMs: 8_000 };
    expect(retryDelayMs(1, { status: 503, reason: 'server' }, policy, () => 0)).toBe(500);
    expect(retryDelayMs(3, { status: 503, reason: 'server' }, policy, () => 0.999)).toBeCloseTo(5_996, -1);
    expect(retryDelayMs(9, { status: 503, reason: 'server' }, policy, () => 0.5)).toBe(8_000);
    const throttled = { status: 429, reason: 'throttled' as const, retryAfterMs: 3_000 };
    for (const random of [0, 0.5, 0.99])
      expect(retryDelayMs(1, throttled, policy, () => random)).toBeGreaterThanOrEqual(3_000);
    expect(DEFAULT_RETRY_POLICY.maxAttempts).toBeGreaterThan(1);
  });

  it('reads Retry-After as seconds or as a date', () => {
    expect(parseRetryAfter('2')).toBe(2_000);
    expect(parseRetryAfter(new Date(Date.now() + 5_000).toUTCString(), Date.now())).toBeGreaterThan(3_000);
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});
