import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  BOT,
  BotHarness,
  cardOf,
  cardText,
  postedCard,
  textOf,
  type Conversation,
  type TestPerson,
} from '../support/bot-harness.js';
import { cardProblems, inputValue, press } from '../support/adaptive-cards.js';
import { assembledFocusGroup, coordinator, groupChannel, meetingForm, members } from '../support/focus-group.js';

const outsider: TestPerson = { id: 'f0000000-0000-0000-0000-000000000009', name: 'Olle Utanför' };
const meetingChat: Conversation = { id: '19:meeting_MIKtraff2027@thread.v2', conversationType: 'groupChat' };
const digitalChannel: Conversation = {
  id: '19:digital-group@thread.tacv2',
  conversationType: 'channel',
  teamId: '19:region-team@thread.tacv2',
};

const programmeText = [
  '09.30 Välkomna!   ',
  'Anja Dahlstedt, avdelningschef KB.',
  '',
  '',
  '10.00 Trender i planerna 2020',
  'Anna-Stina Takala, handläggare, KB.',
  '',
  'Eftermiddag',
  '',
  '13.00 Workshop: ett regionalt MIK-kit',
  'Vi planerar kitet tillsammans.',
  'Underlag https://example.org/mik-kit',
].join('\n');

let bot: BotHarness;
let programmeId: string;
let mik: string;
let digital: string;
let meetingId: string;

beforeAll(async () => {
  bot = await BotHarness.start({ seedCoordinators: [coordinator] });
  ({ programmeId, mik, digital } = await assembledFocusGroup(bot));
  // A date poll decided the day: 1 April 2027 at Kista bibliotek, 09:00–16:00.
  const created = cardOf(
    await bot.execute(coordinator, 'polls.create', {
      programmeId,
      groupId: mik,
      question: 'Vilken dag träffas vi i vår?',
      kind: 'date',
      days: '2027-03-31/fullDay,2027-04-01/fullDay',
      deadlineDate: '2027-03-01',
      deadlineHour: '12',
    }),
  );
  const pollId = created.refresh.action.data.pollId;
  await bot.execute(coordinator, 'polls.close', { pollId });
  await bot.execute(coordinator, 'polls.confirmDate', {
    pollId,
    optionId: 'd2',
    place: 'Kista bibliotek',
    startTime: '09:00',
    endTime: '16:00',
  });
});
afterAll(async () => bot?.stop());
beforeEach(() => {
  bot.now = new Date('2027-02-15T09:00:00Z');
});

async function stored() {
  return (await bot.meetingStore().meetings.get(programmeId, meetingId))!;
}

async function meetingState() {
  const { _etag, ...meeting } = await stored();
  return JSON.stringify(meeting);
}

function itemId(meeting: Awaited<ReturnType<typeof stored>>, title: string): string {
  return meeting.items.find((item) => item.title === title)!.id;
}

/** What the bot sent since `before`, once the outbox has delivered all it was given. */
async function callsSince(before: number) {
  await bot.delivered();
  return bot.connector.calls.slice(before);
}

const channelPath = `/v3/conversations/${groupChannel.id}/activities`;

/** A Teams meeting event, as Teams sends it into the meeting's chat: msteams, an event activity, PascalCase details. */
function meetingEvent(
  name: 'meetingStart' | 'meetingEnd',
  conversation: Conversation,
  details: Record<string, string>,
) {
  return bot.post({
    type: 'event',
    name: `application/vnd.microsoft.${name}`,
    id: randomUUID(),
    channelId: 'msteams',
    serviceUrl: bot.connector.url,
    timestamp: bot.now.toISOString(),
    from: { id: `29:${coordinator.id}`, aadObjectId: coordinator.id, name: coordinator.name },
    recipient: BOT,
    conversation: {
      id: conversation.id,
      conversationType: conversation.conversationType,
      isGroup: true,
      tenantId: 'tenant-1',
    },
    channelData: { tenant: { id: 'tenant-1' }, meeting: { id: 'MCMxOTptZWV0aW5n' } },
    value: {
      Id: 'MCMxOTptZWV0aW5n',
      MeetingType: 'Scheduled',
      JoinUrl: 'https://teams.microsoft.com/l/meetup-join/x',
      Title: 'MIK-träff',
      ...details,
    },
  });
}

