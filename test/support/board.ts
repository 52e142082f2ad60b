import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { personalChat, type BotHarness, type TestPerson } from './bot-harness.js';
import { TENANT_ID } from './tenant.js';
import { assembledFocusGroup, coordinator, groupChannel, members, giveRole } from './focus-group.js';

/** The tenant and app registration the test board accepts tokens for (see boardEnvironment). */
export const BOARD_TENANT = '00000000-0000-0000-0000-0000000000001';
export const BOARD_CLIENT_ID = '6f1c2e3d-4b5a-4c7d-8e9f-0a1b2c3d4e5f';

export const staff: TestPerson = { id: 's0000000-0000-0000-0000-000000000003', name: 'Sara Regional' };
export const outsider: TestPerson = { id: 'f0000000-0000-0000-0000-000000000009', name: 'Olle Utanför' };

/**
 * A local stand-in for Entra ID's published signing keys, served over HTTP on 127.0.0.1 (the bot fetches them
 * as it would in Azure, through BOARD_JWKS_URL), and tokens signed with its private key as Teams would hand them
 * to the tab.
 */
export class LocalEntraKeys {
  url = '';
  private server?: Server;
  private privateKey?: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

  static async start(): Promise<LocalEntraKeys> {
    const keys = new LocalEntraKeys();
    const pair = await generateKeyPair('RS256');
    keys.privateKey = pair.privateKey;
    const body = JSON.stringify({ keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'test-key', use: 'sig' }] });
    keys.server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(body);
    });
    await new Promise<void>((resolve) => keys.server!.listen(0, '127.0.0.1', () => resolve()));
    keys.url = `http://127.0.0.1:${(keys.server.address() as AddressInfo).port}/discovery/v2.0/keys`;
    return keys;
  }

  /** A v2.0 access token for the board's app registration, as Teams' getAuthToken gives it. */
  token(person: TestPerson, options: { tenantId?: string; audience?: string } = {}): Promise<string> {
    const tenantId = options.tenantId ?? BOARD_TENANT;
    return new SignJWT({ tid: tenantId, oid: person.id, name: person.name, ver: '2.0' })
      .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
      .setIssuer(`https://login.microsoftonline.com/${tenantId}/v2.0`)
      .setAudience(options.audience ?? BOARD_CLIENT_ID)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(this.privateKey!);
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

export function boardEnvironment(keys: LocalEntraKeys): Record<string, string> {
  // The board's tenant (the Playground's, for the browser test) and the one the harness's chat activities carry.
  return { ALLOWED_TENANT_IDS: `${BOARD_TENANT},${TENANT_ID}`, BOARD_CLIENT_ID, BOARD_JWKS_URL: keys.url };
}

const completePlan = {
  name: 'MIK-lådan',
  purpose: 'Ett bokningsbart kit för att öva källkritik och medieproduktion.',
  targetGroups: '10–15 år, lärare och bibliotekarier',
  item1Name: 'Surfplatta',
  item1Description: 'Med appar för filmredigering',
  item1Quantity: '6',
  item1UnitPrice: '3 490',
  item1Supplier: 'https://www.example.se/surfplatta',
  item2Name: 'Green screen',
  item2Quantity: '1',
  item2UnitPrice: '899,50',
  item2Supplier: 'Fotobutiken',
  loanPeriod: '4 veckor',
  whoMayBook: 'Folk- och skolbibliotek i länet',
  pickupAndReturn: 'Skickas med transporten, lämnas tillbaka till länsbiblioteket',
  maintainedBy: 'Regionbiblioteket',
};

/**
 * The example programme with every Jämtland municipality in both groups, the first group linked to a channel,
 * regional staff, the kit plan submitted through its card and the video sent as a file (VP8 WebM, which Chromium
 * plays) through the real file path: what the board shows a reviewer.
 */
export async function programmeWithOutputs(bot: BotHarness) {
  const { programmeId, mik, digital } = await assembledFocusGroup(bot);
  await datePollWithVotes(bot, programmeId, mik);
  await giveRole(bot, programmeId, staff, 'regionalStaff');
  bot.now = new Date('2027-08-10T08:00:00Z');
  const [anna, bertil] = members as [TestPerson, TestPerson];
  await bot.execute(anna, 'outputs.kitPlanSubmit', {
    programmeId,
    groupId: mik,
    outputId: 'kitPlan-1',
    etag: '',
    rows: '4',
    ...completePlan,
  });

  const video = readFileSync(new URL('../fixtures/media/short-4s.webm', import.meta.url));
  const files = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': video.length });
    response.end(video);
  });
  await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', () => resolve()));
  try {
    const videoRef = { programmeId, groupId: digital, outputId: 'video-1' };
    await bot.execute(bertil, 'outputs.expectFile', videoRef);
    const path = `/v3/conversations/${personalChat(bertil).id}/activities`;
    const before = bot.connector.calls.length;
    await bot.sendFile(bertil, {
      downloadUrl: `http://127.0.0.1:${(files.address() as AddressInfo).port}/v`,
      name: 'studiebesok.webm',
    });
    const deadline = Date.now() + 20_000;
    while (!bot.connector.calls.slice(before).some((call) => call.method === 'POST' && call.path === path)) {
      if (Date.now() > deadline) throw new Error('the video was not stored in time');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const stored = await bot.outputStore().outputs.get(programmeId, digital, 'video-1');
    if (stored?.status !== 'submitted') throw new Error(`the video is ${stored?.status ?? 'missing'}`);
  } finally {
    files.closeAllConnections();
    await new Promise((resolve) => files.close(resolve));
  }
  const kitPlan = await bot.outputStore().outputs.get(programmeId, mik, 'kitPlan-1');
  if (kitPlan?.status !== 'submitted') throw new Error(`the kit plan is ${kitPlan?.status ?? 'missing'}`);
  return { programmeId, mik, digital };
}

/** A date poll in the first group's channel, three days, answered by five of the eight municipalities. */
export async function datePollWithVotes(bot: BotHarness, programmeId: string, groupId: string): Promise<string> {
  await bot.execute(coordinator, 'polls.create', {
    programmeId,
    groupId,
    question: 'Vilken dag träffas vi i vår?',
    kind: 'date',
    days: '2027-04-13/fullDay,2027-04-14/fullDay,2027-04-15/fullDay',
    showResults: 'true',
    anonymous: 'false',
    deadlineDate: '2027-03-01',
    deadlineHour: '12',
  });
  const [poll] = await bot.pollStore().polls.listForGroup(programmeId, groupId);
  const answers = [
    ['yes', 'yes', 'no'],
    ['yes', 'ifNeedBe', 'no'],
    ['no', 'yes', 'yes'],
    ['yes', 'yes', 'ifNeedBe'],
    ['ifNeedBe', 'no', 'yes'],
  ];
  for (const [index, [d1, d2, d3]] of answers.entries()) {
    await bot.execute(
      members[index]!,
      'polls.vote',
      { pollId: poll!.pollId, answer_d1: d1, answer_d2: d2, answer_d3: d3 },
      { conversation: groupChannel },
    );
  }
  return poll!.pollId;
}
