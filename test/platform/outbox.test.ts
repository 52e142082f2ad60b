import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { Outbox, type OutboxOptions } from '../../src/platform/outbox/outbox.js';
import { ConnectorTransport } from '../../src/platform/outbox/transport.js';
import { OutboxStore, shardFor } from '../../src/platform/outbox/store.js';
import { silentLogger } from '../../src/platform/logger.js';
import { FakeConnector, TEAMS_LIMITS } from '../support/connector.js';
import { openTestStorage, type TestStorage } from '../support/test-storage.js';

let target: TestStorage;
let connector: FakeConnector;
const running: Outbox[] = [];

beforeAll(async () => {
  target = await openTestStorage();
});
afterAll(async () => target?.cleanup());
afterEach(async () => {
  await Promise.all(running.splice(0).map((outbox) => outbox.stop()));
  await connector?.stop();
});

const FAST: Partial<OutboxOptions> = {
  retry: { maxAttempts: 4, baseDelayMs: 20, maxDelayMs: 200 },
  leaseMs: 2_000,
  pollMs: 50,
};

async function startConnector(options: ConstructorParameters<typeof FakeConnector>[0] = {}): Promise<FakeConnector> {
  connector = new FakeConnector(options);
  await connector.start();
  return connector;
}

function startOutbox(options: Partial<OutboxOptions> = {}, sendTimeoutMs = 2_000): Outbox {
  const transport = new ConnectorTransport(new ConfigurationBotFrameworkAuthentication({}), {
    botAppId: '',
    sendTimeoutMs,
  });
  const outbox = new Outbox(target.storage.containers.outbox, transport, silentLogger, { ...FAST, ...options });
  outbox.start();
  running.push(outbox);
  return outbox;
}

const channel = (id = '19:group@thread.tacv2') => ({
  serviceUrl: connector.url,
  channelId: 'msteams',
  conversation: { id, conversationType: 'channel' },
  bot: { id: '28:bot' },
});
const person = (n: number, conversationId?: string) => ({
  teamsUserId: `29:person-${n}`,
  botId: '28:bot',
  tenantId: 'tenant-1',
  serviceUrl: connector.url,
  language: 'sv' as const,
  ...(conversationId ? { conversationId } : {}),
});
const text = (value: string) => ({ type: 'message', text: value });
let originCounter = 0;
const newOrigin = () => `test:${++originCounter}-${Date.now()}`;