describe('from a closed date poll to a posted agenda', () => {
  it('offers the coordinator a meeting form filled in from the decided poll', async () => {
    const form = postedCard(await bot.say(coordinator, 'nytt möte', { conversation: groupChannel }));
    expect(cardProblems(form)).toEqual([]);
    expect(cardText(form)).toContain('Nytt möte för MIK & ungas medievärldar');
    expect(cardText(form)).toContain('Dag, tid och plats är hämtade från omröstningen ”Vilken dag träffas vi i vår?”.');
    expect(
      ['date', 'startTime', 'endTime', 'place', 'sessions', 'reminderDays', 'reminderHour'].map((id) =>
        inputValue(form, id),
      ),
    ).toEqual(['2027-04-01', '09:00', '16:00', 'Kista bibliotek', 'Förmiddag\nEftermiddag', '7, 1', '9']);
    expect(inputValue(form, 'programmeText')).toBe(''); // the programme can be pasted right here
    expect(textOf(await bot.say(members[0]!, 'nytt möte', { conversation: groupChannel }))).toMatch(
      /^Det kan bara samordnare för Fokusgrupper digitalt först/,
    );
  });

  it('saves the day with a pasted programme as a draft agenda to correct, posting nothing yet', async () => {
    const form = postedCard(await bot.say(coordinator, 'nytt möte', { conversation: groupChannel }));
    const fromPollId = form.actions[0].data.fromPollId;
    const before = bot.connector.calls.length;
    const preview = cardOf(
      await bot.execute(
        coordinator,
        'meetings.save',
        meetingForm(programmeId, mik, { fromPollId, title: '', saveAsDefault: 'false', programmeText }),
      ),
    );
    // First how the text was read, with nothing stored; then the coordinator accepts it.
    expect(cardProblems(preview)).toEqual([]);
    expect(cardText(preview)).toContain('Så här läste jag programmet');
    expect(cardText(preview)).toContain('Anja Dahlstedt · roll: avdelningschef · organisation: KB');
    expect(await bot.meetingStore().meetings.listForGroup(programmeId, mik)).toEqual([]);
    const accept = press(preview, 'Spara');
    const editor = cardOf(await bot.execute(coordinator, accept.verb, accept.data));
    expect(cardProblems(editor)).toEqual([]);
    const text = cardText(editor);
    expect(text).toContain('Mötet är sparat som utkast.');
    expect(text).toContain('MIK & ungas medievärldar: Fokusgruppsträff');
    expect(text).toContain('torsdag 1 april 2027');
    expect(text).toContain('Anja Dahlstedt, avdelningschef, KB');
    expect(text).toContain('Anna-Stina Takala, handläggare, KB');
    expect(text).toContain('[Underlag](https://example.org/mik-kit)');
    expect(text).toContain('7, 1 dagar före, kl. 09:00');
    expect(text).toContain('Utkast: inte publicerat än.');
    expect((await callsSince(before)).filter((c) => c.path.startsWith(channelPath))).toEqual([]);
    const [meeting] = await bot.meetingStore().meetings.listForGroup(programmeId, mik);
    meetingId = meeting!.meetingId;
    expect(meeting).toMatchObject({
      status: 'draft',
      fromPollId,
      date: '2027-04-01',
      startTime: '09:00',
      place: 'Kista bibliotek',
    });
    expect(meeting!.items.map((i) => `${i.sessionId} ${i.startTime} ${i.title}`)).toEqual([
      'morning 09:30 Välkomna!',
      'morning 10:00 Trender i planerna 2020',
      'afternoon 13:00 Workshop: ett regionalt MIK-kit',
    ]);
    // The decided poll is now planned: a second "nytt möte" starts from scratch.
    expect(cardText(postedCard(await bot.say(coordinator, 'nytt möte', { conversation: groupChannel })))).not.toContain(
      'hämtade från omröstningen',
    );
  });

  it('adds an item where its time puts it, and moves items with the card', async () => {
    const added = cardOf(
      await bot.execute(coordinator, 'meetings.saveItem', {
        programmeId,
        meetingId,
        itemId: '',
        sessionId: 'morning',
        startTime: '10.45',
        title: 'Fika',
        description: '',
        presenters: '',
        links: '',
      }),
    );
    expect(cardProblems(added)).toEqual([]);
    expect(cardText(added)).toContain('Punkten ”Fika” är tillagd.');
    await bot.execute(coordinator, 'meetings.saveItem', {
      programmeId,
      meetingId,
      itemId: '',
      sessionId: 'afternoon',
      startTime: '',
      title: 'Filmning till videorapporten',
      description: 'Vi filmar i biblioteksrummet.',
      presenters: 'Maria Berg, bibliotekarie, Östersunds bibliotek',
      links: '',
    });
    await bot.execute(coordinator, 'meetings.saveItem', {
      programmeId,
      meetingId,
      itemId: '',
      sessionId: 'afternoon',
      startTime: '',
      title: 'Sammanfattning',
      description: '',
      presenters: '',
      links: '',
    });
    let meeting = await stored();
    const moved = cardOf(
      await bot.execute(coordinator, 'meetings.moveItem', {
        programmeId,
        meetingId,
        itemId: itemId(meeting, 'Sammanfattning'),
        direction: 'up',
      }),
    );
    expect(cardText(moved)).toContain('”Sammanfattning” är flyttad.');
    meeting = await stored();
    expect(meeting.items.map((i) => i.title)).toEqual([
      'Välkomna!',
      'Trender i planerna 2020',
      'Fika',
      'Workshop: ett regionalt MIK-kit',
      'Sammanfattning',
      'Filmning till videorapporten',
    ]);
  });

  it("refuses bad input and other people's edits with a clear message, changing nothing", async () => {
    const before = await meetingState();
    const item = (extra: Record<string, string>, person: TestPerson = coordinator, locale?: string) =>
      bot.execute(
        person,
        'meetings.saveItem',
        {
          programmeId,
          meetingId,
          itemId: '',
          sessionId: 'morning',
          startTime: '',
          title: 'Ny punkt',
          description: '',
          presenters: '',
          links: '',
          ...extra,
        },
        locale ? { locale } : {},
      );
    const answers = [
      await item({ title: '  ' }),
      await item({ startTime: '08:15' }),
      await item({ startTime: '14:00', title: 'Sen förmiddag' }),
      await item({ presenters: 'Anja Dahlstedt, chef, KB, Stockholm, Sverige' }),
      await item({ links: 'www.example.org' }),
      await item({}, members[0]),
      await item({ startTime: '17:00' }, coordinator, 'en-GB'),
      await bot.execute(coordinator, 'meetings.paste', {
        programmeId,
        meetingId,
        sessionId: 'morning',
        text: 'Välkomna!\nAnja Dahlstedt, , KB.',
      }),
      await bot.execute(members[1]!, 'meetings.removeItem', {
        programmeId,
        meetingId,
        itemId: (await stored()).items[0]!.id,
      }),
      await bot.execute(coordinator, 'meetings.moveItem', {
        programmeId,
        meetingId,
        itemId: itemId(await stored(), 'Trender i planerna 2020'),
        direction: 'up',
      }),
      await bot.execute(coordinator, 'meetings.save', {
        programmeId,
        meetingId,
        title: '',
        date: '2027-04-01',
        startTime: '10:00',
        endTime: '16:00',
        place: 'Kista bibliotek',
        sessions: 'Förmiddag\nEftermiddag',
        reminderDays: '7, 1',
        reminderHour: '9',
      }),
    ].map(textOf);
    const [programme] = await bot.storage().programmes.list();
    const notCoordinator = `Det kan bara samordnare för ${programme!.name} göra.`;
    expect(answers).toEqual([
      'Varje punkt behöver en rubrik. Ingenting har sparats.',
      '”Ny punkt” börjar 08:15, utanför dagen (09:00–16:00). Ingenting har sparats.',
      'Tiderna kommer i fel ordning: ”Workshop: ett regionalt MIK-kit” (13:00) står efter ”Sen förmiddag” (14:00). Ändra tiden eller ordningen. Ingenting har sparats.',
      'Jag kan inte läsa raden ”Anja Dahlstedt, chef, KB, Stockholm, Sverige” som en medverkande. Skriv ”Namn, roll, Organisation.”. Ingenting har sparats.',
      'Raden ”www.example.org” har ingen webbadress (som börjar med http:// eller https://). Ingenting har sparats.',
      notCoordinator,
      '“Ny punkt” starts at 17:00, outside the day (09:00–16:00). Nothing has been saved.',
      'Jag kan inte läsa raden ”Anja Dahlstedt, , KB.” som en medverkande. Skriv ”Namn, roll, Organisation.”. Ingenting har sparats.',
      notCoordinator,
      'Tiderna kommer i fel ordning: ”Välkomna!” (09:30) står efter ”Trender i planerna 2020” (10:00). Ändra tiden eller ordningen. Ingenting har sparats.',
      '”Välkomna!” börjar 09:30, utanför dagen (10:00–16:00). Ingenting har sparats.',
    ]);
    expect(await meetingState()).toBe(before);
  });

  it("publishes the agenda to the group's channel, with a calendar file for the day", async () => {
    const before = bot.connector.calls.length;
    const editor = cardOf(await bot.execute(coordinator, 'meetings.publish', { programmeId, meetingId }));
    expect(cardText(editor)).toContain('Dagordningen är publicerad i gruppens kanal.');
    const posts = (await callsSince(before)).filter((c) => c.method === 'POST' && c.path === channelPath);
    expect(posts).toHaveLength(1);
    const agenda = posts[0]!.body.attachments[0].content;
    expect(cardProblems(agenda)).toEqual([]);
    const text = cardText(agenda);
    expect(text).toContain('MIK & ungas medievärldar: Fokusgruppsträff');
    expect(text).toContain('Förmiddag\n09:30\nVälkomna!\nAnja Dahlstedt, avdelningschef, KB');
    expect(text).toContain('Eftermiddag\n13:00\nWorkshop: ett regionalt MIK-kit\nVi planerar kitet tillsammans.');
    expect(JSON.stringify(agenda)).not.toContain('meetings.edit'); // nobody's buttons on the channel's card
    expect(text).not.toContain('Utkast'); // the first post is the published agenda, not the draft it was
    const meeting = await stored();
    expect(meeting).toMatchObject({
      status: 'published',
      posted: { conversationId: groupChannel.id, activityId: expect.stringMatching(/^activity-/) },
    });

    const calendarUrl: string = agenda.actions.find((a: any) => a.type === 'Action.OpenUrl').url;
    const ics = await fetch(calendarUrl.replace(/^http:\/\/localhost:\d+/, bot.url));
    expect(ics.status).toBe(200);
    expect(ics.headers.get('content-type')).toContain('text/calendar');
    const body = (await ics.text()).replace(/\r\n[ \t]/g, '');
    expect(body).toContain('DTSTART:20270401T070000Z');
    expect(body).toContain('DTEND:20270401T140000Z');
    expect(body).toContain('LOCATION:Kista bibliotek');
    expect(body).toContain('09:30 Välkomna! (Anja Dahlstedt)');
    expect((await fetch(`${bot.url}/meetings/${programmeId}/${meetingId}/wrong-token.ics`)).status).toBe(404);
  });

  it('updates the posted card in place when the coordinator edits, and tells the group what changed in one line', async () => {
    const { posted } = await stored();
    const cardPath = `${channelPath}/${posted!.activityId}`;
    let before = bot.connector.calls.length;
    const meeting = await stored();
    await bot.execute(coordinator, 'meetings.saveItem', {
      programmeId,
      meetingId,
      itemId: itemId(meeting, 'Trender i planerna 2020'),
      sessionId: 'morning',
      startTime: '10:00',
      title: 'Trender i biblioteksplanerna',
      description: '',
      presenters: 'Anna-Stina Takala, handläggare, KB',
      links: '',
    });
    let calls = await callsSince(before);
    expect(calls.filter((c) => c.method === 'PUT').map((c) => c.path)).toEqual([cardPath]);
    expect(cardText(calls.find((c) => c.method === 'PUT')!.body.attachments[0].content)).toContain(
      'Trender i biblioteksplanerna',
    );
    const lines = calls.filter((c) => c.method === 'POST' && c.path === channelPath);
    expect(lines.map((c) => c.body.text)).toEqual([
      'Dagordningen för torsdag 1 april 2027 är ändrad: ”Trender i biblioteksplanerna” är ändrad.',
    ]);
    expect(lines[0]!.body.attachments ?? []).toEqual([]); // a line, not a second card

    before = bot.connector.calls.length;
    const removed = cardOf(
      await bot.execute(coordinator, 'meetings.removeItem', {
        programmeId,
        meetingId,
        itemId: itemId(await stored(), 'Sammanfattning'),
      }),
    );
    expect(cardText(removed)).toContain('Punkten ”Sammanfattning” är borttagen.');
    expect(cardText(removed)).toContain('Publicerad i gruppens kanal. Varje ändring uppdaterar kortet där');
    calls = await callsSince(before);
    expect(calls.filter((c) => c.method === 'PUT').map((c) => c.path)).toEqual([cardPath]);
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.body.text)).toEqual([
      'Dagordningen för torsdag 1 april 2027 är ändrad: ”Sammanfattning” är borttagen.',
    ]);

    before = bot.connector.calls.length;
    await bot.execute(coordinator, 'meetings.save', {
      programmeId,
      meetingId,
      title: 'Vårträff',
      date: '2027-04-01',
      startTime: '09:00',
      endTime: '16:30',
      place: 'Kista bibliotek, Kista allé 1',
      sessions: 'Förmiddag\nEftermiddag',
      reminderDays: '7, 1',
      reminderHour: '9',
    });
    calls = await callsSince(before);
    expect(calls.filter((c) => c.method === 'PUT').map((c) => c.path)).toEqual([cardPath]);
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.body.text)).toEqual([
      'Dagordningen för torsdag 1 april 2027 är ändrad: ny rubrik ”Vårträff”, ny tid 09:00–16:30, ny plats Kista bibliotek, Kista allé 1.',
    ]);
    expect((await stored()).sequence).toBeGreaterThan(meeting.sequence);
  });

  it('tells members about the next meeting and shows the agenda, in their own language', async () => {
    const next = postedCard(await bot.say(members[2]!, 'nästa möte', { conversation: groupChannel }));
    expect(cardProblems(next)).toEqual([]);
    expect(cardText(next)).toContain('torsdag 1 april 2027');
    expect(cardText(next)).toContain('09:00–16:30');
    expect(cardText(next)).toContain('Kista bibliotek, Kista allé 1');
    expect(cardText(next)).toContain('Visa dagordningen');
    expect(cardText(next)).not.toContain('Välkomna!');
    const shown = cardOf(
      await bot.execute(members[2]!, 'meetings.show', next.actions.find((a: any) => a.verb === 'meetings.show').data, {
        conversation: groupChannel,
      }),
    );
    expect(cardText(shown)).toContain('Välkomna!');

    const chooser = postedCard(await bot.say(members[3]!, 'agenda', { locale: 'en-GB' })); // in both groups: which one?
    const mikChoice = chooser.actions.find((a: any) => a.title.startsWith('MIK'));
    expect(mikChoice.verb).toBe('meetings.agenda');
    const english = cardOf(await bot.execute(members[3]!, 'meetings.agenda', mikChoice.data, { locale: 'en-GB' }));
    expect(cardProblems(english)).toEqual([]);
    expect(cardText(english)).toContain('Thursday 1 April 2027');
    expect(cardText(english)).toContain('Morning\n09:30\nVälkomna!');
    expect(cardText(english)).toContain('Afternoon');
    expect(cardText(english)).toContain('Add to calendar');

    const inChannel = postedCard(await bot.say(members[3]!, 'agenda', { conversation: groupChannel, locale: 'en-GB' }));
    expect(cardText(inChannel)).toContain('Thursday 1 April 2027'); // an answer to one person speaks theirs, here too
    expect(textOf(await bot.say(outsider, 'dagordning'))).toBe(
      'Du är inte med i någon grupp än. Skriv ”anmäl” för att gå med i en.',
    );
    expect(textOf(await bot.execute(outsider, 'meetings.show', { programmeId, meetingId }))).toBe(
      'Det är bara för medlemmarna i MIK & ungas medievärldar och programmets samordnare och regionala personal.',
    );
  });
});

