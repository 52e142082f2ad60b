import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BotHarness, cardOf, cardText } from '../support/bot-harness.js';
import { cardProblems, inputValue, press, validCard } from '../support/adaptive-cards.js';
import { assembledFocusGroup, coordinator, groupChannel } from '../support/focus-group.js';

/**
 * One meeting per group and day: "Planera dagen" pressed again opens the meeting already planned, a second
 * meeting that day needs the coordinator's tick, and a form sent twice still makes one meeting. And an agenda
 * item given a time stays where the coordinator put it, or the editor and the group are told where it went.
 */

let bot: BotHarness;
let programmeId: string;
let mik: string;
let digital: string;
/** The decided poll's result card, as the coordinator has it after confirming the day. */
let resultCard: any;

const sv = {};
const en = { locale: 'en-GB' };

beforeAll(async () => {
  bot = await BotHarness.start({ seedCoordinators: [coordinator] });
  ({ programmeId, mik, digital } = await assembledFocusGroup(bot));
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
  resultCard = cardOf(
    await bot.execute(coordinator, 'polls.confirmDate', {
      pollId,
      optionId: 'd2',
      place: 'Kista bibliotek',
      startTime: '09:00',
      endTime: '16:00',
    }),
  );
});
afterAll(async () => bot?.stop());
beforeEach(() => {
  bot.now = new Date('2027-02-15T09:00:00Z');
});

const meetingsOf = (groupId: string) => bot.meetingStore().meetings.listForGroup(programmeId, groupId);

/** Presses a button on a card the coordinator was given, and returns the card that replaces it. */
async function pressOn(card: any, title: string, typed: Record<string, unknown> = {}, options = sv) {
  const { verb, data } = press(card, title, typed);
  return validCard(await bot.execute(coordinator, verb, data, options));
}

