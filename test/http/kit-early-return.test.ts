import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotHarness, cardText, personalChat, textOf, type BotReply, type TestPerson } from '../support/bot-harness.js';
import { press, validCard } from '../support/adaptive-cards.js';
import { bookableKit } from '../support/kit-world.js';
import { coordinator, groupChannel, members, regionalStaff } from '../support/focus-group.js';
import { KitStore } from '../../src/features/kit/store.js';

/**
 * Returning the kit early, over HTTP with the real bot and store: the library holding the kit chooses the last week
 * it keeps from its loan in the calendar; the booking is shorter, the weeks after are offered 1:1 to the first in
 * the queue (through the outbox), the calendar posted in the MIK group's channel is updated, and once the week is
 * taken the holder is told three days before to send the kit on. A member of another municipality is refused and
 * nothing changes.
 */

const [ragunda, , krokom, , are, berg] = members as [
  TestPerson,
  TestPerson,
  TestPerson,
  TestPerson,
  TestPerson,
  TestPerson,
];

let bot: BotHarness;
let programmeId = '';
let kitId = '';
const kitRef = () => ({ programmeId, kitId });
const stored = async () => (await new KitStore(bot.bot.storage.containers.kits).get(programmeId, kitId))!;
const krokomsLoan = async () => (await stored()).bookings.find((b) => b.municipalityCode === '2309')!;

/** The card the bot answered with, not a card the outbox delivered meanwhile (the posted calendar's update). */
const answerTo = (reply: BotReply) =>
  validCard({ ...reply, activities: reply.activities.filter((a) => a.replyToId === reply.request.id) });

const cardsTo = (person: TestPerson, from: number) =>
  bot.connector
    .personalActivitiesTo(`29:${person.id}`, from, [personalChat(person).id])
    .flatMap((activity) => (activity.attachments ?? []).map((a: { content: unknown }) => a.content));

const base = { copyId: 'any', municipalityCode: '' };

beforeAll(async () => {
  bot = await BotHarness.start({ seedCoordinators: [coordinator] });
  ({ programmeId, kitId } = await bookableKit(bot));
  await bot.execute(regionalStaff, 'kit.postCalendar', kitRef());
  // Week 7: Krokom books weeks 10–11; Åre, then Berg, queue for week 11.
  await bot.execute(krokom, 'kit.book', { ...kitRef(), ...base, startWeek: '2027-W10', weekCount: '2' });
  await bot.execute(are, 'kit.queue', { ...kitRef(), ...base, startWeek: '2027-W11', weekCount: '1' });
  await bot.execute(berg, 'kit.queue', { ...kitRef(), ...base, startWeek: '2027-W11', weekCount: '1' });
  await bot.delivered();
  // Tuesday of week 10: Krokom has the kit.
  bot.now = new Date('2027-03-09T10:00:00Z');
}, 120_000);
afterAll(async () => {
  await bot?.stop();
});

describe('returning the kit early', () => {
  it('refuses a member of another municipality, and nothing changes', async () => {
    const before = await stored();
    const { bookingId } = await krokomsLoan();
    const form = await bot.execute(ragunda, 'kit.returnForm', { ...kitRef(), bookingId });
    expect(textOf(form)).toBe('Den bokningen är en annan kommuns. Ingenting har ändrats.');
    const refused = await bot.execute(ragunda, 'kit.return', { ...kitRef(), bookingId, lastWeek: '2027-W10' });
    expect(textOf(refused)).toBe('Den bokningen är en annan kommuns. Ingenting har ändrats.');
    expect((await stored())._etag).toBe(before._etag);
  });

  it('lets the holder keep this week from its calendar; the next week is offered to the first in the queue', async () => {
    const calendar = answerTo(await bot.say(krokom, 'boka kit'));
    const open = press(calendar, 'Lämna tillbaka Makerkit tidigt (v. 10–11)');
    const form = validCard(await bot.execute(krokom, open.verb, open.data));
    expect(cardText(form)).toContain('Sista veckan ni behåller Makerkit');
    const before = bot.connector.calls.length;
    const confirm = press(form, 'Lämna tillbaka Makerkit efter den valda veckan', { lastWeek: '2027-W10' });
    const answer = validCard(await bot.execute(krokom, confirm.verb, confirm.data));
    expect(cardText(answer)).toContain(
      'Lånet av Makerkit slutar nu efter v. 10. Veckorna efter har erbjudits den första i kön.',
    );
    expect(await krokomsLoan()).toMatchObject({ startWeek: '2027-W10', weekCount: 1, status: 'confirmed' });

    await bot.delivered();
    const [offer, ...more] = cardsTo(are, before);
    expect(more).toEqual([]);
    expect(cardText(offer)).toContain('Lediga veckor: Makerkit');
    expect(cardText(offer)).toContain('v. 11');
    expect(cardsTo(berg, before)).toEqual([]);
    const offered = (await stored()).bookings.filter((b) => b.status === 'offered');
    expect(offered.map((b) => [b.municipalityCode, b.startWeek, b.weekCount])).toEqual([['2321', '2027-W11', 1]]);
    // The calendar in the MIK group's channel shows the week as offered.
    const updates = bot.connector.calls
      .slice(before)
      .filter((call) => call.method === 'PUT' && call.path.includes(groupChannel.id));
    expect(cardText(updates.at(-1)!.body.attachments[0].content)).toContain('Erbjuden Åre');

    // The same card pressed again finds the loan ending there already: the same answer, nothing written.
    const etag = (await stored())._etag;
    const again = validCard(await bot.execute(krokom, confirm.verb, confirm.data));
    expect(cardText(again)).toContain('Lånet av Makerkit slutar nu efter v. 10.');
    expect((await stored())._etag).toBe(etag);
    // Its last week has no early return left.
    expect(cardText(answerTo(await bot.say(krokom, 'boka kit')))).not.toContain('Lämna tillbaka');

    // Åre takes the week; three days before the handover Krokom is told to send the kit on to Åre.
    const accept = press(offer, 'Tacka ja till v. 11 (Makerkit)');
    expect(cardText(validCard(await bot.execute(are, accept.verb, accept.data)))).toContain('Veckorna är era');
    const told = bot.connector.calls.length;
    bot.now = new Date('2027-03-12T08:00:30Z');
    await bot.bot.scheduler.tick();
    await bot.delivered();
    const handOn = cardsTo(krokom, told).find((card) => cardText(card).includes('Dags att skicka vidare'));
    expect(cardText(handOn)).toContain('måndag 15 mars ska Makerkit vidare till');
    expect(cardText(handOn)).toContain('Åre');
  });
});