describe('reminders', () => {
  it('go to the group a week and a day before, once, although two app instances share the store', async () => {
    const second = await BotHarness.startBeside(bot);
    try {
      const tickBoth = async (iso: string) => {
        bot.now = second.now = new Date(iso);
        await Promise.all([
          bot.bot.scheduler.tick(),
          second.bot.scheduler.tick(),
          bot.bot.scheduler.tick(),
          second.bot.scheduler.tick(),
        ]);
        await bot.delivered();
      };
      const reminders = (before: number) =>
        bot.connector.calls
          .slice(before)
          .filter((c) => c.path === channelPath && /^Påminnelse/.test(c.body?.text ?? ''));
      const before = bot.connector.calls.length;
      await tickBoth('2027-03-25T07:59:00Z'); // 08:59 in Stockholm, still winter time
      expect(reminders(before)).toEqual([]);
      await tickBoth('2027-03-25T08:00:30Z');
      await tickBoth('2027-03-25T09:00:00Z');
      expect(reminders(before).map((c) => c.body.text)).toEqual([
        'Påminnelse: MIK & ungas medievärldar träffas om en vecka, torsdag 1 april 2027 kl. 09:00–16:30, Kista bibliotek, Kista allé 1. Skriv ”dagordning” så visar jag programmet.',
      ]);
      await tickBoth('2027-03-31T06:59:00Z'); // 08:59, now summer time
      expect(reminders(before)).toHaveLength(1);
      await tickBoth('2027-03-31T07:00:30Z');
      await tickBoth('2027-03-31T07:30:00Z');
      expect(
        reminders(before)
          .map((c) => c.body.text)
          .at(-1),
      ).toMatch(/^Påminnelse: MIK & ungas medievärldar träffas i morgon, torsdag 1 april 2027/);
      expect(reminders(before)).toHaveLength(2);
    } finally {
      await second.stop();
    }
  });
});

