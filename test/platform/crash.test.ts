import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCosmosClient } from '../../src/platform/cosmos/client.js';
import { openStorage, type Storage } from '../../src/platform/cosmos/containers.js';
import { startEmbeddedCosmos, type EmbeddedCosmos } from '../../src/platform/cosmos/embedded-server.js';
import { silentLogger } from '../../src/platform/logger.js';
import { OutboxStore } from '../../src/platform/outbox/store.js';
import { ProgrammeStore } from '../../src/features/programmes/store.js';
import { MembershipStore } from '../../src/features/membership/store.js';
import { PollStore } from '../../src/features/polls/store.js';
import { signUp } from '../../src/features/membership/domain.js';
import { createPoll } from '../../src/features/polls/domain.js';
import type { Poll } from '../../src/features/polls/schema.js';
import { ChildBot } from '../support/child-bot.js';
import { FakeConnector } from '../support/connector.js';

/**
 * Issue 10's fault tests with real bot processes over one store: SIGKILL in the middle of a vote burst and of an
 * outbox run, then a restart; and two instances sharing the store while the connector fails. Acknowledged votes
 * must all be there, and every message the bot sends on its own must arrive exactly once.
 */
const COORDINATOR = { id: 'c0000000-0000-0000-0000-0000000000c1', name: 'Karin Samordnare' };
const BOT = { id: '28:fokusgrupper-bot', name: 'Fokusgrupper' };
const CHANNEL = '19:crash-group@thread.tacv2';

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

type World = { storage: Storage; poll: Poll; people: { id: string; name: string }[] };

/**
 * The store as after a busy sign-up: the example programme (seeded by the first bot), `count` members of its first
 * group, each with their 1:1 chat known when `chats` says so, the group linked to a channel, and one open poll
 * posted there (with a deadline already passed when `overdue`).
 */
async function world(database: string, count: number, { chats = true, overdue = false } = {}): Promise<World> {
  const client = createCosmosClient(cosmos.connection);
  clients.push(client);
  const storage = await openStorage(client, database, silentLogger);
  const { containers } = storage;
  const programmes = new ProgrammeStore(containers.programmes, containers.conversations);
  const memberships = new MembershipStore(containers.programmes);
  const seeded = (await programmes.list())[0]!;
  const group = seeded.groups[0]!;
  const programme = await programmes.update(seeded.programmeId, (current) => ({
    ...current,
    groups: current.groups.map((g) => (g.id === group.id ? { ...g, conversationId: CHANNEL } : g)),
  }));
  await programmes.saveLink({
    id: CHANNEL,
    programmeId: programme.programmeId,
    groupId: group.id,
    reference: {
      serviceUrl: connector.url,
      channelId: 'msteams',
      conversation: { id: CHANNEL, conversationType: 'channel', isGroup: true },
      bot: BOT,
    },
    linkedBy: COORDINATOR,
    linkedAt: new Date().toISOString(),
  });
  const codes = programme.region.municipalityCodes;
  const people = Array.from({ length: count }, (_, n) => ({
    id: `p0000000-0000-0000-0000-${String(n).padStart(12, '0')}`,
    name: `Medlem ${n}`,
  }));
  const now = new Date();
  for (let i = 0; i < people.length; i += 25) {
    await Promise.all(
      people.slice(i, i + 25).map((person, k) =>
        memberships.save(programme.programmeId, person.id, (current) => ({
          ...signUp(
            programme,
            current,
            person,
            {
              programmeId: programme.programmeId,
              groupIds: [group.id],
              municipalityCode: codes[(i + k) % codes.length]!,
              preferredChannel: 'teams',
              otherChannel: '',
              roleOrLibrary: '',
            },
            now,
          ),
          contact: {
            teamsUserId: `29:${person.id}`,
            botId: BOT.id,
            tenantId: 'tenant-1',
            serviceUrl: connector.url,
            language: 'sv',
            ...(chats && (i + k) % 2 === 0 ? { conversationId: `a:personal-${person.id}` } : {}),
          },
        })),
      ),
    );
  }
  const created = overdue ? new Date(now.getTime() - 7 * 86_400_000) : now;
  const poll = createPoll(
    {
      programmeId: programme.programmeId,
      groupId: group.id,
      groupName: group.name,
      regionCodes: codes,
      kind: 'date',
      question: 'Vilken dag?',
      optionLabels: [],
      days: [
        { date: '2031-04-15', part: 'fullDay' },
        { date: '2031-04-16', part: 'fullDay' },
      ],
      anonymous: false,
      showResultsBeforeClose: true,
      deadlineDate: new Date(created.getTime() + 86_400_000).toISOString().slice(0, 10),
      deadlineHour: 12,
    },
    COORDINATOR,
    created,
    `poll-${randomUUID().slice(0, 8)}`,
  );
  await new PollStore(containers.polls).create({
    ...poll,
    posted: { conversationId: CHANNEL, activityId: 'poll-card-1' },
  });
  return { storage, poll, people };
}

