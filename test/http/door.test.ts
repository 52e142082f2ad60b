import { randomUUID } from 'node:crypto';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOT, BotHarness, TENANT_ID, cardText, postedCard, type TestPerson } from '../support/bot-harness.js';

/**
 * Findings: a person of another tenant signed up, read every member's name and library, and voted; an activity on
 * another channel with `from.id` set to a coordinator's object id (and no aadObjectId) was taken as that
 * coordinator; with authentication off the bot called whatever serviceUrl an activity named, and listened on
 * every interface. The door (src/platform/teams/door.ts) now stands before every turn.
 */
const coordinator: TestPerson = { id: 'c0000000-0000-0000-0000-000000000001', name: 'Karin Samordnare' };
const member: TestPerson = { id: 'a0000000-0000-0000-0000-000000000002', name: 'Anna Bibliotekarie' };
const stranger: TestPerson = { id: 'e0000000-0000-0000-0000-000000000003', name: 'Eve Annanstans' };
const FOREIGN_TENANT = 'tenant-of-someone-else';

let bot: BotHarness;
let programmeId: string;
let groupId: string;

beforeAll(async () => {
  bot = await BotHarness.start({ seedCoordinators: [coordinator] });
  const [programme] = await bot.storage().programmes.list();
  programmeId = programme!.programmeId;
  groupId = programme!.groups[0]!.id;
  const signedUp = await bot.execute(member, 'membership.signUp', {
    programmeId,
    groupIds: groupId,
    municipalityCode: '2380',
    preferredChannel: 'teams',
    otherChannel: '',
    roleOrLibrary: 'Östersunds bibliotek',
  });
  expect(signedUp.status).toBe(200);
});
afterAll(async () => bot?.stop());

type Shape = {
  channelId?: string;
  serviceUrl?: string;
  conversationTenant?: string | null;
  channelDataTenant?: string | null;
  from?: Record<string, unknown>;
  locale?: string;
  conversationId?: string;
};

/** An activity as a stranger would shape it; null leaves a tenant out. */
function activity(person: TestPerson, shape: Shape = {}) {
  const conversationTenant = shape.conversationTenant === undefined ? TENANT_ID : shape.conversationTenant;
  const channelDataTenant = shape.channelDataTenant === undefined ? TENANT_ID : shape.channelDataTenant;
  return {
    id: randomUUID(),
    channelId: shape.channelId ?? 'msteams',
    serviceUrl: shape.serviceUrl ?? bot.connector.url,
    timestamp: bot.now.toISOString(),
    locale: shape.locale ?? 'sv-SE',
    from: shape.from ?? { id: `29:${person.id}`, aadObjectId: person.id, name: person.name },
    recipient: BOT,
    conversation: {
      id: shape.conversationId ?? `a:personal-${person.id}`,
      conversationType: 'personal',
      ...(conversationTenant ? { tenantId: conversationTenant } : {}),
    },
    channelData: channelDataTenant ? { tenant: { id: channelDataTenant } } : {},
  };
}

const message = (person: TestPerson, text: string, shape?: Shape) => ({
  ...activity(person, shape),
  type: 'message',
  text,
});
const invoke = (person: TestPerson, verb: string, data: Record<string, unknown>, shape?: Shape) => ({
  ...activity(person, shape),
  type: 'invoke',
  name: 'adaptiveCard/action',
  value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
});

/**
 * Posts and proves the bot touched its store not at all (no read, no write) meanwhile; the outbox worker's polling
 * for due messages, which goes on beside every request, is not the request's doing.
 */
async function postTouchingNothing(body: Record<string, unknown>) {
  const operations = bot.bot.storage.meter.totalExcept('outbox');
  const reply = await bot.post(body);
  expect(bot.bot.storage.meter.totalExcept('outbox'), 'Cosmos operations').toBe(operations);
  return reply;
}

