import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotHarness, cardOf, cardText, personalChat, textOf } from '../support/bot-harness.js';
import { coordinator, members } from '../support/focus-group.js';
import { bookableKit } from '../support/kit-world.js';
import { holdsWeeks } from '../../src/features/kit/domain.js';
import { KitStore } from '../../src/features/kit/store.js';

/**
 * Never double-booked: two bot instances share one store (as two App Service instances share Cosmos DB), and 50
 * libraries press "Boka" for the same week at the same moment, half on each instance. Exactly one booking is made;
 * every other press is answered with the calendar, why, and the nearest free weeks.
 */

let first: BotHarness;
let second: BotHarness;
let programmeId = '';
let kitId = '';

beforeAll(async () => {
  first = await BotHarness.start({ seedCoordinators: [coordinator] });
  ({ programmeId, kitId } = await bookableKit(first));
  second = await BotHarness.startBeside(first);
}, 120_000);
afterAll(async () => {
  await second?.stop();
  await first?.stop();
});

describe('the same week, pressed 50 times at once on two instances', () => {
  it('is booked exactly once; the others get the nearest free alternatives', async () => {
    const attempts = Array.from({ length: 50 }, (_, n) => {
      const person = members[n % members.length]!;
      const bot = n % 2 === 0 ? first : second;
      return bot.execute(person, 'kit.book', {
        programmeId,
        kitId,
        startWeek: '2027-W12',
        weekCount: '1',
        copyId: 'any',
        municipalityCode: '',
      });
    });
    const replies = await Promise.all(attempts);
    expect(replies.map((reply) => reply.status)).toEqual(replies.map(() => 200));
    const texts = replies.map((reply) => cardText(cardOf(reply)) || textOf(reply));
    const booked = texts.filter((text) => text.startsWith('Bokat: Makerkit'));
    const refused = texts.filter((text) => text.includes('De veckorna är redan bokade. Här är de närmaste lediga'));
    expect(booked).toHaveLength(1);
    expect(refused).toHaveLength(49);
    for (const text of refused) expect(text).toMatch(/Boka v\. \d+/);

    const kit = (await new KitStore(second.bot.storage.containers.kits).get(programmeId, kitId))!;
    expect(kit.bookings.filter(holdsWeeks)).toEqual([
      expect.objectContaining({ startWeek: '2027-W12', weekCount: 1, status: 'confirmed' }),
    ]);
  }, 60_000);

  it('sends each handover notice once when both instances tick at the notice time', async () => {
    const kit = (await new KitStore(first.bot.storage.containers.kits).get(programmeId, kitId))!;
    const booking = kit.bookings.find(holdsWeeks)!;
    const person = members.find((m) => m.id === booking.bookedBy.id)!;
    const before = first.connector.calls.length;
    // Week 12 begins on Monday 22 March: the notices go out on Friday 19 March at 09:00 Swedish time.
    for (const bot of [first, second]) bot.now = new Date('2027-03-19T08:00:30Z');
    await Promise.all([first, second, first, second].map((bot) => bot.bot.scheduler.tick()));
    await Promise.all([first.delivered(), second.delivered()]);
    const notices = first.connector
      .personalActivitiesTo(`29:${person.id}`, before, [personalChat(person).id])
      .filter((activity) => cardText(activity.attachments?.[0]?.content).includes('På väg till er'));
    expect(notices).toHaveLength(1);
  });
});
