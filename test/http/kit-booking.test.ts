import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BotHarness,
  personalChat,
  cardOf,
  cardText,
  textOf,
  type BotReply,
  type TestPerson,
} from '../support/bot-harness.js';
import { press, validCard } from '../support/adaptive-cards.js';
import { everyDocument } from '../support/store-scan.js';
import { makerPlan } from '../support/kit-world.js';
import {
  assembledFocusGroup,
  coordinator,
  groupChannel,
  members,
  regionalStaff,
  withRegionalStaff,
} from '../support/focus-group.js';
import { KitStore } from '../../src/features/kit/store.js';
import { holdsWeeks, weeksOf } from '../../src/features/kit/domain.js';

/**
 * The bookable MIK kit over HTTP, with the real bot and store: an approved kit plan becomes a kit; three
 * municipalities book it from chat; one is refused with the nearest free weeks and queues, another queues after
 * it; a cancellation offers the weeks to the first in the queue, whose offer runs out and passes to the next; the
 * kit travels with notices three days before each handover and a content check on arrival, where a missing item
 * is reported to staff; staff see the term per municipality and the calendar in the MIK group's channel.
 */

const staff = regionalStaff;
const [ragunda, bracke, krokom, , are, berg, , ostersund] = members as [
  TestPerson,
  TestPerson,
  TestPerson,
  TestPerson,
  TestPerson,
  TestPerson,
  TestPerson,
  TestPerson,
];

let bot: BotHarness;
let programmeId = '';
let mik = '';
let kitId = '';
const kitRef = () => ({ programmeId, kitId });
const kits = () => new KitStore(bot.bot.storage.containers.kits);
const stored = async () => (await kits().get(programmeId, kitId))!;

/** Says `boka kit` in personal chat and presses "Boka Makerkit" with the weeks chosen. */
async function book(person: TestPerson, startWeek: string, weekCount: number): Promise<BotReply> {
  const calendar = answerTo(await bot.say(person, 'boka kit'));
  const { verb, data } = press(calendar, 'Boka Makerkit', { startWeek, weekCount: String(weekCount) });
  return bot.execute(person, verb, data);
}

/** Queues for the weeks from the calendar card. */
async function queue(person: TestPerson, startWeek: string, weekCount: number): Promise<BotReply> {
  const calendar = answerTo(await bot.say(person, 'boka kit'));
  const { verb, data } = press(calendar, 'Ställ er i kö för Makerkit', { startWeek, weekCount: String(weekCount) });
  return bot.execute(person, verb, data);
}

/** Ticks the scheduler at a moment and waits for the outbox to deliver what it enqueued. */
async function at(iso: string): Promise<void> {
  bot.now = new Date(iso);
  await bot.bot.scheduler.tick();
  await bot.delivered();
}

/**
 * The card the bot answered a message with: its reply to that activity, not a card the outbox happened to deliver
 * (the posted calendar's update) while the message was being answered.
 */
const answerTo = (reply: BotReply) =>
  validCard({ ...reply, activities: reply.activities.filter((a) => a.replyToId === reply.request.id) });

const channelCalls = (from: number) =>
  bot.connector.calls.slice(from).filter((call) => call.path.includes(groupChannel.id));

const teamsId = (person: TestPerson) => `29:${person.id}`;
const cardsTo = (person: TestPerson, from: number) =>
  bot.connector
    .personalActivitiesTo(teamsId(person), from, [personalChat(person).id])
    .flatMap((activity) => (activity.attachments ?? []).map((a: { content: unknown }) => a.content));

beforeAll(async () => {
  bot = await BotHarness.start({ seedCoordinators: [coordinator] });
  ({ programmeId, mik } = await assembledFocusGroup(bot));
  await withRegionalStaff(bot, programmeId);
  // Staff have talked to the bot (so it can reach them 1:1 later).
  await bot.say(staff, 'hjälp');
}, 120_000);
afterAll(async () => {
  await bot?.stop();
});

