import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCosmosClient } from '../../src/platform/cosmos/client.js';
import { openStorage } from '../../src/platform/cosmos/containers.js';
import { startEmbeddedCosmos, type EmbeddedCosmos } from '../../src/platform/cosmos/embedded-server.js';
import { silentLogger } from '../../src/platform/logger.js';
import { OutboxStore } from '../../src/platform/outbox/store.js';
import { PollStore } from '../../src/features/polls/store.js';
import { SharedReads } from '../../src/platform/shared-reads.js';
import { ChildBot } from '../support/child-bot.js';
import { FakeConnector } from '../support/connector.js';
import {
  cardAction,
  COORDINATOR,
  gatherCrowd,
  postActivity,
  type CrowdOptions,
  type Person,
} from '../support/populated-store.js';

/**
 * Issue 10's fault tests with real bot processes over one store: SIGKILL in the middle of a vote burst and of an
 * outbox run, then a restart; and two instances sharing the store while the connector fails. Acknowledged votes
 * must all be there, and every message the bot sends on its own must arrive exactly once.
 */

let cosmos: EmbeddedCosmos;
let connector: FakeConnector;
const children: ChildBot[] = [];
const clients: { dispose(): void }[] = [];

beforeAll(async () => {
  cosmos = await startEmbeddedCosmos();
});
afterAll(async () => {
  for (const client of clients) client.dispose();
  await cosmos?.stop();
});
afterEach(async () => {
  await Promise.all(children.splice(0).map((child) => child.stop()));
  await connector?.stop();
});

async function startConnector(options: ConstructorParameters<typeof FakeConnector>[0] = {}) {
  connector = new FakeConnector(options);
  await connector.start();
}

async function startChild(database: string, environment: Record<string, string> = {}): Promise<ChildBot> {
  const child = await ChildBot.start(cosmos, {
    COSMOS_DATABASE: database,
    SEED_COORDINATOR_IDS: `${COORDINATOR.id}:${COORDINATOR.name}`,
    OUTBOX_LEASE_SECONDS: '2',
    OUTBOX_RETRY_BASE_MS: '50',
    ...environment,
  });
  children.push(child);
  return child;
}

async function crowd(database: string, options: Omit<CrowdOptions, 'serviceUrl'>) {
  const client = createCosmosClient(cosmos.connection);
  clients.push(client);
  const storage = await openStorage(client, database, silentLogger);
  return { storage, ...(await gatherCrowd(storage, { serviceUrl: connector.url, ...options })) };
}

const invoke = (person: Person, verb: string, data: Record<string, unknown>) =>
  cardAction(connector.url, person, verb, data);
const post = (bot: ChildBot, activity: object) => postActivity(bot.url, activity);

/** Reminders accepted by the connector, per person's conversation (a chat opened by the bot has its own id). */
function remindersPerChat(): number[] {
  return [...connector.postsByConversation().values()]
    .map((calls) => calls.filter((call) => String(call.body?.text).startsWith('Påminnelse:')).length)
    .filter((count) => count > 0);
}

