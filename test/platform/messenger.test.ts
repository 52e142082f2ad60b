import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TeamsAdapter } from '@microsoft/teams-ai';
import { Messenger } from '../../src/platform/teams/messenger.js';
import { silentLogger } from '../../src/platform/logger.js';
import { FakeConnector } from '../support/connector.js';

const connector = new FakeConnector();
let messenger: Messenger;

beforeAll(async () => {
  await connector.start();
  messenger = new Messenger(new TeamsAdapter({}), '', silentLogger, { sendsPerSecond: 100, baseDelayMs: 5 });
});
afterAll(async () => connector.stop());

const reference = () => ({
  channelId: 'msteams',
  serviceUrl: connector.url,
  conversation: { id: '19:group@thread.tacv2', isGroup: true, conversationType: 'channel', name: '' },
  bot: { id: '28:bot', name: 'Fokusgrupper' },
});

describe('Messenger (real connector client against a local connector)', () => {
  it('posts to a conversation and updates the posted activity in place', async () => {
    const posted = await messenger.post(reference(), { type: 'message', text: 'Dagordningen är här' });
    expect(posted).toEqual({ ok: true, activityId: expect.stringMatching(/^activity-/) });
    const id = (posted as { activityId: string }).activityId;
    const updated = await messenger.update(reference(), id, { type: 'message', text: 'Ändrad dagordning' });
    expect(updated.ok).toBe(true);
    const put = connector.calls.find((call) => call.method === 'PUT');
    expect(put?.path).toBe(`/v3/conversations/19:group@thread.tacv2/activities/${id}`);
    expect(put?.body.text).toBe('Ändrad dagordning');
  });

  it('opens a 1:1 chat and writes there', async () => {
    const before = connector.calls.length;
    const result = await messenger.sendToPerson(
      { teamsUserId: '29:anna', botId: '28:bot', tenantId: 'tenant-1', serviceUrl: connector.url, language: 'sv' },
      { type: 'message', text: 'Påminnelse' },
    );
    expect(result.ok).toBe(true);
    const [create, send] = connector.calls.slice(before);
    expect(create).toMatchObject({
      method: 'POST',
      path: '/v3/conversations',
      body: { members: [{ id: '29:anna' }], tenantId: 'tenant-1' },
    });
    expect(send!.path).toMatch(/^\/v3\/conversations\/conversation-\d+\/activities/);
    expect(send!.body.text).toBe('Påminnelse');
  });

  it('gets through throttling (429 with Retry-After) and counts the retries', async () => {
    const failedBefore = connector.failedCalls;
    connector.failNext(5, 429, 0);
    const result = await messenger.post(reference(), { type: 'message', text: 'efter strypning' });
    expect(result.ok).toBe(true);
    expect(connector.failedCalls - failedBefore).toBe(5);
  });

  it('reports a message it could not deliver instead of losing it silently', async () => {
    connector.failNext(1, 400); // a bad request is not retried
    const failedBefore = messenger.stats.failed;
    const result = await messenger.post(reference(), { type: 'message', text: 'går inte fram' });
    expect(result).toMatchObject({ ok: false, status: 400 });
    expect(messenger.stats.failed).toBe(failedBefore + 1);
  });
});