describe('the bookable MIK kit, from plan to handovers', () => {
  it('turns an approved kit plan into a kit: staff only, audited, from the plan card', async () => {
    const plan = { programmeId, groupId: mik, outputId: 'kitPlan-1' };
    const etag = async () => (await bot.outputStore().outputs.get(programmeId, mik, 'kitPlan-1'))?._etag ?? '';
    await bot.execute(ragunda, 'outputs.kitPlanSubmit', { ...plan, etag: await etag(), rows: '4', ...makerPlan });
    // Not yet approved: no kit, and nothing stored.
    const early = await bot.execute(staff, 'kit.createForm', plan);
    expect(textOf(early)).toContain('godkänd kitplan');
    await bot.execute(staff, 'outputs.approve', { ...plan, etag: await etag(), comment: '' });

    const planCard = validCard(await bot.execute(staff, 'outputs.view', plan));
    const makeKit = press(planCard, 'Gör ett bokningsbart kit av planen');
    // A member may not make a kit: refused, nothing written.
    const refused = await bot.execute(ragunda, makeKit.verb, makeKit.data);
    expect(textOf(refused)).toMatch(/regional personal|samordnare/i);

    const form = validCard(await bot.execute(staff, makeKit.verb, makeKit.data));
    expect(cardText(form)).toContain('Micro:bit');
    const create = press(form, 'Skapa kit av ”Makerkit”', {
      homeLibrary: 'Regionbiblioteket',
      homeMunicipality: '2380',
      homeAddress: 'Rådhusgatan 25, Östersund',
    });
    const made = validCard(await bot.execute(staff, create.verb, create.data));
    expect(cardText(made)).toContain('Kitet Makerkit är gjort med 1 exemplar');
    kitId = String(create.data.groupId) + '.' + String(create.data.outputId);
    const kit = await stored();
    expect(kit.contents.map((item) => [item.name, item.count])).toEqual([
      ['Micro:bit', 10],
      ['Lödkolv', 2],
    ]);
    expect(kit.rules).toMatchObject({ minLoanWeeks: 1, maxLoanWeeks: 2, maxWeeksPerTerm: 4, offerHours: 48 });
    const audit = ((await everyDocument(bot)).audit ?? []) as any[];
    expect(audit.filter((entry) => entry.action === 'kit.create')).toEqual([
      expect.objectContaining({
        actor: { id: staff.id, name: staff.name },
        object: expect.objectContaining({ kind: 'kit' }),
      }),
    ]);
  });

  it('posts the calendar in the MIK group channel for staff', async () => {
    const before = bot.connector.calls.length;
    const answer = validCard(await bot.execute(staff, 'kit.postCalendar', kitRef()));
    expect(cardText(answer)).toContain('Kalendern för Makerkit är postad');
    await bot.delivered();
    const posted = channelCalls(before).filter((call) => call.method === 'POST');
    expect(posted).toHaveLength(1);
    expect(cardText(posted[0]!.body.attachments[0].content)).toContain('Makerkit: kalender');
  });

  it('books for three municipalities from chat, with a calendar entry, and the calendar shows who has which week', async () => {
    const first = validCard(await book(ragunda, '2027-W10', 2));
    expect(cardText(first)).toContain('Bokat: Makerkit');
    validCard(await book(krokom, '2027-W12', 1));
    validCard(await book(ostersund, '2027-W13', 2));
    const kit = await stored();
    expect(kit.bookings.filter(holdsWeeks).map((b) => [b.municipalityCode, b.startWeek, b.weekCount])).toEqual([
      ['2303', '2027-W10', 2],
      ['2309', '2027-W12', 1],
      ['2380', '2027-W13', 2],
    ]);
    const seen = cardText(answerTo(await bot.say(krokom, 'boka kit')));
    expect(seen).toContain('Ragunda');
    expect(seen).toContain('Er bokning');
  });

  it("answers `book kit` in English, and in the channel shows the shared calendar with a button to one's own", async () => {
    const english = cardText(answerTo(await bot.say(krokom, 'book kit', { locale: 'en-GB' })));
    expect(english).toContain('Makerkit: calendar');
    expect(english).toContain('Your booking');
    const shared = answerTo(await bot.say(krokom, 'boka kit', { conversation: groupChannel }));
    const text = cardText(shared);
    expect(text).toContain('Ragunda');
    expect(text).not.toContain('Er bokning');
    const open = press(shared, 'Boka Makerkit eller se era bokningar');
    const own = cardText(validCard(await bot.execute(krokom, open.verb, open.data, { conversation: groupChannel })));
    expect(own).toContain('Er bokning');
  });

  it('serves a booking as an .ics file from the confirmation, and keeps the posted calendar up to date', async () => {
    const before = bot.connector.calls.length;
    const card = validCard(await book(bracke, '2027-W09', 1));
    const link = JSON.stringify(card).match(/"url":"(http[^"]+\.ics)"/)?.[1];
    expect(link).toBeDefined();
    const local = link!.replace(/^https?:\/\/[^/]+/, bot.url);
    const response = await fetch(local);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain('BEGIN:VEVENT');
    expect(text).toContain('Makerkit');
    // A forged token opens nothing.
    expect((await fetch(local.replace(/[^/]+\.ics$/, 'forged.ics'))).status).toBe(404);
    await bot.delivered();
    const updates = channelCalls(before).filter((call) => call.method === 'PUT');
    expect(updates.length).toBeGreaterThan(0);
    expect(cardText(updates.at(-1)!.body.attachments[0].content)).toContain('Bräcke');
  });

  it('refuses taken weeks with the nearest free alternatives and changes nothing; then the library queues', async () => {
    const before = await stored();
    const refused = validCard(await book(are, '2027-W11', 1));
    const text = cardText(refused);
    expect(text).toContain(
      'De veckorna är redan bokade. Här är de närmaste lediga alternativen. Ingenting har bokats.',
    );
    expect(text).toMatch(/Boka v\. \d+/);
    expect((await stored())._etag).toBe(before._etag);
    const queued = validCard(await queue(are, '2027-W10', 2));
    expect(cardText(queued)).toContain('Ni står som nummer 1 i kön');
    const second = validCard(await queue(berg, '2027-W10', 2));
    expect(cardText(second)).toContain('Ni står som nummer 2 i kön');
  });

  it('enforces the rules: own municipality, loan length, how far ahead, the term limit', async () => {
    const base = { ...kitRef(), copyId: 'any', municipalityCode: '' };
    const tooLong = await bot.execute(bracke, 'kit.book', { ...base, startWeek: '2027-W22', weekCount: '3' });
    expect(textOf(tooLong)).toContain('Ett lån är 1 till 2 veckor. Ingenting har bokats.');
    const tooSoon = await bot.execute(bracke, 'kit.book', { ...base, startWeek: '2027-W07', weekCount: '1' });
    expect(textOf(tooSoon)).toContain('tidigast vecka 8');
    const farAhead = await bot.execute(bracke, 'kit.book', { ...base, startWeek: '2027-W50', weekCount: '1' });
    expect(textOf(farAhead)).toContain('högst 26 veckor framåt');
    const other = await bot.execute(bracke, 'kit.book', {
      ...base,
      municipalityCode: '2313',
      startWeek: '2027-W22',
      weekCount: '1',
    });
    expect(textOf(other)).toContain('Du kan bara boka för din egen kommun');
    await bot.execute(bracke, 'kit.book', { ...base, startWeek: '2027-W22', weekCount: '2' });
    await bot.execute(bracke, 'kit.book', { ...base, startWeek: '2027-W24', weekCount: '1' });
    const overLimit = await bot.execute(bracke, 'kit.book', { ...base, startWeek: '2027-W08', weekCount: '1' });
    expect(textOf(overLimit)).toContain('högst 4 veckor per termin');
    const outsider = await bot.execute(
      { id: 'x0000000-0000-0000-0000-000000000099', name: 'Utan Anmälan' },
      'kit.book',
      {
        ...base,
        startWeek: '2027-W30',
        weekCount: '1',
      },
    );
    expect(textOf(outsider)).toContain('bokas av dem som är anmälda');
    // Staff book for any municipality of the region.
    const forStrömsund = validCard(
      await bot.execute(staff, 'kit.book', {
        ...base,
        municipalityCode: '2313',
        startWeek: '2027-W08',
        weekCount: '1',
      }),
    );
    expect(cardText(forStrömsund)).toContain('Strömsund');
  });

  it('offers cancelled weeks to the first in the queue, then to the next when the offer runs out', async () => {
    const kit = await stored();
    const booking = kit.bookings.find((b) => b.municipalityCode === '2303' && b.status === 'confirmed')!;
    const before = bot.connector.calls.length;
    const cancelled = validCard(
      await bot.execute(ragunda, 'kit.cancel', { ...kitRef(), bookingId: booking.bookingId }),
    );
    expect(cardText(cancelled)).toContain('Veckorna har erbjudits den första i kön');
    await bot.delivered();
    const [offer] = cardsTo(are, before);
    expect(cardText(offer)).toContain('Lediga veckor: Makerkit');
    expect(cardsTo(berg, before)).toEqual([]);
    // Åre lets it run out: after 48 hours the expiry job passes the weeks to Berg.
    const later = bot.connector.calls.length;
    await at('2027-02-17T10:00:00Z');
    await at('2027-02-17T10:01:00Z');
    const bergOffer = cardsTo(berg, later).find((card) => cardText(card).includes('Lediga veckor'));
    expect(bergOffer).toBeDefined();
    // Åre's offer card says so in place, and its old button changes nothing.
    const closed = bot.connector.calls
      .slice(later)
      .filter((call) => call.method === 'PUT' && call.path.includes(personalChat(are).id));
    expect(cardText(closed.at(-1)?.body.attachments[0].content)).toContain('Tiden för erbjudandet har gått ut');
    const stale = press(offer, 'Tacka ja till v. 10–11 (Makerkit)');
    const late = await bot.execute(are, stale.verb, stale.data);
    expect(textOf(late)).toContain('Erbjudandet gäller inte längre');
    const accept = press(bergOffer, 'Tacka ja till v. 10–11 (Makerkit)');
    const accepted = validCard(await bot.execute(berg, accept.verb, accept.data));
    expect(cardText(accepted)).toContain('Ni tackade ja till erbjudandet');
    const held = (await stored()).bookings.filter(holdsWeeks);
    const weeks = held.flatMap((b) => weeksOf(b));
    expect(new Set(weeks).size).toBe(weeks.length);
    expect(held.find((b) => b.startWeek === '2027-W10')?.municipalityCode).toBe('2326');
  });

  it('tells both libraries three days before each handover, and a missing item reaches staff', async () => {
    const before = bot.connector.calls.length;
    // Monday 8 March (week 10) is the handover day: three days before, Friday 5 March at 09:00 Swedish time.
    await at('2027-03-05T08:00:30Z');
    const onItsWay = cardsTo(berg, before).find((card) => cardText(card).includes('På väg till er'));
    expect(onItsWay).toBeDefined();
    // Bräcke has it the week before: it is told to send it on to Berg, where and when.
    const handOnToBerg = cardsTo(bracke, before).find((card) => cardText(card).includes('Dags att skicka vidare'));
    expect(cardText(handOnToBerg)).toContain('måndag 8 mars ska Makerkit vidare till');
    expect(cardText(handOnToBerg)).toContain('Berg');
    // A second tick (or another instance) sends nothing again.
    const again = bot.connector.calls.length;
    await at('2027-03-05T08:01:30Z');
    expect(cardsTo(berg, again)).toEqual([]);

    bot.now = new Date('2027-03-08T10:00:00Z');
    const open = press(onItsWay, 'Bekräfta att Makerkit har kommit');
    const form = validCard(await bot.execute(berg, open.verb, open.data));
    const confirm = press(form, 'Bekräfta att Makerkit har kommit', { missing1: '1', note: 'En micro:bit saknades.' });
    const toStaff = bot.connector.calls.length;
    const done = validCard(await bot.execute(berg, confirm.verb, confirm.data));
    expect(cardText(done)).toContain('Saknas: 1 Micro:bit.');
    await bot.delivered();
    const report = cardsTo(staff, toStaff).find((card) => cardText(card).includes('Saknas: 1 Micro:bit.'));
    expect(report).toBeDefined();

    // The holder is told who is next, where and when; the next library that it is on its way.
    const handOn = bot.connector.calls.length;
    await at('2027-03-19T08:00:30Z');
    const toHolder = cardsTo(berg, handOn).find((card) => cardText(card).includes('Dags att skicka vidare'));
    expect(cardText(toHolder)).toContain('Krokom');
    expect(cardsTo(krokom, handOn).some((card) => cardText(card).includes('På väg till er'))).toBe(true);
  });

  it('shows staff the term per municipality, who has not had the kit, and what arrived missing', async () => {
    const fairness = validCard(await bot.execute(staff, 'kit.fairness', { ...kitRef(), term: '' }));
    const text = cardText(fairness);
    expect(text).toContain('Inte haft kitet än');
    expect(text).toContain('Ragunda');
    expect(text).toContain('Saknas: 1 Micro:bit.');
    const member = await bot.execute(berg, 'kit.fairness', { ...kitRef(), term: '' });
    expect(cardOf(member)).toBeUndefined();
  });
});
