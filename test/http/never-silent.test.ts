import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotHarness, BOT, cardOf, cardText, postedCard, textOf, type TestPerson } from '../support/bot-harness.js';
import { cardProblems, validCard } from '../support/adaptive-cards.js';
import { assembledFocusGroup, coordinator, groupChannel, members, datePollForm } from '../support/focus-group.js';
import { capturingLogger } from '../support/logs.js';

/**
 * Issue 12, items 4-7 and 12: nothing a person sends goes unanswered, no click ends in an error page, a crafted id
 * is "not found" (no store asked, nothing logged at error level), and no reply repeats a wall of typed text.
 */
const logs = capturingLogger();
let bot: BotHarness;
let programmeId: string;
let mik: string;
let pollId: string;
const [anna] = members as [TestPerson];
const stranger: TestPerson = { id: 'f0000000-0000-0000-0000-000000000077', name: 'Sture Främling' };
const otherChannel = {
  id: '19:unlinked@thread.tacv2',
  conversationType: 'channel' as const,
  teamId: '19:t@thread.tacv2',
};

beforeAll(async () => {
  bot = await BotHarness.start({ seedCoordinators: [coordinator], logger: logs.logger });
  ({ programmeId, mik } = await assembledFocusGroup(bot));
  const created = await bot.execute(coordinator, 'polls.create', datePollForm(programmeId, mik));
  pollId = cardOf(created).refresh.action.data.pollId;
});
afterAll(async () => bot?.stop());

/** A message as Teams sends a picture pasted in personal chat: no text, the image and its HTML. */
function picture(person: TestPerson, locale = 'sv-SE') {
  return bot.post({
    type: 'message',
    id: `picture-${Math.random()}`,
    channelId: 'msteams',
    serviceUrl: bot.connector.url,
    locale,
    from: { id: `29:${person.id}`, aadObjectId: person.id, name: person.name },
    recipient: BOT,
    conversation: { id: `a:personal-${person.id}`, conversationType: 'personal', tenantId: 'tenant-1' },
    channelData: { tenant: { id: 'tenant-1' } },
    text: '',
    attachments: [
      { contentType: 'image/png', contentUrl: 'https://smba.trafficmanager.net/amer/v3/attachments/x/views/original' },
      { contentType: 'text/html', content: '<div><div><span><img src="https://x/y.png"></span></div></div>' },
    ],
  });
}

describe('never silent (item 4)', () => {
  it("answers a picture in personal chat with a short hint, in the person's language", async () => {
    const sv = await picture(stranger);
    expect(textOf(sv)).toBe(
      'Jag hittar ingen text i ditt meddelande. Bilder och vanliga filer kan jag inte läsa; en video till gruppens resultat tar jag emot som fil. Skriv ”hjälp” så visar jag vad jag kan.',
    );
    const en = await picture(stranger, 'en-GB');
    expect(textOf(en)).toMatch(/^I find no text in your message\. I cannot read pictures/);
  });

  it('answers a file in personal chat that no feature can take', async () => {
    const reply = await bot.post({
      type: 'message',
      id: 'odd-file',
      channelId: 'msteams',
      serviceUrl: bot.connector.url,
      locale: 'sv-SE',
      from: { id: `29:${stranger.id}`, aadObjectId: stranger.id, name: stranger.name },
      recipient: BOT,
      conversation: { id: `a:personal-${stranger.id}`, conversationType: 'personal', tenantId: 'tenant-1' },
      channelData: { tenant: { id: 'tenant-1' } },
      attachments: [{ contentType: 'application/vnd.microsoft.teams.file.download.info', name: 'x.docx', content: {} }],
    });
    expect(textOf(reply)).toMatch(/^Jag hittar ingen text i ditt meddelande\./);
  });

  it('answers a bare @mention in a channel and in a group chat', async () => {
    const channel = await bot.say(anna, '', { conversation: groupChannel });
    expect(textOf(channel)).toBe(
      'Ja? Skriv vad du vill efter mitt namn, till exempel ”@Fokusgrupper medlemmar”. ”@Fokusgrupper hjälp” visar allt jag kan.',
    );
    const chat = await bot.say(anna, ' ', {
      conversation: { id: '19:chat@thread.v2', conversationType: 'groupChat' },
      locale: 'en-US',
    });
    expect(textOf(chat)).toBe(
      'Yes? Write what you want after my name, for example “@Fokusgrupper members”. “@Fokusgrupper help” shows everything I can do.',
    );
  });
});

