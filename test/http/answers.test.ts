import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotHarness } from '../support/bot-harness.js';

/**
 * Finding: response bodies carried internal error text ("Cannot read properties of undefined", "invalid
 * signature", "jwt not active"). Whatever goes wrong, a caller learns a status and nothing of the bot's insides.
 */
let bot: BotHarness;
beforeAll(async () => {
  bot = await BotHarness.start();
});
afterAll(async () => bot?.stop());

const INTERNALS = /error|undefined|exception|stack|at \w+ \(|does not exist|not allowed|URIError|restify/i;

describe('what an HTTP caller is told', () => {
  it.each([
    ['GET', '/no/such/path', 404],
    ['PUT', '/api/messages', 405],
    ['GET', '/api/messages', 405],
    ['GET', '/calendar/%E0%A4%A/x.ics', 404],
    ['GET', '/calendar/no-such-poll/poll.ics', 404],
    ['GET', '/meetings/no/such/meeting.ics', 404],
  ])('%s %s: %i, nothing about the bot inside', async (method, path, status) => {
    const response = await fetch(`${bot.url}${path}`, { method });
    expect(response.status).toBe(status);
    const body = await response.text();
    expect(body).not.toMatch(INTERNALS);
    expect(body).not.toContain(path.split('/')[1]!);
  });

  it('an activity the bot cannot place (no conversation) is turned away quietly, not a 500 with a stack', async () => {
    const reply = await bot.post({
      type: 'message',
      channelId: 'msteams',
      serviceUrl: bot.connector.url,
      channelData: { tenant: { id: 'tenant-1' } },
      from: { id: '29:x', aadObjectId: 'a0000000-0000-0000-0000-000000000001' },
      text: 'hjälp',
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toBeUndefined();
    expect(reply.activities).toEqual([]);
    expect(bot.bot.rejections.byReason()).toEqual({ 'no-conversation': 1 });
  });
});