describe('around the meeting', () => {
  it("posts the agenda in the group's meeting chat when the Teams meeting starts", async () => {
    const linked = await bot.execute(
      coordinator,
      'programmes.link',
      { target: `${programmeId}|${mik}` },
      { conversation: meetingChat },
    );
    expect(cardText(cardOf(linked))).toContain(
      'Det här mötets chatt är nu kopplad till MIK & ungas medievärldar. Gruppens kanal är kvar som förut',
    );
    bot.now = new Date('2027-04-01T06:58:00Z');
    const started = await meetingEvent('meetingStart', meetingChat, { StartTime: '2027-04-01T07:00:00.0000000Z' });
    expect(started.status).toBe(200);
    const agenda = started.activities[0].attachments[0].content;
    expect(cardProblems(agenda)).toEqual([]);
    expect(cardText(agenda)).toContain('Mötet har börjat. Välkomna! Här är dagens program.');
    expect(cardText(agenda)).toContain('Trender i biblioteksplanerna');
    expect(bot.connector.calls.at(-1)!.path).toContain(`/v3/conversations/${meetingChat.id}/activities`);
  });

  it('takes notes from chat, keeping what was typed and its links', async () => {
    bot.now = new Date('2027-04-01T10:00:00Z');
    const reply = await bot.say(
      members[0]!,
      'anteckning Vi provar KB:s temalådor i höst. Bilder: https://example.org/Temalador',
      { conversation: meetingChat },
    );
    expect(textOf(reply)).toBe(
      'Anteckningen från Bibliotekarie Ragunda är sparad. Alla i gruppen kan läsa den med ”anteckningar”.',
    );
    const [note] = await bot.meetingStore().meetings.listNotes(programmeId, mik);
    expect(note).toMatchObject({
      meetingId,
      text: 'Vi provar KB:s temalådor i höst. Bilder:',
      links: [{ url: 'https://example.org/Temalador' }],
      author: { id: members[0]!.id },
    });
    expect(textOf(await bot.say(outsider, 'anteckning Hej', { conversation: meetingChat }))).toBe(
      'Det är bara för medlemmarna i MIK & ungas medievärldar och programmets samordnare och regionala personal.',
    );
  });

  it('asks for notes when the meeting ends, and saves what members write on the card', async () => {
    bot.now = new Date('2027-04-01T14:31:00Z');
    const ended = await meetingEvent('meetingEnd', meetingChat, { EndTime: '2027-04-01T14:30:00.0000000Z' });
    const card = ended.activities[0].attachments[0].content;
    expect(cardProblems(card)).toEqual([]);
    expect(cardText(card)).toContain('Tack för idag!');
    const save = card.actions.find((a: any) => a.verb === 'meetings.addNote');
    const saved = cardOf(
      await bot.execute(
        members[4]!,
        'meetings.addNote',
        { ...save.data, text: 'Nästa steg: budget för kitet', link: 'https://example.org/budget' },
        { conversation: meetingChat },
      ),
    );
    expect(cardProblems(saved)).toEqual([]);
    expect(cardText(saved)).toContain('Anteckningen från Bibliotekarie Åre är sparad.');
    const before = JSON.stringify(await bot.meetingStore().meetings.listNotes(programmeId, mik));
    const refused = [
      await bot.execute(
        members[4]!,
        'meetings.addNote',
        { ...save.data, text: '', link: '' },
        { conversation: meetingChat },
      ),
      await bot.execute(
        members[4]!,
        'meetings.addNote',
        { ...save.data, text: 'Länk', link: 'budget.xlsx' },
        { conversation: meetingChat },
      ),
      await bot.execute(
        outsider,
        'meetings.addNote',
        { ...save.data, text: 'Hej', link: '' },
        { conversation: meetingChat },
      ),
    ].map(textOf);
    expect(refused).toEqual([
      'Skriv något i anteckningen, t.ex. ”anteckning Vi provar temalådor i höst”. Ingenting har sparats.',
      'Raden ”budget.xlsx” har ingen webbadress (som börjar med http:// eller https://). Ingenting har sparats.',
      'Det är bara för medlemmarna i MIK & ungas medievärldar och programmets samordnare och regionala personal.',
    ]);
    expect(JSON.stringify(await bot.meetingStore().meetings.listNotes(programmeId, mik))).toBe(before);
  });

  it('lets everyone in the group read the notes afterwards, in their own language', async () => {
    bot.now = new Date('2027-04-20T09:00:00Z');
    const chooser = postedCard(await bot.say(members[6]!, 'notes', { locale: 'en-GB' })); // a member of both groups
    expect(cardText(chooser)).toContain('Which group?');
    const choice = chooser.actions.find((a: any) => a.title.startsWith('MIK'));
    expect(choice.verb).toBe('meetings.notes');
    const notes = cardOf(await bot.execute(members[6]!, 'meetings.notes', choice.data, { locale: 'en-GB' }));
    expect(cardProblems(notes)).toEqual([]);
    const text = cardText(notes);
    expect(text).toContain('Notes: MIK & ungas medievärldar');
    expect(text).toContain('Thursday 1 April 2027 · Vårträff');
    expect(text).toContain('Vi provar KB:s temalådor i höst. Bilder:\n[example.org](https://example.org/Temalador)');
    expect(text).toContain('Nästa steg: budget för kitet');
    expect(text.indexOf('Nästa steg')).toBeLessThan(text.indexOf('Vi provar')); // newest first
    expect(textOf(await bot.say(outsider, 'anteckningar'))).toBe(
      'Du är inte med i någon grupp än. Skriv ”anmäl” för att gå med i en.',
    );
  });
});