describe('never an error page (item 5)', () => {
  it('answers an Action.Execute without a verb with 200 and an out-of-date card', async () => {
    const reply = await bot.post({
      type: 'invoke',
      name: 'adaptiveCard/action',
      id: 'no-verb',
      channelId: 'msteams',
      serviceUrl: bot.connector.url,
      locale: 'sv-SE',
      from: { id: `29:${anna.id}`, aadObjectId: anna.id, name: anna.name },
      recipient: BOT,
      conversation: { id: `a:personal-${anna.id}`, conversationType: 'personal', tenantId: 'tenant-1' },
      channelData: { tenant: { id: 'tenant-1' } },
      value: { action: { type: 'Action.Execute' }, trigger: 'manual' },
    });
    expect(reply.status).toBe(200);
    const card = validCard(reply);
    expect(cardText(card)).toContain('Det här kortet är inaktuellt');
    expect(card.actions.map((a: any) => [a.title, a.verb])).toEqual([
      ['Mina grupper', 'membership.myGroups'],
      ['Vad kan jag göra?', 'help.show'],
    ]);
  });

  it('leads an old poll card to the current one, and the way works', async () => {
    const reply = await bot.execute(anna, 'polls.voteV0', { pollId, answer_d1: 'yes' }, { locale: 'en-GB' });
    expect(reply.status).toBe(200);
    const card = validCard(reply);
    expect(cardText(card)).toContain('This card is out of date');
    const way = card.actions[0];
    expect([way.title, way.verb, way.data]).toEqual(['Show the poll', 'polls.refresh', { pollId }]);
    const current = validCard(await bot.execute(anna, way.verb, way.data, { locale: 'en-GB' }));
    expect(cardText(current)).toContain('Vilken dag?');
    // Help, offered on every out-of-date card, is a verb too.
    expect(cardText(validCard(await bot.execute(anna, 'help.show', {})))).toContain('Det här kan jag hjälpa dig med');
  });

  it('answers an old Action.Submit (clients without Universal Actions) the same way', async () => {
    const reply = await bot.submit(anna, 'outputs.viewOld', { programmeId, groupId: mik, outputId: 'kitPlan-1' });
    const card = postedCard(reply);
    expect(cardProblems(card)).toEqual([]);
    expect(card.actions[0]).toMatchObject({
      verb: 'outputs.view',
      data: { programmeId, groupId: mik, outputId: 'kitPlan-1' },
    });
  });
});

