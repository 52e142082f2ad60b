import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BotHarness, cardOf, cardText, postedCard, textOf, type TestPerson } from '../support/bot-harness.js';
import { cardProblems, inputValue } from '../support/adaptive-cards.js';
import { assembledFocusGroup, coordinator, groupChannel, members } from '../support/focus-group.js';
import { defaultFormValues } from '../../src/features/polls/creation.js';

const outsider: TestPerson = { id: 'f0000000-0000-0000-0000-000000000009', name: 'Olle Utanför' };

let bot: BotHarness;
let programmeId: string;
let mik: string;

beforeAll(async () => {
  bot = await BotHarness.start({ seedCoordinators: [coordinator] });
  ({ programmeId, mik } = await assembledFocusGroup(bot));
});
afterAll(async () => bot?.stop());
beforeEach(() => {
  bot.now = new Date('2027-02-15T09:00:00Z');
});

function dateForm(extra: Record<string, unknown> = {}) {
  return {
    programmeId,
    groupId: mik,
    question: 'Vilken dag träffas vi i vår?',
    kind: 'date',
    days: '2027-04-13/fullDay,2027-04-14/fullDay,2027-04-15/fullDay',
    showResults: 'true',
    anonymous: 'false',
    deadlineDate: '2027-03-01',
    deadlineHour: '12',
    ...extra,
  };
}

async function pollState(pollId: string) {
  const { polls } = bot.pollStore();
  return JSON.stringify([await polls.get(pollId), await polls.listVotes(pollId)]);
}