describe('"Planera dagen" on a decided poll', () => {
  it('opens the form filled in from the poll, then the meeting already planned, never a blank form', async () => {
    const form = await pressOn(resultCard, 'Planera dagen');
    expect(cardText(form)).toContain('Dag, tid och plats är hämtade från omröstningen ”Vilken dag träffas vi i vår?”.');
    expect(inputValue(form, 'date')).toBe('2027-04-01');
    const editor = await pressOn(form, 'Spara', { title: 'Vårträff' });
    expect(cardText(editor)).toContain('Mötet är sparat som utkast.');
    expect((await meetingsOf(mik)).map((m) => [m.date, m.title])).toEqual([['2027-04-01', 'Vårträff']]);

    const again = await pressOn(resultCard, 'Planera dagen');
    expect(cardText(again)).toContain(
      'MIK & ungas medievärldar har redan ett planerat möte torsdag 1 april 2027. Här är det: ändra det här.',
    );
    expect(cardText(again)).toContain('MIK & ungas medievärldar: Vårträff');
    expect(cardText(again)).toContain('Planera ett möte till samma dag');
    expect(inputValue(again, 'date')).toBeUndefined(); // the meeting's editor, not a form for a new one

    const english = await pressOn(resultCard, 'Planera dagen', {}, en);
    expect(cardText(english)).toContain(
      'MIK & ungas medievärldar already has a meeting planned on Thursday 1 April 2027. Here it is',
    );
    expect(cardText(english)).toContain('Plan another meeting on the same day');
    expect(await meetingsOf(mik)).toHaveLength(1);
  });

  it('makes a second meeting that day only when the coordinator asks for it, and says so on the form', async () => {
    const editor = await pressOn(resultCard, 'Planera dagen');
    const form = await pressOn(editor, 'Planera ett möte till samma dag');
    expect(cardText(form)).toContain(
      'Det här blir ett möte till för MIK & ungas medievärldar torsdag 1 april 2027, samma dag som ”Vårträff”.',
    );
    expect(inputValue(form, 'sameDay')).toBe('true');
    expect(inputValue(form, 'date')).toBe('2027-04-01');
    const second = await pressOn(form, 'Spara', { title: 'Kvällsträff', startTime: '17:00', endTime: '19:00' });
    expect(cardText(second)).toContain('Mötet är sparat som utkast.');
    expect((await meetingsOf(mik)).map((m) => m.title).sort()).toEqual(['Kvällsträff', 'Vårträff']);
  });

  it('warns before a blank form or a moved meeting makes a second meeting on a day the group meets', async () => {
    const blank = validCard(await bot.execute(coordinator, 'meetings.form', { programmeId, groupId: digital }));
    const first = await pressOn(blank, 'Spara', { title: 'Digital träff', date: '2027-05-04' });
    expect(cardText(first)).toContain('Mötet är sparat som utkast.');
    const [digitalMeeting] = await meetingsOf(digital);

    const warned = await pressOn(blank, 'Spara', { title: 'Extra träff', date: '2027-05-04' });
    expect(cardText(warned)).toContain(
      'Det digitala biblioteksrummet har redan ett möte tisdag 4 maj 2027: ”Digital träff”. Öppna det, eller kryssa i rutan om gruppen ska ha två möten den dagen. Ingenting har sparats än.',
    );
    expect([inputValue(warned, 'title'), inputValue(warned, 'sameDay')]).toEqual(['Extra träff', 'false']);
    expect(await meetingsOf(digital)).toHaveLength(1);
    const opened = await pressOn(warned, 'Öppna det planerade mötet');
    expect(cardText(opened)).toContain('Det digitala biblioteksrummet: Digital träff');

    const english = validCard(
      await bot.execute(
        coordinator,
        'meetings.save',
        { ...press(blank, 'Spara', { title: 'Extra', date: '2027-05-04' }).data },
        en,
      ),
    );
    expect(cardText(english)).toContain(
      'Det digitala biblioteksrummet already has a meeting on Tuesday 4 May 2027: “Digital träff”. Open it, or tick the box',
    );

    // Moving another meeting onto that day asks the same question.
    const other = await pressOn(blank, 'Spara', { title: 'Sommarträff', date: '2027-06-08' });
    expect(cardText(other)).toContain('Mötet är sparat som utkast.');
    const moveForm = await pressOn(other, 'Ändra dag, tid och plats');
    const move = await pressOn(moveForm, 'Spara', { date: '2027-05-04' });
    expect(cardText(move)).toContain('har redan ett möte tisdag 4 maj 2027: ”Digital träff”.');
    expect((await meetingsOf(digital)).map((m) => m.date)).toEqual(['2027-05-04', '2027-06-08']);
    const moved = await pressOn(move, 'Spara', { sameDay: 'true' });
    expect(cardText(moved)).toContain('Mötet är sparat.');
    expect((await meetingsOf(digital)).map((m) => m.date)).toEqual(['2027-05-04', '2027-05-04']);
    expect(digitalMeeting).toBeDefined();
  });

  it('stores one meeting when the same form arrives twice at once (a double click, a redelivered invoke)', async () => {
    const blank = validCard(await bot.execute(coordinator, 'meetings.form', { programmeId, groupId: digital }));
    const { verb, data } = press(blank, 'Spara', { title: 'Höstträff', date: '2027-10-05' });
    const answers = await Promise.all([1, 2, 3].map(() => bot.execute(coordinator, verb, data)));
    expect((await meetingsOf(digital)).filter((m) => m.date === '2027-10-05')).toHaveLength(1);
    const texts = answers.map((answer) => cardText(cardOf(answer)));
    expect(texts.filter((text) => text.includes('Mötet är sparat som utkast.'))).toHaveLength(1);
    expect(texts.filter((text) => text.includes('har redan ett möte tisdag 5 oktober 2027'))).toHaveLength(2);
  });
});