describe('crafted ids (item 6)', () => {
  const crafted = ['a/b', 'a\\b', 'a#b', 'a?b'];

  it('answers "not found" to an id with / \\ # ? in every kind of ref, asking no store and logging no error', async () => {
    const cases: [string, (id: string) => Record<string, unknown>][] = [
      ['polls.vote', (id) => ({ pollId: id, answer_d1: 'yes', answer_d2: 'no' })],
      ['polls.refresh', (id) => ({ pollId: id })],
      ['programmes.manage', (id) => ({ programmeId: id })],
      ['membership.members', (id) => ({ programmeId, groupId: id })],
      ['meetings.show', (id) => ({ programmeId, meetingId: id })],
      ['outputs.view', (id) => ({ programmeId, groupId: mik, outputId: id })],
      ['meetings.removeItem', (id) => ({ programmeId, meetingId: 'm1', itemId: id })],
      ['programmes.removeRole', (id) => ({ programmeId, personId: id, role: 'coordinator' })],
      ['programmes.link', (id) => ({ target: `${programmeId}|${id}` })],
      ['kit.return', (id) => ({ programmeId, kitId: 'kit', bookingId: id, lastWeek: '2027-W10' })],
      [
        'membership.signUp',
        (id) => ({ programmeId, groupIds: `${mik},${id}`, municipalityCode: '2303', preferredChannel: 'teams' }),
      ],
    ];
    for (const [verb, data] of cases) {
      for (const id of crafted) {
        bot.bot.storage.meter.reset();
        const errorsBefore = logs.errors().length;
        const reply = await bot.execute(coordinator, verb, data(id));
        expect(reply.status, verb).toBe(200);
        expect(textOf(reply), `${verb} ${id}`).toBe(
          'Jag hittar inte det som kortet pekar på. Det kan ha tagits bort. Ingenting har ändrats.',
        );
        expect(bot.bot.storage.meter.total, `${verb} ${id}`).toBe(0);
        expect(logs.errors().length).toBe(errorsBefore);
      }
    }
  });

  it('never answers a crafted id with an internal error, whichever card verb gets it (from the listener registry)', async () => {
    const data = {
      programmeId: 'p/1',
      groupId: 'g#1',
      pollId: 'p?1',
      meetingId: 'm\\1',
      outputId: 'o/1',
      itemId: 'i#1',
      personId: 'x?y',
      target: 'p/1|g#1',
      kitId: 'k/1',
      bookingId: 'b#1',
      entryId: 'e?1',
      legId: 'to:b\\1',
    };
    const verbs = bot.bot.listeners.filter((l) => l.kind === 'cardAction').map((l) => l.name);
    expect(verbs.length).toBeGreaterThan(30);
    for (const verb of verbs) {
      const reply = await bot.execute(coordinator, verb, data, { locale: 'en-GB' });
      expect(reply.status, verb).toBe(200);
      expect(textOf(reply), verb).not.toMatch(/Something went wrong/);
    }
    expect(logs.errors()).toEqual([]);
  });
});

describe('what a person typed is cut short (item 7)', () => {
  const wall = 'Lorem ipsum dolor sit amet '.repeat(400);

  it('answers "medlemmar" and 10,000 characters with a line, not the 10,000', async () => {
    const reply = textOf(await bot.say(anna, `medlemmar ${wall}`));
    expect(reply).toMatch(
      /^Jag hittar ingen grupp som heter ”lorem ipsum dolor sit amet lorem ipsum dolor sit amet[^”]*…”/,
    );
    expect(reply.length).toBeLessThan(160);
  });

  it('cuts an unknown command and an unknown group id sent by a card the same way', async () => {
    const unknown = textOf(await bot.say(stranger, wall, { locale: 'en-GB' }));
    expect(unknown).toMatch(/^I did not understand “Lorem ipsum[^”]{20,70}…”\. Write “help”/);
    const signUp = textOf(
      await bot.execute(stranger, 'membership.signUp', {
        programmeId,
        groupIds: 'x'.repeat(250),
        municipalityCode: '2303',
        preferredChannel: 'teams',
      }),
    );
    expect(signUp).toMatch(/^Gruppen ”x{60}…” finns inte i programmet\./);
  });
});

describe('installed in a channel (item 12)', () => {
  it("posts a short welcome for members, not the help card with coordinators' commands", async () => {
    const reply = await bot.conversationUpdate([{ id: BOT.id }], { by: coordinator, conversation: otherChannel });
    expect(reply.activities).toHaveLength(1);
    expect(postedCard(reply)).toBeUndefined();
    const welcome = textOf(reply);
    expect(welcome).toMatch(/^Hej allihop! Jag är Fokusgrupper/);
    expect(welcome).toContain('”@Fokusgrupper anmäl”');
    expect(welcome).not.toMatch(/nytt program|ny omröstning|koppla grupp/);
  });

  it("greets in the linked group's programme language, and a person in personal chat with the help card", async () => {
    const installedAgain = await bot.conversationUpdate([{ id: BOT.id }], {
      by: anna,
      conversation: groupChannel,
      locale: 'en-US',
    });
    expect(textOf(installedAgain)).toMatch(/^Hej allihop!/); // the programme speaks Swedish, whoever installs
    const personal = await bot.conversationUpdate([{ id: BOT.id }], { by: stranger, locale: 'en-GB' });
    expect(cardText(postedCard(personal))).toContain('Hi! I keep the focus groups together');
  });
});