describe('a date poll from creation to the calendar', () => {
  let pollId = '';

  it('offers the coordinator a form in the linked channel, proposing weekdays without holidays', async () => {
    const form = postedCard(await bot.say(coordinator, 'ny omröstning', { conversation: groupChannel }));
    expect(cardProblems(form)).toEqual([]);
    expect(cardText(form)).toContain('Ny omröstning för MIK & ungas medievärldar');
    const proposed = cardOf(
      await bot.execute(coordinator, 'polls.proposeDays', {
        ...dateForm(),
        from: '2027-03-22',
        to: '2027-04-02',
        days: '',
      }),
    );
    expect(cardProblems(proposed)).toEqual([]);
    const days = JSON.stringify(proposed);
    expect(days).toContain('2027-03-25/fullDay');
    expect(days).not.toContain('2027-03-26/'); // Långfredagen
    expect(days).not.toContain('2027-03-29/'); // Annandag påsk
  });

  it("creates the poll and posts it to the group's channel", async () => {
    const reply = await bot.execute(coordinator, 'polls.create', dateForm());
    const card = cardOf(reply);
    expect(textOf(reply)).toBe('');
    expect(cardProblems(card)).toEqual([]);
    expect(cardText(card)).toContain('Omröstningen är publicerad i gruppens kanal.');
    const posted = bot.connector.calls.find(
      (c) => c.method === 'POST' && c.path === `/v3/conversations/${groupChannel.id}/activities`,
    );
    expect(posted).toBeDefined();
    const channelCard = posted!.body.attachments[0].content;
    expect(cardProblems(channelCard)).toEqual([]);
    expect(cardText(channelCard)).toContain('tis 13 apr. 2027, heldag');
    expect(channelCard.refresh.action.verb).toBe('polls.refresh');
    pollId = channelCard.refresh.action.data.pollId;
    expect((await bot.pollStore().polls.get(pollId))!.posted!.activityId).toMatch(/^activity-/);
  });

  it("takes a member's answers and shows them on their own card", async () => {
    const reply = await bot.execute(
      members[0]!,
      'polls.vote',
      { pollId, answer_d1: 'yes', answer_d2: 'ifNeedBe', answer_d3: 'no' },
      { conversation: groupChannel },
    );
    const card = cardOf(reply);
    expect(cardProblems(card)).toEqual([]);
    expect(cardText(card)).toContain('Dina svar är sparade');
    expect(inputValue(card, 'answer_d2')).toBe('ifNeedBe');
    expect(cardText(card)).toContain('1 svar hittills.');
  });

  it('lets the member change the vote, still counting it once', async () => {
    await bot.execute(
      members[0]!,
      'polls.vote',
      { pollId, answer_d1: 'no', answer_d2: 'yes', answer_d3: 'yes' },
      { conversation: groupChannel },
    );
    const votes = await bot.pollStore().polls.listVotes(pollId);
    expect(votes).toHaveLength(1);
    expect(votes[0]!.answers).toEqual({ d1: 'no', d2: 'yes', d3: 'yes' });
  });

  it('counts a redelivered invoke once', async () => {
    const vote = { pollId, answer_d1: 'yes', answer_d2: 'yes', answer_d3: 'no' };
    await Promise.all(
      [1, 2, 3].map(() => bot.execute(members[1]!, 'polls.vote', vote, { conversation: groupChannel })),
    );
    expect(await bot.pollStore().polls.listVotes(pollId)).toHaveLength(2);
  });

  it('shows each member their own answers when Teams refreshes the card', async () => {
    const mine = cardOf(await bot.execute(members[1]!, 'polls.refresh', { pollId }, { conversation: groupChannel }));
    expect(inputValue(mine, 'answer_d3')).toBe('no');
    const notYet = cardOf(await bot.execute(members[5]!, 'polls.refresh', { pollId }, { conversation: groupChannel }));
    expect(cardText(notYet)).not.toContain('Dina svar är sparade');
  });

  it('refuses non-members, malformed payloads and half-answered ballots, storing nothing', async () => {
    const before = await pollState(pollId);
    const refusals = [
      await bot.execute(outsider, 'polls.vote', { pollId, answer_d1: 'yes', answer_d2: 'yes', answer_d3: 'yes' }),
      await bot.execute(
        outsider,
        'polls.vote',
        { pollId, answer_d1: 'yes', answer_d2: 'yes', answer_d3: 'yes' },
        { locale: 'en-US' },
      ),
      await bot.execute(members[2]!, 'polls.vote', { answer_d1: 'yes' }),
      await bot.execute(members[2]!, 'polls.vote', { pollId, answer_d1: 'yes', answer_d2: 'kanske', answer_d3: 'no' }),
      await bot.execute(members[2]!, 'polls.vote', { pollId: 'poll-nope', answer_d1: 'yes' }),
    ].map(textOf);
    expect(refusals).toEqual([
      'Omröstningen är för medlemmarna i MIK & ungas medievärldar. Din röst har inte sparats.',
      'The poll is for the members of MIK & ungas medievärldar. Your vote has not been saved.',
      'Jag kunde inte läsa det kortet skickade, så ingenting har ändrats. Öppna kortet på nytt och försök igen.',
      'Svara på varje dag (ja, om det behövs eller nej). Ditt svar har inte sparats.',
      'Jag hittar inte den omröstningen.',
    ]);
    expect(await pollState(pollId)).toBe(before);
  });

  it('tells the coordinator who has not answered, by municipality, and reminds them 1:1', async () => {
    const card = cardOf(await bot.execute(coordinator, 'polls.nonResponders', { pollId }));
    expect(cardProblems(card)).toEqual([]);
    expect(cardText(card)).toContain('Berg\nBibliotekarie Berg');
    expect(cardText(card)).not.toContain('Bibliotekarie Ragunda');
    bot.connector.failNext(2, 429, 0); // Teams throttles the first sends: they must still arrive
    const before = bot.connector.calls.length;
    const remind = await bot.execute(coordinator, 'polls.remind', { pollId });
    const answer = cardText(cardOf(remind));
    // A redelivery of the same click (same activity id) reminds nobody twice.
    await bot.post(remind.request);
    await bot.delivered();
    const sent = bot.connector.calls
      .slice(before)
      .filter((c) => /\/v3\/conversations\/[^/]+\/activities$/.test(c.path));
    const reminders = sent.filter((c) => c.body.text.startsWith('Påminnelse:'));
    expect(reminders).toHaveLength(6);
    expect(reminders.map((c) => c.body.text)).toContain(
      'Påminnelse: svara gärna på ”Vilken dag träffas vi i vår?” för MIK & ungas medievärldar senast 1 mars 2027 kl. 12:00. Du hittar omröstningen i gruppens kanal.',
    );
    // The coordinator is told once that they all arrived: in the answer when that took under a second, else 1:1.
    const allArrived = 'Påminnelserna om ”Vilken dag träffas vi i vår?” har gått fram till alla 6.';
    const underWay = 'Påminnelser skickas nu till 6. Jag skriver till dig när de har gått fram.';
    expect([answer.includes(allArrived), answer.includes(underWay)].filter(Boolean)).toHaveLength(1);
    const told = sent.filter((c) => c.body.text === allArrived);
    expect(told).toHaveLength(answer.includes(underWay) ? 1 : 0);
  });

  it('keeps members from closing, lets the coordinator close, and freezes the posted card for everyone', async () => {
    await bot.execute(members[2]!, 'polls.vote', { pollId, answer_d1: 'yes', answer_d2: 'no', answer_d3: 'yes' });
    expect(textOf(await bot.execute(members[2]!, 'polls.close', { pollId }))).toMatch(/^Det kan bara samordnare/);
    const results = cardOf(await bot.execute(coordinator, 'polls.close', { pollId }));
    expect(cardProblems(results)).toEqual([]);
    expect(cardText(results)).toContain('Stängd, 3 svar.');
    expect(cardText(results)).toContain('Rekommenderad dag: tis 13 apr. 2027, heldag (2 av 8 kommuner kan)'); // a three-way tie: earliest wins
    expect(cardText(results)).toContain('Bibliotekarie Ragunda (Ragunda)');
    await bot.delivered(); // the card is frozen through the outbox
    const update = bot.connector.calls.filter((c) => c.method === 'PUT').at(-1)!;
    expect(update.path).toBe(
      `/v3/conversations/${groupChannel.id}/activities/${(await bot.pollStore().polls.get(pollId))!.posted!.activityId}`,
    );
    const frozen = update.body.attachments[0].content;
    expect(cardText(frozen)).toContain('Stängd, 3 svar.');
    expect(cardText(frozen)).not.toContain('Bibliotekarie'); // the channel card shows no names
    expect(JSON.stringify(frozen)).not.toContain('polls.vote');
  });

  it('refuses a vote after closing', async () => {
    const before = await pollState(pollId);
    const reply = await bot.execute(members[6]!, 'polls.vote', {
      pollId,
      answer_d1: 'yes',
      answer_d2: 'yes',
      answer_d3: 'yes',
    });
    expect(textOf(reply)).toBe('Omröstningen är stängd, så ditt svar sparades inte.');
    expect(await pollState(pollId)).toBe(before);
  });

  it('confirms the day, announces it in the channel with a calendar link, and serves the .ics', async () => {
    expect(
      textOf(
        await bot.execute(coordinator, 'polls.confirmDate', {
          pollId,
          optionId: 'd2',
          place: 'Kista bibliotek',
          startTime: '9:00',
          endTime: '8:00',
        }),
      ),
    ).toBe('Sluttiden måste vara efter starttiden. Ingenting har sparats.');
    const before = bot.connector.calls.length;
    const decided = cardOf(
      await bot.execute(coordinator, 'polls.confirmDate', {
        pollId,
        optionId: 'd2',
        place: 'Kista bibliotek',
        startTime: '09:00',
        endTime: '16:00',
      }),
    );
    expect(cardText(decided)).toContain('Bestämt: onsdag 14 april 2027, 09:00–16:00, Kista bibliotek.');
    // One click on to plan the day: the meeting form opens filled in from the poll.
    const planDay = JSON.stringify(decided);
    expect(planDay).toContain('"verb":"meetings.form"');
    const form = cardOf(await bot.execute(coordinator, 'meetings.form', { programmeId, groupId: mik }));
    expect(cardProblems(form)).toEqual([]);
    expect(JSON.stringify(form)).toContain('2027-04-14');
    expect(JSON.stringify(form)).toContain('Kista bibliotek');
    const announcement = bot.connector.calls.slice(before).find((c) => c.method === 'POST')!.body.attachments[0]
      .content;
    expect(cardProblems(announcement)).toEqual([]);
    expect(cardText(announcement)).toContain('MIK & ungas medievärldar träffas onsdag 14 april 2027, kl. 09:00–16:00.');
    const calendarUrl: string = announcement.actions[0].url;
    const ics = await fetch(calendarUrl.replace(/^http:\/\/localhost:\d+/, bot.url));
    expect(ics.status).toBe(200);
    expect(ics.headers.get('content-type')).toContain('text/calendar');
    const body = await ics.text();
    expect(body).toContain('DTSTART:20270414T070000Z');
    expect(body).toContain('LOCATION:Kista bibliotek');
    expect((await fetch(`${bot.url}/calendar/${pollId}/wrong-token.ics`)).status).toBe(404);
  });
});