describe('the outbox', () => {
  it('posts to a conversation, writes 1:1, and updates a post once its id is known', async () => {
    await startConnector();
    const outbox = startOutbox();
    const origin = newOrigin();
    const delivered: { key: string; activityId: string }[] = [];
    outbox.onDelivered('test.remember', async ({ key, activityId }) => void delivered.push({ key, activityId }));

    const sender = outbox.to(origin);
    await sender.send({
      key: 'card',
      to: { conversation: channel() },
      activity: text('kort'),
      onDelivered: { kind: 'test.remember', data: {} },
    });
    // The update is enqueued before the post is delivered: it waits for the post's id.
    await sender.update({ key: 'card-update', of: { post: 'card' }, activity: text('fruset kort') });
    await sender.send({ key: 'hello', to: { person: person(1) }, activity: text('hej') });
    await sender.send({ key: 'again', to: { person: person(1) }, activity: text('hej igen') });
    await outbox.drained(10_000);

    expect(delivered).toEqual([{ key: 'card', activityId: expect.stringMatching(/^activity-/) }]);
    const put = connector.calls.find((call) => call.method === 'PUT');
    expect(put?.path).toBe(`/v3/conversations/19:group@thread.tacv2/activities/${delivered[0]!.activityId}`);
    expect(put?.body.text).toBe('fruset kort');
    // One 1:1 chat opened, then both messages posted into it (not as replies).
    expect(connector.calls.filter((call) => call.path === '/v3/conversations')).toHaveLength(1);
    const personal = connector.calls.filter((call) =>
      /^\/v3\/conversations\/conversation-\d+\/activities$/.test(call.path),
    );
    expect(personal.map((call) => call.body.text)).toEqual(['hej', 'hej igen']);
    expect(await outbox.report(origin)).toMatchObject({ total: 4, delivered: 4, pending: 0, failed: [] });
  });

  it('sends a message once however often it is enqueued', async () => {
    await startConnector();
    const outbox = startOutbox();
    const origin = newOrigin();
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        outbox.to(origin).send({ key: 'once', to: { conversation: channel() }, activity: text('en gång') }),
      ),
    );
    expect(results.filter((result) => result.created)).toHaveLength(1);
    await outbox.drained(10_000);
    expect(connector.sentActivities().filter((activity) => activity.text === 'en gång')).toHaveLength(1);
  });

  it('retries 429 (after Retry-After), 412, 5xx and timeouts with one request per attempt; fails 400 at once', async () => {
    await startConnector();
    const outbox = startOutbox({}, 300);
    const origin = newOrigin();
    connector.failNext(1, 429, 1);
    connector.failNext(1, 412);
    connector.failNext(1, 503);
    const started = Date.now();
    await outbox.to(origin).send({ key: 'stubborn', to: { conversation: channel() }, activity: text('till slut') });
    await outbox.drained(10_000);
    expect(connector.failedCalls).toBe(3); // the connector client's own retries are off: one request per attempt
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000); // Retry-After: 1
    expect(connector.sentActivities().map((activity) => activity.text)).toEqual(['till slut']);

    connector.failNext(1, 400);
    await outbox.to(origin).send({
      key: 'bad',
      to: { person: person(2, 'a:chat-2') },
      activity: text('fel'),
      recipient: { personId: 'p2', name: 'Bo' },
    });
    await outbox.drained(10_000);
    const report = await outbox.report(origin);
    expect(report.failed).toEqual([{ key: 'bad', recipient: { personId: 'p2', name: 'Bo' }, status: 400 }]);
    expect(connector.failedCalls).toBe(4);
  });

  it('retries a send that timed out, and gives up after the last attempt', async () => {
    await startConnector();
    const outbox = startOutbox({ retry: { maxAttempts: 3, baseDelayMs: 20, maxDelayMs: 50 } }, 200);
    const store = new OutboxStore(target.storage.containers.outbox);
    const origin = newOrigin();
    connector.hold(); // the connector hangs: the first attempt times out
    await outbox.to(origin).send({ key: 'slow', to: { conversation: channel() }, activity: text('seg') });
    await expect
      .poll(async () => (await store.readMessage(origin, 'slow'))?.lastError?.reason, { timeout: 5_000 })
      .toBe('timeout');
    connector.failNext(10, 503); // then it fails: three attempts in all, then failed for good
    await connector.release();
    await outbox.drained(10_000);
    expect(await store.readMessage(origin, 'slow')).toMatchObject({ state: 'failed', attempts: 3 });
    expect(connector.sentActivities()).toHaveLength(0); // the timed-out request never reached "Teams"
  });

  it('keeps under Teams limits: 20 posts to one channel and 60 people, without 429s', async () => {
    await startConnector({ limits: TEAMS_LIMITS });
    const outbox = startOutbox();
    const origin = newOrigin();
    const sender = outbox.to(origin);
    const started = Date.now();
    await sender.sendAll([
      ...Array.from({ length: 20 }, (_, n) => ({
        key: `c${n}`,
        to: { conversation: channel() },
        activity: text(`c${n}`),
      })),
      ...Array.from({ length: 60 }, (_, n) => ({
        key: `p${n}`,
        to: { person: person(n, `a:chat-${n}`) },
        activity: text(`p${n}`),
      })),
    ]);
    await outbox.drained(30_000);
    // Paced under the limits with a margin for jitter; a machine loaded far beyond its cores can still bunch two
    // requests on arrival, and a 429 is then honoured like any other.
    expect(connector.throttled).toBeLessThanOrEqual(1);
    expect(connector.sentActivities()).toHaveLength(80);
    // 20 posts to one conversation at 8 in 2 s cannot take less than about 4.5 s.
    expect(Date.now() - started).toBeGreaterThan(4_000);
  });

  it('delivers each message exactly once with two instances and a connector failing one request in five', async () => {
    await startConnector({ faultRate: 0.2, seed: 7 });
    // Enough attempts that none fails for good by chance (0.2^8 per message).
    const patient = { retry: { maxAttempts: 8, baseDelayMs: 20, maxDelayMs: 200 } };
    const [first, second] = [startOutbox(patient), startOutbox(patient)];
    const origin = newOrigin();
    const settled: unknown[] = [];
    for (const outbox of [first, second]) outbox.onSettled('test.settled', async (event) => void settled.push(event));
    const batch = first.batch(origin, 'round-1', { kind: 'test.settled', data: { round: 1 } });
    await batch.sendAll(
      Array.from({ length: 50 }, (_, n) => ({
        key: `m${n}`,
        to: { person: person(n, `a:chat-${n}`) },
        activity: text(`m${n}`),
        recipient: { personId: `p${n}` },
      })),
    );
    await batch.seal();
    await first.drained(30_000);
    const posts = connector.postsByConversation();
    expect(connector.faulted).toBeGreaterThan(0);
    expect(posts.size).toBe(50);
    expect([...posts.values()].every((calls) => calls.length === 1)).toBe(true);
    await expect.poll(() => settled.length, { timeout: 10_000 }).toBe(1); // settling may still be under way
    expect(settled[0]).toMatchObject({
      origin,
      batch: 'round-1',
      total: 50,
      delivered: 50,
      failed: [],
      data: { round: 1 },
    });
  });

  it('takes over a message whose instance died mid-send once the lease has run out, and says it may be doubled', async () => {
    await startConnector();
    const store = new OutboxStore(target.storage.containers.outbox);
    const origin = newOrigin();
    // As left by an instance killed between claiming and recording: sending, lease already over.
    const outbox = startOutbox();
    await outbox.stop();
    await outbox.to(origin).send({ key: 'orphan', to: { conversation: channel() }, activity: text('föräldralös') });
    const stored = (await store.readMessage(origin, 'orphan'))!;
    const { _etag, ...message } = stored;
    await store.replaceMessage(
      { ...message, state: 'sending', attempts: 1, dueAt: new Date(Date.now() - 1000).toISOString() },
      _etag,
    );

    const survivor = startOutbox();
    await survivor.drained(10_000);
    expect(await store.readMessage(origin, 'orphan')).toMatchObject({ state: 'delivered', attempts: 2, takenOver: 1 });
    expect((await survivor.report(origin)).possiblyDoubled).toBe(1);
    expect(shardFor(origin)).toMatch(/^outbox-\d$/);
  });

  it('gives back, when stopping runs out of time, what it claimed but has not sent', async () => {
    await startConnector();
    // Slots at 0, 5 and 10 s; each message is claimed 3 s before its slot: a wide window to stop in, on a busy machine.
    const outbox = startOutbox({ tenantRatePerSecond: 0.2, lookaheadMs: 3_000 });
    const store = new OutboxStore(target.storage.containers.outbox);
    const origin = newOrigin();
    await outbox
      .to(origin)
      .sendAll(
        [1, 2, 3].map((n) => ({ key: `m${n}`, to: { person: person(n, `a:chat-${n}`) }, activity: text(`m${n}`) })),
      );
    await expect.poll(() => connector.sentActivities().length).toBe(1);
    await expect.poll(async () => (await store.progress(origin)).filter((m) => m.state === 'sending').length).toBe(1);
    await outbox.abandon(); // the second was claimed ahead of its slot and waits at the door
    await outbox.drain();
    const states = (await store.progress(origin)).map((message) => message.state).sort();
    expect(states).toEqual(['delivered', 'pending', 'pending']); // another instance sends those at once
    expect(connector.sentActivities()).toHaveLength(1);
  });

  it('shows a person the messages it sent them, and forgets them on erasure', async () => {
    await startConnector();
    const outbox = startOutbox();
    const origin = newOrigin();
    const personId = `erase-${Date.now()}`;
    await outbox.to(origin).send({
      key: 'for-her',
      to: { person: person(9, 'a:chat-9') },
      activity: text('Påminnelse till dig'),
      recipient: { personId, name: 'Ebba Raderas' },
    });
    await outbox.drained(10_000);
    const found = await outbox.personalData.find(personId);
    expect(found).toEqual([expect.objectContaining({ what: 'Påminnelse till dig' })]);
    const touched = await outbox.personalData.erase(personId, { id: 'erased', name: 'Raderad person' });
    expect(touched).toEqual({ outbox: 1 });
    expect(await outbox.personalData.find(personId)).toEqual([]);
  });

  it('lets the newest content of an update win', async () => {
    await startConnector();
    const outbox = startOutbox();
    await outbox.stop(); // enqueue both before anything is sent
    const origin = newOrigin();
    const of = { activityId: 'activity-card', conversation: channel() };
    await outbox.to(origin).update({ key: 'agenda-card', of, activity: text('version 1') });
    await outbox.to(origin).update({ key: 'agenda-card', of, activity: text('version 2') });
    const worker = startOutbox();
    await worker.drained(10_000);
    const puts = connector.calls.filter((call) => call.method === 'PUT');
    expect(puts.map((call) => call.body.text)).toEqual(['version 2']);
    await worker.to(origin).update({ key: 'agenda-card', of, activity: text('version 3') });
    await worker.drained(10_000);
    expect(connector.calls.filter((call) => call.method === 'PUT').map((call) => call.body.text)).toEqual([
      'version 2',
      'version 3',
    ]);
  });
});