describe('giving an agenda item a time', () => {
  it('keeps the item where the coordinator put it when the time fits there', async () => {
    const [meeting] = (await meetingsOf(mik)).filter((m) => m.title === 'Vårträff');
    const ref = { programmeId, meetingId: meeting!.meetingId };
    const paste = validCard(await bot.execute(coordinator, 'meetings.pasteForm', ref));
    const preview = await pressOn(paste, 'Läs in', {
      text: '09.00 Välkomna!\n\nTrender i biblioteksplanerna\nAnna-Stina Takala, handläggare, KB.\n\nWorkshop\n\nLunch',
    });
    await pressOn(preview, 'Lägg till i dagordningen');
    await bot.execute(coordinator, 'meetings.publish', ref);
    const titles = async () => (await bot.meetingStore().meetings.get(programmeId, ref.meetingId))!.items;
    const [, trender] = await titles();

    const before = bot.connector.calls.length;
    const saved = validCard(
      await bot.execute(coordinator, 'meetings.saveItem', {
        ...ref,
        itemId: trender!.id,
        sessionId: 'morning',
        startTime: '09.30',
        title: 'Trender i biblioteksplanerna',
        description: '',
        presenters: 'Anna-Stina Takala, handläggare, KB',
        links: '',
      }),
    );
    expect(cardText(saved)).toContain('Punkten ”Trender i biblioteksplanerna” är sparad.');
    expect((await titles()).map((item) => `${item.startTime ?? '--:--'} ${item.title}`)).toEqual([
      '09:00 Välkomna!',
      '09:30 Trender i biblioteksplanerna',
      '--:-- Workshop',
      '--:-- Lunch',
    ]);
    await bot.delivered(); // the group's line goes through the outbox
    const lines = bot.connector.calls
      .slice(before)
      .filter((c) => c.method === 'POST' && c.path.includes(groupChannel.id));
    expect(lines.map((c) => c.body.text)).toEqual([
      'Dagordningen för torsdag 1 april 2027 är ändrad: ”Trender i biblioteksplanerna” är ändrad.',
    ]);
  });

  it("says in the editor and in the group's notice where an item went when its time did not fit", async () => {
    const [meeting] = (await meetingsOf(mik)).filter((m) => m.title === 'Vårträff');
    const ref = { programmeId, meetingId: meeting!.meetingId };
    const lunch = meeting!.items.find((item) => item.title === 'Lunch')!;
    const workshop = meeting!.items.find((item) => item.title === 'Workshop')!;
    const edit = (item: typeof lunch, startTime: string, options = sv) =>
      bot.execute(
        coordinator,
        'meetings.saveItem',
        {
          ...ref,
          itemId: item.id,
          sessionId: item.sessionId,
          startTime,
          title: item.title,
          description: '',
          presenters: '',
          links: '',
        },
        options,
      );
    let before = bot.connector.calls.length;
    const moved = validCard(await edit(workshop, '09:15'));
    expect(cardText(moved)).toContain(
      'Punkten ”Workshop” är sparad. Tiden 09:15 passade inte där punkten stod, så den har flyttats efter ”Välkomna!”.',
    );
    const order = async () =>
      (await bot.meetingStore().meetings.get(programmeId, ref.meetingId))!.items.map((item) => item.title);
    expect(await order()).toEqual(['Välkomna!', 'Workshop', 'Trender i biblioteksplanerna', 'Lunch']);
    await bot.delivered();
    const notices = () =>
      bot.connector.calls
        .slice(before)
        .filter((c) => c.method === 'POST' && c.path.includes(groupChannel.id))
        .map((c) => c.body.text);
    expect(notices()).toEqual([
      'Dagordningen för torsdag 1 april 2027 är ändrad: ”Workshop” har fått tiden 09:15 och flyttats efter ”Välkomna!”.',
    ]);

    before = bot.connector.calls.length;
    const english = validCard(await edit(lunch, '09:05', en));
    expect(cardText(english)).toContain(
      'The item “Lunch” is saved. The time 09:05 did not fit where the item was, so it has moved after “Välkomna!”.',
    );
    await bot.delivered();
    expect(notices()).toEqual([
      // The group's notice speaks the group's language whoever made the change.
      'Dagordningen för torsdag 1 april 2027 är ändrad: ”Lunch” har fått tiden 09:05 och flyttats efter ”Välkomna!”.',
    ]);
    expect(cardProblems(english)).toEqual([]);
  });
});