describe('other polls', () => {
  it('runs an anonymous single-choice poll that never reveals a voter, in English too', async () => {
    const created = cardOf(
      await bot.execute(
        coordinator,
        'polls.create',
        {
          programmeId,
          groupId: mik,
          question: 'Which study visit?',
          kind: 'single',
          options: 'Kista bibliotek\nUmeå stadsbibliotek',
          anonymous: 'true',
          deadlineDate: '2027-03-01',
          deadlineHour: '12',
        },
        { locale: 'en-US' },
      ),
    );
    expect(cardText(created)).toContain("The poll is published in the group's channel.");
    const pollId = created.refresh.action.data.pollId;
    await bot.execute(members[3]!, 'polls.vote', { pollId, choice: 'o1' });
    await bot.execute(members[4]!, 'polls.vote', { pollId, choice: 'o2' }, { locale: 'en-US' });
    await bot.execute(members[4]!, 'polls.vote', { pollId, choice: 'o1' }, { locale: 'en-US' });
    const stored = await bot.pollStore().polls.listVotes(pollId);
    expect(stored).toHaveLength(2);
    expect(JSON.stringify(stored)).not.toMatch(
      new RegExp(`${members[3]!.id}|${members[4]!.id}|Bibliotekarie|2313|2321`),
    );
    const results = cardOf(await bot.execute(coordinator, 'polls.results', { pollId }, { locale: 'en-US' }));
    expect(cardText(results)).toContain('Kista bibliotek\n2 votes');
    expect(cardText(results)).not.toContain('Bibliotekarie');
    expect(textOf(await bot.execute(coordinator, 'polls.nonResponders', { pollId }, { locale: 'en-US' }))).toBe(
      'The poll is anonymous, so I cannot say who has not answered.',
    );
  });

  it('accepts the form as it first appears, with only a question typed', async () => {
    const reply = await bot.execute(coordinator, 'polls.create', {
      programmeId,
      groupId: mik,
      ...defaultFormValues(bot.now),
      question: 'Snabb fråga?',
    });
    expect(cardText(cardOf(reply))).toContain('Omröstningen är publicerad i gruppens kanal.');
    expect(JSON.stringify(cardOf(reply)).match(/"id":"answer_d\d+"/g)).toHaveLength(10); // two weeks of weekdays
  });

  it('refuses bad poll forms without storing anything', async () => {
    const before = JSON.stringify(await bot.pollStore().polls.listForGroup(programmeId, mik));
    const answers = [
      await bot.execute(coordinator, 'polls.create', dateForm({ question: '' })),
      await bot.execute(coordinator, 'polls.create', dateForm({ kind: 'single', options: 'Bara ett' })),
      await bot.execute(coordinator, 'polls.create', dateForm({ anonymous: 'true' })),
      await bot.execute(coordinator, 'polls.create', dateForm({ days: '', from: '2027-03-01', to: '2027-06-30' })),
      await bot.execute(coordinator, 'polls.create', dateForm({ deadlineDate: '2027-02-01' })),
      await bot.execute(members[0]!, 'polls.create', dateForm()),
    ].map(textOf);
    expect(answers[0]).toBe('Omröstningen behöver en fråga. Ingenting har sparats.');
    expect(answers[1]).toBe('Skriv mellan 2 och 10 alternativ, ett per rad. Ingenting har sparats.');
    expect(answers[2]).toMatch(/^Datumomröstningar är alltid med namn/);
    expect(answers[3]).toMatch(/^Intervallet har \d+ möjliga dagar; välj högst 20/);
    expect(answers[4]).toBe('Sista svarsdag har redan passerat. Ingenting har sparats.');
    expect(answers[5]).toMatch(/^Det kan bara samordnare/);
    expect(JSON.stringify(await bot.pollStore().polls.listForGroup(programmeId, mik))).toBe(before);
  });

  it('closes at the deadline exactly once, however often the scheduler ticks', async () => {
    const created = cardOf(
      await bot.execute(
        coordinator,
        'polls.create',
        dateForm({ question: 'Extra dag?', deadlineDate: '2027-03-28', deadlineHour: '9' }),
      ),
    );
    const pollId = created.refresh.action.data.pollId;
    bot.now = new Date('2027-03-28T06:59:00Z'); // 08:59 Swedish summer time: still open
    await bot.bot.scheduler.tick();
    await bot.delivered(); // what that tick closed (earlier polls) is sent before counting
    expect((await bot.pollStore().polls.get(pollId))!.status).toBe('open');
    bot.now = new Date('2027-03-28T07:00:30Z');
    const before = bot.connector.calls.length;
    await Promise.all([bot.bot.scheduler.tick(), bot.bot.scheduler.tick(), bot.bot.scheduler.tick()]);
    await bot.bot.scheduler.tick();
    await bot.delivered();
    const poll = (await bot.pollStore().polls.get(pollId))!;
    expect(poll).toMatchObject({ status: 'closed', closedBy: 'deadline' });
    const announcements = bot.connector.calls.slice(before).filter((c) => c.body?.text?.includes('Extra dag?'));
    expect(announcements).toHaveLength(1);
    expect(bot.connector.calls.slice(before).filter((c) => c.method === 'PUT')).toHaveLength(1);
  });
});
