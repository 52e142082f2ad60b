import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotHarness } from '../support/bot-harness.js';

let bot: BotHarness;
beforeAll(async () => {
  bot = await BotHarness.start();
});
afterAll(async () => bot?.stop());

describe('GET /health', () => {
  it('answers 200 while the store answers, 503 when it does not', async () => {
    const healthy = await fetch(`${bot.url}/health`);
    expect(healthy.status).toBe(200);
    expect(await healthy.json()).toEqual({ status: 'ok' });

    await bot.cosmos.stop();
    const sick = await fetch(`${bot.url}/health`);
    expect(sick.status).toBe(503);
  });
});
