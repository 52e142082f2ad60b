import { describe, expect, it } from 'vitest';
import { CONVERSATION_LIMITS, SendPacer, SlidingWindows } from './pacing.js';

/** Sends as fast as the windows allow, from t=0, and returns the send times. */
function sendTimes(windows: SlidingWindows, count: number): number[] {
  const times: number[] = [];
  let now = 0;
  for (let i = 0; i < count; i++) {
    now = windows.readyAt(now);
    windows.take(now);
    times.push(now);
  }
  return times;
}

function mostInAnyWindow(times: number[], windowMs: number): number {
  let most = 0;
  for (const start of times) most = Math.max(most, times.filter((t) => t >= start && t < start + windowMs).length);
  return most;
}

describe('pacing under Teams limits', () => {
  it('keeps one conversation within 7 a second, 8 in 2 s and 60 in 30 s, spaced rather than in bursts', () => {
    const times = sendTimes(new SlidingWindows(CONVERSATION_LIMITS, 1000 / 7), 70);
    expect(mostInAnyWindow(times, 1_000)).toBeLessThanOrEqual(7);
    expect(mostInAnyWindow(times, 2_000)).toBeLessThanOrEqual(8);
    expect(mostInAnyWindow(times, 30_000)).toBeLessThanOrEqual(60);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(1000 / 7);
  });

  it('keeps the tenant at its rate, a little under so late timers cannot catch up into a burst', () => {
    const pacer = new SendPacer(30);
    let now = 0;
    const times: number[] = [];
    for (let i = 0; i < 300; i++) {
      now = Math.max(pacer.tenantReadyAt(now), pacer.conversationReadyAt(`chat:${i}`, now));
      pacer.take(`chat:${i}`, now);
      times.push(now);
    }
    expect(mostInAnyWindow(times, 1_000)).toBeLessThanOrEqual(30);
    const rate = (times.length - 1) / ((times.at(-1)! - times[0]!) / 1000);
    expect(rate).toBeGreaterThan(27.5); // 30 per second and a margin of 75 ms: about 27.9
  });

  it('pauses the conversation after a 429, the tenant briefly or (429s in a row) fully, and gives back a place never used', () => {
    const pacer = new SendPacer(30);
    pacer.take('chat:a', 0);
    pacer.throttled('chat:a', 2_000, 0); // a lone 429: the tenant waits briefly, the conversation its Retry-After
    expect(pacer.tenantReadyAt(100)).toBe(250);
    expect(pacer.conversationReadyAt('chat:a', 100)).toBe(2_000);
    pacer.throttled('chat:b', 3_000, 500); // another soon after: the tenant is over its rate
    expect(pacer.tenantReadyAt(600)).toBe(3_000);

    const fresh = new SendPacer(1);
    fresh.take('chat:b', 0);
    expect(fresh.tenantReadyAt(10)).toBeGreaterThanOrEqual(1_000);
    fresh.giveBack('chat:b', 0);
    expect(fresh.tenantReadyAt(10)).toBe(10);
  });
});