function invoke(person: { id: string; name: string }, verb: string, data: Record<string, unknown>) {
  return {
    type: 'invoke',
    name: 'adaptiveCard/action',
    id: randomUUID(),
    channelId: 'msteams',
    serviceUrl: connector.url,
    locale: 'sv-SE',
    from: { id: `29:${person.id}`, aadObjectId: person.id, name: person.name },
    recipient: BOT,
    conversation: { id: `${CHANNEL};messageid=poll-card-1`, conversationType: 'channel', tenantId: 'tenant-1' },
    channelData: { tenant: { id: 'tenant-1' }, team: { id: '19:team@thread.tacv2' } },
    replyToId: 'poll-card-1',
    value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
  };
}

async function post(bot: ChildBot, activity: object): Promise<any> {
  const response = await fetch(`${bot.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });
  return { status: response.status, body: await response.json().catch(() => undefined) };
}

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
    const { storage, poll, people } = await world(database, 150);

    const acknowledged: string[] = [];
    let killing: Promise<void> | undefined;
    await Promise.all(
      people.map(async (person, n) => {
        try {
          const answer = await post(
            first,
            invoke(person, 'polls.vote', { pollId: poll.pollId, answer_d1: n % 2 ? 'yes' : 'no', answer_d2: 'yes' }),
          );
          if (answer.status === 200 && answer.body?.type === 'application/vnd.microsoft.card.adaptive') {
            acknowledged.push(person.id);
            if (acknowledged.length === 40) killing = first.kill();
          }
        } catch {
          // the process died under this request: not acknowledged, so nothing is promised
        }
      }),
    );
    await killing;
    expect(acknowledged.length).toBeGreaterThanOrEqual(40);
    expect(acknowledged.length).toBeLessThan(people.length); // the kill did cut the burst

    await startChild(database); // the restart reads the same store
    const stored = await new PollStore(storage.containers.polls).listVotes(poll.pollId);
    const voters = new Set(stored.map((vote) => vote.voter!.id));
    expect(acknowledged.filter((id) => !voters.has(id))).toEqual([]);
    expect(stored.length).toBe(voters.size); // one document per voter, never two
  }, 120_000);

  it('delivers every reminder exactly once when the bot is killed in the middle of sending them', async () => {
    await startConnector();
    const database = `crash-outbox-${randomUUID()}`;
    const first = await startChild(database);
    const { storage, poll } = await world(database, 60);
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
    const { storage, poll, people } = await world(database, 40, { overdue: false });
    pair.push(await startChild(database, environment));
    const overdue = await world(database, 0, { overdue: true }); // a second poll, past its deadline: both tick it

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
      (await new PollStore(storage.containers.polls).listVotes(poll.pollId)).map((v) => v.voter!.id),
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
