import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Documents } from '../../src/platform/cosmos/documents.js';
import type { Storage } from '../../src/platform/cosmos/containers.js';
import { OperationMeter } from '../../src/platform/cosmos/meter.js';
import { silentLogger } from '../../src/platform/logger.js';
import { Refusal } from '../../src/platform/refusal.js';
import { cancelBooking } from '../../src/features/kit/booking-change-rules.js';
import {
  DEFAULT_RULES,
  holdsWeeks,
  placeBooking,
  weeksOf,
  WeeksTaken,
  type Actor,
  type BookingRequest,
} from '../../src/features/kit/domain.js';
import { recordReceipt } from '../../src/features/kit/handover-rules.js';
import { expireOffers, joinWaitingList } from '../../src/features/kit/queue-rules.js';
import { kitSchema, type BookingRules, type Kit } from '../../src/features/kit/schema.js';
import { KitStore, randomIds } from '../../src/features/kit/store.js';
import { weeksFrom } from '../../src/features/kit/weeks.js';
import { openTestStorage, type TestStorage } from '../support/test-storage.js';

/**
 * The kit store's promise against a real Cosmos endpoint, with two bot instances (two CosmosClients with their own
 * connections) on one database: whatever arrives at once, a copy is never booked twice for a week, the term
 * limit holds, freed weeks are offered once, and a "received" is recorded once.
 */
const now = new Date('2027-03-01T10:00:00Z'); // week 9: weeks 10 to 35 are bookable
const REGION = ['2303', '2305', '2309', '2313', '2321', '2326', '2361', '2380'];
const staff: Actor = { person: { id: 'staff', name: 'Regina' }, isStaff: true };
const member = (municipalityCode: string, n = 0): Actor => ({
  person: { id: `m-${municipalityCode}-${n}`, name: `Bibliotekarie ${n}` },
  municipalityCode,
  isStaff: false,
});
const request = (municipalityCode: string, startWeek: string, weekCount = 1): BookingRequest => ({
  municipalityCode,
  libraryName: `Bibliotek ${municipalityCode}`,
  startWeek,
  weekCount,
});

let target: TestStorage;
let other: Storage;
/** Two instances of the bot's kit store, one per client. */
let instances: [KitStore, KitStore];
let kitCount = 0;

beforeAll(async () => {
  target = await openTestStorage();
  other = await target.openAnotherInstance();
  instances = [new KitStore(target.storage.containers.kits), new KitStore(other.containers.kits)];
});
afterAll(async () => target?.cleanup());

async function newKit(rules: Partial<BookingRules> = {}, copies = 1): Promise<Kit> {
  const kitId = `kit-${++kitCount}`;
  const home = { name: 'Regionbiblioteket', municipalityCode: '2380', address: '' };
  const kit = kitSchema.parse({
    id: `kit:${kitId}`,
    type: 'kit',
    programmeId: 'p-kit',
    kitId,
    name: 'Makerkit',
    source: { groupId: 'mik', outputId: 'kit-plan' },
    contents: [{ itemId: 'item1', name: 'Micro:bit', count: 10 }],
    copies: Array.from({ length: copies }, (_, i) => ({
      copyId: String(i + 1),
      label: `Kit ${i + 1}`,
      homeLibrary: home,
    })),
    rules: { ...DEFAULT_RULES, ...rules },
    administrators: [staff.person],
    regionCodes: REGION,
    createdBy: staff.person,
    createdAt: now.toISOString(),
    updatedBy: staff.person,
    updatedAt: now.toISOString(),
  });
  await instances[0].create(kit);
  return kit;
}

type Outcome = { booked: boolean; refusal?: Refusal };

/** One booking attempt on instance `n % 2` (or on the given store), as a card action would make it. */
async function attempt(
  kit: Kit,
  n: number,
  actor: Actor,
  wanted: BookingRequest,
  store: KitStore = instances[n % 2]!,
): Promise<Outcome> {
  try {
    const result = await store.change(kit.programmeId, kit.kitId, (current) =>
      placeBooking(current, actor, wanted, randomIds, now),
    );
    return { booked: result.written };
  } catch (error) {
    if (error instanceof Refusal) return { booked: false, refusal: error };
    throw error;
  }
}

/**
 * Stores with no batching between them, alternating between the two clients: each instance groups the changes it
 * receives at once into one write (see KitStore.drain), so separate stores are how many writers contend.
 */
function separateStores(count: number): KitStore[] {
  return Array.from(
    { length: count },
    (_, n) => new KitStore(n % 2 === 0 ? target.storage.containers.kits : other.containers.kits),
  );
}

async function stored(kit: Kit): Promise<Kit> {
  return instances[1].require(kit.programmeId, kit.kitId);
}