describe('another tenant', () => {
  const foreign = { conversationTenant: FOREIGN_TENANT, channelDataTenant: FOREIGN_TENANT };

  it('reads nothing: asking for the member list gets one short refusal, no names', async () => {
    const reply = await postTouchingNothing(message(stranger, 'medlemmar', foreign));
    expect(reply.status).toBe(200);
    expect(reply.activities.map((a) => a.text)).toEqual([
      'Den här boten är bara till för bibliotekspersonal i regionens organisation, så jag kan inte hjälpa dig här.',
    ]);
    expect(JSON.stringify(reply.activities)).not.toContain(member.name);
  });

  it('is refused once an hour per conversation, not once per message', async () => {
    const again = await postTouchingNothing(message(stranger, 'anmäl', foreign));
    expect(again.activities).toEqual([]);
    const english = await postTouchingNothing(
      message(stranger, 'help', { ...foreign, locale: 'en-GB', conversationId: 'a:another-chat' }),
    );
    expect(english.activities.map((a) => a.text)).toEqual([
      "This bot only serves library staff in the region's own organisation, so I cannot help you here.",
    ]);
  });

  it('writes nothing: a sign-up or a vote is answered 403 with nothing sent', async () => {
    const before = bot.connector.calls.length;
    const signUp = await postTouchingNothing(
      invoke(
        stranger,
        'membership.signUp',
        {
          programmeId,
          groupIds: groupId,
          municipalityCode: '2380',
          preferredChannel: 'teams',
          otherChannel: '',
          roleOrLibrary: 'Inte härifrån',
        },
        foreign,
      ),
    );
    expect(signUp.status).toBe(403);
    const vote = await postTouchingNothing(invoke(stranger, 'polls.vote', { pollId: 'any', day: 'yes' }, foreign));
    expect(vote.status).toBe(403);
    expect(bot.connector.calls.length).toBe(before);
    expect(await bot.storage().memberships.get(programmeId, stranger.id)).toBeUndefined();
  });

  it('cannot hide behind a tenant that disagrees with the other, or behind none', async () => {
    for (const shape of [
      { conversationTenant: FOREIGN_TENANT },
      { channelDataTenant: FOREIGN_TENANT },
      { conversationTenant: null, channelDataTenant: null },
    ]) {
      const reply = await postTouchingNothing(invoke(stranger, 'membership.members', { programmeId, groupId }, shape));
      expect(reply.status, JSON.stringify(shape)).toBe(403);
    }
    const silent = await postTouchingNothing(
      message(stranger, 'medlemmar', { conversationTenant: null, channelDataTenant: null }),
    );
    expect(silent.activities).toEqual([]);
  });
});

describe('who a person is', () => {
  const spoofedCoordinator = { id: coordinator.id, name: coordinator.name }; // from.id = the coordinator's object id

  it('is never from.id: without aadObjectId nothing is read or written, on any channel', async () => {
    for (const channelId of ['msteams', 'webchat', 'directline', 'emulator']) {
      const addRole = await postTouchingNothing(
        invoke(
          stranger,
          'programmes.addRole',
          { programmeId, personId: stranger.id, personName: stranger.name, role: 'coordinator' },
          { channelId, from: spoofedCoordinator },
        ),
      );
      expect(addRole.status, channelId).toBe(403);
      const command = await postTouchingNothing(
        message(stranger, 'medlemmar', { channelId, from: spoofedCoordinator }),
      );
      expect(command.activities, channelId).toEqual([]);
    }
    const programme = (await bot.storage().programmes.get(programmeId))!;
    expect(programme.coordinators.map((person) => person.id)).toEqual([coordinator.id]);
  });

  it('is served on Teams only, even with an object id', async () => {
    const reply = await postTouchingNothing(message(member, 'medlemmar', { channelId: 'webchat' }));
    expect(reply.activities).toEqual([]);
  });

  it('is served as before on Teams, in our tenant, with an object id', async () => {
    const card = postedCard(await bot.say(member, 'medlemmar'));
    expect(cardText(card)).toContain(`${member.name} (Östersunds bibliotek)`);
  });
});

describe('without authentication (npm start, tests)', () => {
  it('never calls a serviceUrl off this machine', async () => {
    // 0.0.0.0 reaches this machine's connector on Linux, so a regression would show up here as a call, not leave it.
    const port = new URL(bot.connector.url).port;
    const before = bot.connector.calls.length;
    const reply = await postTouchingNothing(message(member, 'hjälp', { serviceUrl: `http://0.0.0.0:${port}` }));
    expect(reply.status).toBe(200);
    const card = await postTouchingNothing(
      invoke(member, 'membership.members', { programmeId, groupId }, { serviceUrl: 'https://smba.example.net/' }),
    );
    expect(card.status).toBe(403);
    expect(bot.connector.calls.length).toBe(before);
  });

  it('listens on this machine only', async () => {
    const outward = Object.values(networkInterfaces())
      .flat()
      .find((address) => address && address.family === 'IPv4' && !address.internal);
    expect((await fetch(`${bot.url}/health`)).status).toBe(200);
    if (!outward) return; // a machine with no network interface besides loopback has nothing else to listen on
    await expect(fetch(`http://${outward.address}:${bot.bot.port}/health`)).rejects.toThrow();
  });

  it('counts every activity it turned away, by reason', () => {
    expect(bot.bot.rejections.byReason()).toEqual({
      'foreign-tenant': 5,
      'tenant-mismatch': 2,
      'no-tenant': 2,
      'no-person': 2,
      channel: 7,
      'service-url': 2,
    });
  });
});