describe('crashes and a second instance', () => {
  it('keeps every acknowledged vote when the bot is killed in the middle of a burst', async () => {
    await startConnector();
    const database = `crash-votes-${randomUUID()}`;
    const first = await startChild(database);
    const { storage, poll, people } = await crowd(database, { count: 200 });

    // Voters keep coming, 30 at a time (a room voting at once), until the process dies under them.
    const acknowledged: string[] = [];
    let killing: Promise<void> | undefined;
    const waiting = [...people.entries()];
    const voter = async () => {
      for (let next = waiting.shift(); next; next = waiting.shift()) {
        const [n, person] = next;
        try {
          const answer = await post(
            first,
            invoke(person, 'polls.vote', { pollId: poll.pollId, answer_d1: n % 2 ? 'yes' : 'no', answer_d2: 'yes' }),
          );
          if (answer.status === 200 && answer.body?.type === 'application/vnd.microsoft.card.adaptive') {
            acknowledged.push(person.id);
            if (acknowledged.length === 60) killing = first.kill();
          }
        } catch {
          // the process died under this request (or before it): not acknowledged, so nothing is promised
        }
      }
    };
    await Promise.all(Array.from({ length: 30 }, voter));
    await killing;
    expect(acknowledged.length).toBeGreaterThanOrEqual(60);
    expect(acknowledged.length).toBeLessThan(people.length); // the kill did cut the burst

    await startChild(database); // the restart reads the same store
    const stored = await new PollStore(storage.containers.polls, new SharedReads()).listVotes(poll.pollId);
    const voters = new Set(stored.map((vote) => vote.voter!.id));
    expect(acknowledged.filter((id) => !voters.has(id))).toEqual([]);
    expect(stored.length).toBe(voters.size); // one document per voter, never two
  }, 120_000);

  it('delivers every reminder exactly once when the bot is killed in the middle of sending them', async () => {
    await startConnector();
    const database = `crash-outbox-${randomUUID()}`;
    const first = await startChild(database);
    const { storage, poll } = await crowd(database, { count: 60, knownChat: (n) => n % 2 === 0 });
    const origin = `poll:${poll.pollId}`;
    const outbox = new OutboxStore(storage.containers.outbox);

    // Once 20 reminders are in, the connector holds every further request: they are in flight when the bot dies,
    // and never reach "Teams". The kill comes when the store has recorded those 20 as delivered, so the only
    // ambiguity left is the one no sender can remove (see platform/outbox/README.md).
    const held = connector.holdAfterPosts(20);
    const answer = await post(first, invoke(COORDINATOR, 'polls.remind', { pollId: poll.pollId }));
    expect(JSON.stringify(answer.body)).toContain('Påminnelser skickas nu till 60.');
    await held;
    await expect
      .poll(async () => (await outbox.progress(origin)).filter((m) => m.state === 'delivered').length, {
        timeout: 20_000,
      })
      .toBe(20);
    const states = (await outbox.progress(origin)).map((message) => message.state);
    expect(states.filter((state) => state === 'sending').length).toBeGreaterThan(0); // claimed, in flight
    expect(states.filter((state) => state === 'pending').length).toBeGreaterThan(0); // not reached yet
    await first.kill();
    await connector.release();

    await startChild(database); // takes over the claims once their lease (2 s) has run out
    await expect
      .poll(async () => (await outbox.progress(origin)).filter((m) => m.state === 'delivered').length, {
        timeout: 60_000,
        interval: 500,
      })
      .toBe(61); // 60 reminders and the coordinator's report
    const perChat = remindersPerChat();
    expect(perChat).toHaveLength(60);
    expect(perChat.every((count) => count === 1)).toBe(true);
    const reports = connector.calls.filter((call) => String(call.body?.text).startsWith('Påminnelserna om'));
    expect(reports.map((call) => call.body.text)).toEqual([
      'Påminnelserna om ”Vilken dag?” har gått fram till alla 60.',
    ]);
  }, 180_000);

  it('two instances on one store with a failing connector: every vote kept, every message once', async () => {
    await startConnector({ faultRate: 0.2, seed: 11 });
    const database = `crash-pair-${randomUUID()}`;
    const environment = { SCHEDULER_INTERVAL_SECONDS: '1' };
    const pair = [await startChild(database, environment)];
    const { storage, poll, people } = await crowd(database, { count: 40 });
    pair.push(await startChild(database, environment));
    const overdue = await crowd(database, { count: 0, overdue: true }); // a second poll, past its deadline: both tick it

    const acknowledged: string[] = [];
    await Promise.all(
      people.map(async (person, n) => {
        const answer = await post(
          pair[n % 2]!,
          invoke(person, 'polls.vote', { pollId: poll.pollId, answer_d1: 'yes', answer_d2: 'no' }),
        );
        if (answer.status === 200 && answer.body?.type === 'application/vnd.microsoft.card.adaptive')
          acknowledged.push(person.id);
      }),
    );
    const voters = new Set(
      (await new PollStore(storage.containers.polls, new SharedReads()).listVotes(poll.pollId)).map((v) => v.voter!.id),
    );
    expect(acknowledged).toHaveLength(40);
    expect(acknowledged.every((id) => voters.has(id))).toBe(true);

    // Half the members answered nobody: remind the rest (on the first), while both deliver.
    const answer = await post(pair[0]!, invoke(COORDINATOR, 'polls.remind', { pollId: overdue.poll.pollId }));
    expect(answer.status).toBe(200);
    const outbox = new OutboxStore(storage.containers.outbox);
    await expect
      .poll(
        async () => {
          const messages = [
            ...(await outbox.progress(`poll:${poll.pollId}`)),
            ...(await outbox.progress(`poll:${overdue.poll.pollId}`)),
          ];
          return messages.length > 0 && messages.every((message) => message.state === 'delivered');
        },
        { timeout: 60_000, interval: 500 },
      )
      .toBe(true);
    const perChat = remindersPerChat();
    expect(perChat).toHaveLength(40);
    expect(perChat.every((count) => count === 1)).toBe(true);
    const closing = connector.calls.filter((call) => String(call.body?.text).includes('är stängd'));
    expect(closing).toHaveLength(1); // the overdue poll closed once, announced once
    expect(connector.calls.filter((call) => call.method === 'PUT')).toHaveLength(1); // and its card frozen once
    expect(connector.faulted).toBeGreaterThan(0);
  }, 180_000);
});
