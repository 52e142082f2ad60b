/**
 * Proves the browser harness against the real Agents Playground with a tiny probe bot (not the product bot), and
 * pins down the activity shapes the product's e2e tests rely on. See PLAYGROUND.md.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  PLAYGROUND_DEFAULTS,
  PlaygroundSession,
  cardContaining,
  chooseInCard,
  clickCardButton,
  describeInBrowser,
  fillInCard,
  openChannel,
  openGroupChat,
  postInChannelMentioningBot,
  screenshotOnFailure,
  sendMessage,
  waitForText,
} from './support/playground.js';

describeInBrowser('Agents Playground harness', () => {
  let probe: ProbeBot | undefined;
  const session = new PlaygroundSession();

  beforeAll(async () => {
    probe = await startProbeBot();
    // The proxy records what the Playground sends and shows that a test can switch the bot's language.
    await session.start({ botEndpoint: probe.url, proxy: { locale: 'sv-SE' } });
  });

  afterAll(async () => {
    try {
      await session.stop();
    } finally {
      await probe?.stop();
    }
  });

  it('personal chat: a message gets a reply, and Action.Execute replaces the card in place', async ({
    onTestFailed,
  }) => {
    onTestFailed(() => screenshotOnFailure(session, 'harness-personal'));
    const { page, proxy, playground } = session;

    await sendMessage(page, 'ping');
    await waitForText(page, 'pong: ping');

    const card = await cardContaining(page, 'Probe card');
    await chooseInCard(card, 'Kommun', 'Lund');
    await fillInCard(card, 'Roll', 'bibliotekarie');
    await clickCardButton(card, 'Skicka');
    await waitForText(page, 'Tack! lund');
    await page.getByText('Your response was sent to the app').waitFor();

    const message = await proxy!.waitForActivity((a) => a.type === 'message' && a.text === 'ping');
    expect(message).toMatchObject({
      from: {
        id: PLAYGROUND_DEFAULTS.user.id,
        name: PLAYGROUND_DEFAULTS.user.name,
        aadObjectId: PLAYGROUND_DEFAULTS.user.aadObjectId,
      },
      recipient: PLAYGROUND_DEFAULTS.bot,
      conversation: { conversationType: 'personal', tenantId: PLAYGROUND_DEFAULTS.tenantId },
      channelData: { tenant: { id: PLAYGROUND_DEFAULTS.tenantId } },
      channelId: 'msteams',
      locale: 'en-US',
      serviceUrl: playground!.connectorUrl,
    });
    const invoke = await proxy!.waitForActivity((a) => a.type === 'invoke');
    expect(invoke.name).toBe('adaptiveCard/action');
    // Inputs are merged into the action's own data, as in Teams.
    expect(invoke.value.action).toEqual({
      type: 'Action.Execute',
      title: 'Skicka',
      verb: 'probe.submit',
      data: { x: 1, municipality: 'lund', role: 'bibliotekarie' },
    });
    // The bot saw the proxy's locale, not the Playground's fixed en-US.
    expect(probe!.activities.find((a) => a.type === 'message')?.locale).toBe('sv-SE');
  });

  it('group chat and channel: messages that @mention the bot reach it', async ({ onTestFailed }) => {
    onTestFailed(() => screenshotOnFailure(session, 'harness-group-channel'));
    const { page, proxy } = session;

    await openGroupChat(page);
    await sendMessage(page, 'hej gruppen', { mentionBot: true });
    await waitForText(page, 'pong: hej gruppen');

    await openChannel(page);
    await postInChannelMentioningBot(page, 'hej kanalen', { proxy });
    await waitForText(page, 'pong: hej kanalen');

    const group = await proxy!.waitForActivity(
      (a) => a.type === 'message' && a.conversation?.conversationType === 'groupChat',
    );
    expect(group.text).toBe(`<at>${PLAYGROUND_DEFAULTS.bot.name}</at> hej gruppen`);
    expect(group.entities).toContainEqual({
      type: 'mention',
      mentioned: { id: PLAYGROUND_DEFAULTS.bot.id, name: PLAYGROUND_DEFAULTS.bot.name },
      text: `<at>${PLAYGROUND_DEFAULTS.bot.name}</at>`,
    });
    const post = await proxy!.waitForActivity(
      (a) => a.type === 'message' && a.conversation?.conversationType === 'channel',
    );
    expect(post.conversation.id).toMatch(new RegExp(`^${PLAYGROUND_DEFAULTS.team.id};messageid=\\d+$`));
    expect(post.channelData).toMatchObject({
      team: { id: PLAYGROUND_DEFAULTS.team.id },
      channel: { id: PLAYGROUND_DEFAULTS.team.generalChannelId },
      tenant: { id: PLAYGROUND_DEFAULTS.tenantId },
    });
  });
});

// ---------------------------------------------------------------------------------------------------------------

type ProbeBot = { url: string; activities: any[]; stop(): Promise<void> };

/** Echoes messages with "pong: <text>" plus a card, and answers Action.Execute with a replacement card. */
async function startProbeBot(): Promise<ProbeBot> {
  const activities: any[] = [];
  const server: Server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    // The Playground probes the endpoint with HEAD before it loads; any status will do.
    if (request.method !== 'POST' || !body) return void response.writeHead(200).end();
    const activity = JSON.parse(body);
    activities.push(activity);
    if (activity.type === 'invoke' && activity.name === 'adaptiveCard/action') {
      const data = activity.value?.action?.data ?? {};
      response.writeHead(200, { 'content-type': 'application/json' });
      return void response.end(
        JSON.stringify({
          statusCode: 200,
          type: 'application/vnd.microsoft.card.adaptive',
          value: card([`Tack! ${data.municipality}`]),
        }),
      );
    }
    response.writeHead(activity.type === 'invoke' ? 200 : 202).end();
    if (activity.type !== 'message') return;
    const text = String(activity.text ?? '')
      .replace(/<at>[^<]*<\/at>/g, '')
      .trim();
    try {
      await reply(activity, { text: `pong: ${text}` });
      await reply(activity, {
        attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: probeCard() }],
      });
    } catch (error) {
      // The test then times out waiting for the reply; this says why.
      console.warn(String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages`,
    activities,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function reply(to: any, content: Record<string, unknown>): Promise<void> {
  const url = `${to.serviceUrl}/v3/conversations/${encodeURIComponent(to.conversation.id)}/activities/${encodeURIComponent(to.id)}`;
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'message',
      from: to.recipient,
      recipient: to.from,
      conversation: to.conversation,
      replyToId: to.id,
      ...content,
    }),
  });
  if (!response.ok) throw new Error(`The Playground refused a reply: ${response.status} ${await response.text()}`);
}

function card(lines: string[], extra: { body?: unknown[]; actions?: unknown[] } = {}) {
  return {
    type: 'AdaptiveCard',
    version: '1.5',
    body: [...lines.map((text) => ({ type: 'TextBlock', text, wrap: true })), ...(extra.body ?? [])],
    actions: extra.actions ?? [],
  };
}

function probeCard() {
  return card(['Probe card'], {
    body: [
      {
        type: 'Input.ChoiceSet',
        id: 'municipality',
        label: 'Kommun',
        style: 'compact',
        choices: [
          { title: 'Lund', value: 'lund' },
          { title: 'Malmö', value: 'malmo' },
          { title: 'Ystad', value: 'ystad' },
        ],
      },
      { type: 'Input.Text', id: 'role', label: 'Roll' },
    ],
    actions: [{ type: 'Action.Execute', title: 'Skicka', verb: 'probe.submit', data: { x: 1 } }],
  });
}