describe('an online meeting', () => {
  it('recognises the Teams meeting chat from the meeting link given as the place, without linking it', async () => {
    const chooser = postedCard(await bot.say(coordinator, 'nytt möte'));
    expect(cardText(chooser)).toContain('Vilken grupp gäller mötet?');
    await bot.execute(
      coordinator,
      'programmes.link',
      { target: `${programmeId}|${digital}` },
      { conversation: digitalChannel },
    );
    const form = cardOf(
      await bot.execute(coordinator, 'meetings.form', { programmeId, groupId: digital }, { locale: 'en-GB' }),
    );
    expect(cardText(form)).toContain('New meeting for Det digitala biblioteksrummet');
    const chatId = '19:meeting_DigitalaRummet@thread.v2';
    const joinUrl = `https://teams.microsoft.com/l/meetup-join/${encodeURIComponent(chatId)}/0?context=%7b%7d`;
    const preview = cardOf(
      await bot.execute(
        coordinator,
        'meetings.save',
        {
          programmeId,
          groupId: digital,
          meetingId: '',
          title: 'Online check-in',
          date: '2027-05-04',
          startTime: '13:00',
          endTime: '15:00',
          place: joinUrl,
          sessions: 'Check-in',
          reminderDays: '1',
          reminderHour: '10',
          saveAsDefault: 'true',
          programmeText: '13.00 Welcome\n\n13.15 Where are we?',
          then: 'publish',
        },
        { locale: 'en-GB' },
      ),
    );
    expect(cardText(preview)).toContain('I found 2 items.');
    const publish = press(preview, 'Save and publish');
    bot.connector.failNext(1, 403); // the channel refuses the post at first (the bot was not yet added to the team)
    const draft = cardOf(await bot.execute(coordinator, publish.verb, publish.data, { locale: 'en-GB' }));
    expect(cardText(draft)).toContain(
      "The meeting is saved as a draft. Add items and publish when the agenda is ready. The agenda could not be published in the group's channel just now.",
    );
    const [meeting] = await bot.meetingStore().meetings.listForGroup(programmeId, digital);
    expect(meeting).toMatchObject({ status: 'draft', meetingChatId: chatId });
    const before = bot.connector.calls.length;
    const published = cardOf(
      await bot.execute(
        coordinator,
        'meetings.publish',
        { programmeId, meetingId: meeting!.meetingId },
        { locale: 'en-GB' },
      ),
    );
    expect(cardText(published)).toContain("The agenda is published in the group's channel.");
    const posted = (await callsSince(before)).find(
      (c) => c.path === `/v3/conversations/${digitalChannel.id}/activities`,
    )!.body.attachments[0].content;
    expect(cardText(posted)).toContain('Plats\nOnlinemöte');
    expect(posted.actions.map((a: any) => a.title)).toEqual(['Lägg till i kalendern', 'Öppna onlinemötet']);
    expect(posted.actions[1].url).toBe(joinUrl);
    // The reminders chosen "for the programme" are where the next meeting form starts.
    const next = cardOf(await bot.execute(coordinator, 'meetings.form', { programmeId, groupId: mik }));
    expect([inputValue(next, 'reminderDays'), inputValue(next, 'reminderHour')]).toEqual(['1', '10']);

    bot.now = new Date('2027-05-04T10:59:00Z');
    const started = await meetingEvent(
      'meetingStart',
      { id: chatId, conversationType: 'groupChat' },
      { StartTime: '2027-05-04T11:00:00Z' },
    );
    expect(cardText(started.activities[0].attachments[0].content)).toContain('Where are we?');
    const note = await bot.say(members[1]!, 'anteckning We agreed on a shared booking calendar', {
      conversation: { id: chatId, conversationType: 'groupChat' },
      locale: 'en-GB',
    });
    expect(textOf(note)).toBe(
      'The note from Bibliotekarie Bräcke is saved. Everyone in the group can read it with “notes”.',
    );
    expect((await bot.meetingStore().meetings.listNotes(programmeId, digital)).map((n) => n.text)).toEqual([
      'We agreed on a shared booking calendar',
    ]);
  });
});