/** Every (copy, week) held by at most one booking. */
function overlaps(kit: Kit): string[] {
  const seen = new Map<string, string>();
  const doubles: string[] = [];
  for (const booking of kit.bookings.filter(holdsWeeks)) {
    for (const week of weeksOf(booking)) {
      const key = `${booking.copyId}/${week}`;
      if (seen.has(key)) doubles.push(`${key}: ${seen.get(key)} and ${booking.bookingId}`);
      seen.set(key, booking.bookingId);
    }
  }
  return doubles;
}

describe(`Kit store across two instances (${process.env.COSMOS_ENDPOINT ? 'Azure Cosmos DB' : 'embedded server'})`, () => {
  it('gives exactly one of 50 simultaneous attempts at the same week the booking; the others get alternatives', async () => {
    // Two bot instances (each groups what it receives at once into one write), then 50 separate writers.
    const separate = separateStores(50);
    for (const stores of [instances, separate]) {
      const kit = await newKit();
      const outcomes = await Promise.all(
        Array.from({ length: 50 }, (_, n) => {
          const code = REGION[n % REGION.length]!;
          return attempt(kit, n, member(code, n), request(code, '2027-W12'), stores[n % stores.length]);
        }),
      );
      expect(outcomes.filter((o) => o.booked)).toHaveLength(1);
      const refused = outcomes.filter((o) => !o.booked);
      expect(refused).toHaveLength(49);
      for (const { refusal } of refused) {
        expect(refusal).toBeInstanceOf(WeeksTaken);
        expect((refusal as WeeksTaken).alternatives[0]).toEqual({ copyId: '1', startWeek: '2027-W11', weekCount: 1 });
      }
      const after = await stored(kit);
      expect(after.bookings).toHaveLength(1);
      expect(after.bookings[0]).toMatchObject({ startWeek: '2027-W12', status: 'confirmed' });
    }
    // With 50 separate writers the race really happened, and the store settled it.
    expect(separate.reduce((sum, store) => sum + store.stats.conflicts, 0)).toBeGreaterThan(0);
  });

  it('never lets overlapping multi-week attempts overlap, on any copy, and refuses only what was really taken', async () => {
    const kit = await newKit({ maxLoanWeeks: 3, maxWeeksPerTerm: 26 }, 2);
    const wanted = Array.from({ length: 80 }, (_, n) => {
      const code = REGION[n % REGION.length]!;
      const startWeek = weeksFrom('2027-W10', 10)[(n * 7) % 10]!;
      return { actor: member(code, n), request: request(code, startWeek, 1 + (n % 3)) };
    });
    const stores = separateStores(8);
    const outcomes = await Promise.all(wanted.map((w, n) => attempt(kit, n, w.actor, w.request, stores[n % 8])));
    const after = await stored(kit);
    expect(overlaps(after)).toEqual([]);
    expect(after.bookings.filter(holdsWeeks)).toHaveLength(outcomes.filter((o) => o.booked).length);
    expect(stores.reduce((sum, store) => sum + store.stats.conflicts, 0)).toBeGreaterThan(0);
    outcomes.forEach((outcome, n) => {
      if (outcome.booked) return;
      // "Busy" (gave up after the time budget on a loaded machine) is a refusal that wrote nothing: allowed.
      if (outcome.refusal?.key === 'kit:errors.busy') return;
      expect(outcome.refusal).toBeInstanceOf(WeeksTaken);
      // Nothing is ever cancelled here, so what was taken then is taken now: on every copy.
      const weeks = weeksFrom(wanted[n]!.request.startWeek, wanted[n]!.request.weekCount);
      for (const copy of after.copies) {
        const taken = after.bookings.some(
          (b) => b.copyId === copy.copyId && holdsWeeks(b) && weeksOf(b).some((week) => weeks.includes(week)),
        );
        expect(taken, `attempt ${n} on copy ${copy.copyId}`).toBe(true);
      }
    });
  });

  it('keeps a municipality within its weeks per term when it books many weeks at once', async () => {
    const kit = await newKit({ maxWeeksPerTerm: 3 });
    const outcomes = await Promise.all(
      weeksFrom('2027-W10', 12).map((week, n) => attempt(kit, n, member('2321', n), request('2321', week))),
    );
    expect(outcomes.filter((o) => o.booked)).toHaveLength(3);
    expect(outcomes.filter((o) => o.refusal?.key === 'kit:errors.termLimit')).toHaveLength(9);
    expect((await stored(kit)).bookings).toHaveLength(3);
  });

  it('leaves no half-booking when an instance dies mid-way, and a redelivered press finds its own booking', async () => {
    const kit = await newKit();
    // An instance that read the kit and died before its write: with one document there is nothing to repair.
    let reachedWrite!: () => void;
    const atWrite = new Promise<void>((resolve) => (reachedWrite = resolve));
    class DiesBeforeWriting extends Documents {
      override replace(): Promise<never> {
        reachedWrite();
        return new Promise<never>(() => undefined);
      }
    }
    const dying = new KitStore(
      new DiesBeforeWriting(target.storage.database.container('kits'), new OperationMeter(), silentLogger),
    );
    void dying.change(kit.programmeId, kit.kitId, (current) =>
      placeBooking(current, member('2309'), request('2309', '2027-W12'), randomIds, now),
    );
    await atWrite;
    expect((await stored(kit)).bookings).toEqual([]);
    expect(await attempt(kit, 1, member('2321'), request('2321', '2027-W12'))).toEqual({ booked: true });

    // The answer to a booking was lost and Teams sends the same press again (same activity, same booking id).
    const withId = { ...request('2380', '2027-W14'), bookingId: 'activity-42' };
    const first = await instances[0].change(kit.programmeId, kit.kitId, (k) =>
      placeBooking(k, member('2380'), withId, randomIds, now),
    );
    const again = await instances[1].change(kit.programmeId, kit.kitId, (k) =>
      placeBooking(k, member('2380'), withId, randomIds, now),
    );
    expect(first.written).toBe(true);
    expect(again).toMatchObject({ written: false, booking: { bookingId: 'activity-42', status: 'confirmed' } });
    expect((await stored(kit)).bookings.filter((b) => b.bookingId === 'activity-42')).toHaveLength(1);
  });

  it('offers freed weeks to the queue once, however many instances expire the offer at the same moment', async () => {
    const kit = await newKit();
    const ref = [kit.programmeId, kit.kitId] as const;
    await instances[0].change(...ref, (k) =>
      placeBooking(k, member('2309'), request('2309', '2027-W12'), randomIds, now),
    );
    const booking = (await stored(kit)).bookings[0]!;
    await instances[0].change(...ref, (k) =>
      joinWaitingList(k, member('2321'), request('2321', '2027-W12'), 'e1', now),
    );
    const second = new Date(now.getTime() + 1000);
    await instances[1].change(...ref, (k) =>
      joinWaitingList(k, member('2380'), request('2380', '2027-W12'), 'e2', second),
    );
    const cancelled = await instances[1].change(...ref, (k) =>
      cancelBooking(k, member('2309'), booking.bookingId, randomIds, now),
    );
    expect(cancelled.offers.map((o) => o.municipalityCode)).toEqual(['2321']);

    const later = new Date(now.getTime() + 49 * 3_600_000);
    expect(await instances[0].listWithExpiredOffers(now)).not.toContainEqual({
      programmeId: 'p-kit',
      kitId: kit.kitId,
    });
    // Only kits with an offer past its time match (kits without offers have no nextOfferExpiresAt).
    expect(await instances[0].listWithExpiredOffers(later)).toEqual([{ programmeId: 'p-kit', kitId: kit.kitId }]);
    const runs = await Promise.all(
      Array.from({ length: 10 }, (_, n) =>
        instances[n % 2]!.change(...ref, (k) => expireOffers(k, randomIds, later, staff.person)),
      ),
    );
    const writers = runs.filter((run) => run.written);
    expect(writers).toHaveLength(1);
    expect(writers[0]!.offers.map((o) => o.municipalityCode)).toEqual(['2380']);
    expect(runs.flatMap((run) => run.offers)).toHaveLength(1);
    const after = await stored(kit);
    expect(after.bookings.map((b) => [b.municipalityCode, b.status])).toEqual([
      ['2309', 'cancelled'],
      ['2321', 'expired'],
      ['2380', 'offered'],
    ]);
    expect(await instances[0].listWithExpiredOffers(later)).not.toContainEqual({
      programmeId: 'p-kit',
      kitId: kit.kitId,
    });
  });

  it('records "received" once when several press it at the same moment', async () => {
    const kit = await newKit();
    await instances[0].change(kit.programmeId, kit.kitId, (k) =>
      placeBooking(k, member('2309'), request('2309', '2027-W12'), randomIds, now),
    );
    const current = await stored(kit);
    const legId = `to:${current.bookings[0]!.bookingId}`;
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, n) =>
        instances[n % 2]!.recordReceipt(
          recordReceipt(
            current,
            member('2309', n),
            legId,
            { items: [{ itemId: 'item1', missing: 1, broken: 0 }], note: '' },
            now,
          ),
        ),
      ),
    );
    expect(results.filter((r) => !r.alreadyRecorded)).toHaveLength(1);
    const receipts = await instances[1].listReceipts(kit.programmeId, kit.kitId);
    expect(receipts).toHaveLength(1);
    expect(results.every((r) => r.receipt.receivedBy.id === receipts[0]!.receivedBy.id)).toBe(true);
  });
});
