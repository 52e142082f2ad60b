import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotHarness, textOf } from '../support/bot-harness.js';

let bot: BotHarness;
beforeAll(async () => {
  bot = await BotHarness.start();
});
afterAll(async () => bot?.stop());

const anna = { id: 'a0000000-0000-0000-0000-00000000000a', name: 'Anna Andersson' };

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await run();
  return { value, ms: performance.now() - started };
}

describe('answers within Teams limits whatever the store does', () => {
  it('GET /health answers 200 while the store answers', async () => {
    const healthy = await fetch(`${bot.url}/health`);
    expect(healthy.status).toBe(200);
    expect(await healthy.json()).toEqual({ status: 'ok' });
  });

  it('with the store frozen: /health says 503 within 2 s, a card action and a message are answered in time', async () => {
    bot.cosmos.freeze();
    try {
      const health = await timed(() => fetch(`${bot.url}/health`));
      expect(health.value.status).toBe(503);
      expect(health.ms).toBeLessThan(2000);

      const action = await timed(() => bot.execute(anna, 'polls.vote', { pollId: 'poll-frozen', answer_d1: 'yes' }));
      expect(action.ms).toBeLessThan(3000);
      expect(action.value.status).toBe(200);
      expect(textOf(action.value)).toMatch(/^Något gick fel/);

      const message = await timed(() => bot.say(anna, 'program'));
      expect(message.ms).toBeLessThan(10_000);
      expect(message.value.status).toBe(200);
    } finally {
      bot.cosmos.thaw();
    }
    // Nothing was left broken: the held requests were answered late, and new ones are answered at once.
    expect((await fetch(`${bot.url}/health`)).status).toBe(200);
  });

  it('with the store stopped: /health says 503', async () => {
    await bot.cosmos.stop();
    const sick = await timed(() => fetch(`${bot.url}/health`));
    expect(sick.value.status).toBe(503);
    expect(sick.ms).toBeLessThan(2000);
  });
});
