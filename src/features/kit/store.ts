import { randomUUID } from 'node:crypto';
import { calendarToken } from '../../platform/calendar.js';
import { WriteConflict, type Documents, type Stored } from '../../platform/cosmos/documents.js';
import { Refusal } from '../../platform/refusal.js';
import type { Change, NewIds } from './domain.js';
import { kitDocumentId, kitSchema, receiptDocumentId, receiptSchema, type Kit, type Receipt } from './schema.js';

/**
 * Cosmos access for kits: the `kits` container, partitioned by programme id, holds one document per kit (its
 * definition and its whole booking state: bookings, offers, waiting list) and one receipt per handover.
 *
 * Why one ETag-guarded document per kit, and not one document per copy and week created only if absent:
 * - Every rule that must hold across bot instances is about several weeks, copies or bookings at once: no
 *   overlap on a copy, the most weeks per municipality per term (all copies together), freed weeks held for the
 *   first in the queue, a move that frees old weeks and takes new ones. In one document each of these is checked
 *   and applied by one conditional replace: two instances cannot both succeed, a refusal writes nothing, and a
 *   crash at any point leaves either the old kit or the new one. With week documents, multi-week bookings need
 *   compensation on conflict, a booking document to repair half-done claims after a crash, separate claim
 *   documents for the term limit, and an in-place hand-over protocol so freed weeks reach the queue before
 *   anyone else; each is a place for a half-done state.
 * - The cost is contention on one document, and it is paid on this instance's CPU more than in the store: every
 *   writer that loses re-reads and re-decides. Measured against the embedded server on 2 busy cores, 200
 *   simultaneous attempts over 20 weeks by 8 municipalities: week documents (no alternatives computed) took
 *   0.25–0.7 s at ~3 operations per attempt but turned some attempts away only because a rival's claim was still
 *   being compensated (7 to 20 bookings from the same burst); this document with one write per attempt livelocked
 *   (each retry round re-ran 200 decisions for one booking: 165 of 200 gave up after 3 s). With group commit (see
 *   drain) it takes 0.06–0.22 s on 2 instances (p99 under 0.25 s, 9–11 operations for the whole burst), and
 *   0.23–0.52 s on 8 instances (~60 operations, ~19 conflicts); 50 separate writers at one week: 0.25–0.4 s, 3
 *   operations per attempt, one booking (`npx tsx bench/kit-store.ts`). A region books a kit a few times a week.
 * - The document stays small: a booking is about 500 bytes, so decades of weekly loans of several copies stay
 *   below Cosmos' 2 MB limit; the calendar is one point read.
 */
export class KitStore {
  /** Conflicts met (another instance wrote first) and changes given up after the time budget, for tests and benches. */
  readonly stats = { conflicts: 0, givenUp: 0 };
  /** Per kit, the changes waiting for the write in flight on this instance (see drain). */
  private readonly waiting = new Map<string, Queued[]>();

  constructor(
    private readonly kits: Documents,
    /** A card action must be answered within about 5 s: retries stop well before, with a "try again". */
    private readonly budgetMs = 3000,
  ) {}

  get(programmeId: string, kitId: string): Promise<Stored<Kit> | undefined> {
    return this.kits.read(kitSchema, kitDocumentId(kitId), programmeId);
  }

  async require(programmeId: string, kitId: string): Promise<Stored<Kit>> {
    const kit = await this.get(programmeId, kitId);
    if (!kit) throw new Refusal('kit:errors.unknownKit');
    return kit;
  }

  async create(kit: Kit): Promise<Stored<Kit>> {
    try {
      return await this.kits.create(kitSchema.parse(kit));
    } catch (error) {
      if (error instanceof WriteConflict) throw new Refusal('kit:errors.kitExists', { name: kit.name });
      throw error;
    }
  }

  listForProgramme(programmeId: string): Promise<Stored<Kit>[]> {
    return this.kits.query(
      kitSchema,
      {
        query: "SELECT * FROM c WHERE c.programmeId = @programmeId AND c.type = 'kit' ORDER BY c.createdAt",
        parameters: [{ name: '@programmeId', value: programmeId }],
      },
      programmeId,
    );
  }

  /** Kits with an offer past its time. Crosses partitions, once a minute, and only kits with an open offer match. */
  async listWithExpiredOffers(now: Date): Promise<{ programmeId: string; kitId: string }[]> {
    const kits = await this.kits.query(kitSchema, {
      query: "SELECT * FROM c WHERE c.type = 'kit' AND c.nextOfferExpiresAt <= @now",
      parameters: [{ name: '@now', value: now.toISOString() }],
    });
    return kits.map(({ programmeId, kitId }) => ({ programmeId, kitId }));
  }

  /** Kits with a confirmed loan in `fromWeek` or later: those whose copies still travel (handover notices). */
  async listTravelling(fromWeek: string): Promise<Stored<Kit>[]> {
    return this.kits.query(kitSchema, {
      query: "SELECT * FROM c WHERE c.type = 'kit' AND c.lastLoanWeek >= @week",
      parameters: [{ name: '@week', value: fromWeek }],
    });
  }

  /** Kits whose calendar is posted in a conversation (refreshed once a day). Crosses partitions. */
  async listPosted(): Promise<{ programmeId: string; kitId: string }[]> {
    const kits = await this.kits.query(kitSchema, {
      query: "SELECT * FROM c WHERE c.type = 'kit' AND IS_DEFINED(c.channelCalendar)",
      parameters: [],
    });
    return kits.map(({ programmeId, kitId }) => ({ programmeId, kitId }));
  }

  /**
   * Applies a domain change to the kit under its ETag. When another instance wrote first, the change runs again
   * on the fresh kit, so it is decided on what is stored, never on what this instance saw earlier: a booking
   * that still fits is written, one that no longer fits is refused by the domain. `change` must be pure (it may
   * run several times) and may throw a Refusal, which writes nothing. `written` is false when the change had
   * nothing to do; only the instance whose write succeeded gets `written: true`, so side effects (messages,
   * audit) belong to it alone. Gives up with a "busy" refusal (nothing written) after the time budget.
   */
  change<T extends object>(
    programmeId: string,
    kitId: string,
    change: (kit: Kit) => Change<T>,
  ): Promise<T & { kit: Stored<Kit>; written: boolean }> {
    return new Promise((resolve, reject) => {
      const key = `${programmeId}\u0000${kitId}`;
      const item: Queued = {
        change,
        resolve: resolve as Queued['resolve'],
        reject,
        deadline: Date.now() + this.budgetMs,
      };
      const waiting = this.waiting.get(key);
      if (waiting) {
        waiting.push(item);
        return;
      }
      this.waiting.set(key, [item]);
      void this.drain(key, programmeId, kitId);
    });
  }

  /**
   * Group commit: changes to one kit that arrive on this instance while a write is in flight are applied together,
   * in arrival order, in the next read-modify-write. Without it, a burst of 200 attempts would each read, decide
   * and write, 199 would conflict, and every round of retries would cost 200 reads and decisions for one booking
   * (measured: most attempts gave up after 3 s). This is not what prevents double booking (the ETag does, across
   * instances and within one); it only keeps one instance from contending with itself.
   */
  private async drain(key: string, programmeId: string, kitId: string): Promise<void> {
    for (;;) {
      const batch = this.waiting.get(key)!;
      if (batch.length === 0) {
        this.waiting.delete(key);
        return;
      }
      this.waiting.set(key, []);
      await this.commit(programmeId, kitId, batch).catch((error: unknown) => {
        for (const item of batch) item.reject(error);
      });
    }
  }

  private async commit(programmeId: string, kitId: string, batch: Queued[]): Promise<void> {
    for (let attempt = 1; batch.length > 0; attempt++) {
      const current = await this.require(programmeId, kitId);
      let kit: Kit = current;
      const outcomes = batch.map((item): Outcome => {
        try {
          const { kit: next, ...result } = item.change(kit);
          if (next) kit = next;
          return { item, result, wrote: next !== undefined };
        } catch (error) {
          return { item, error };
        }
      });
      if (kit === current) return settle(outcomes, current);
      // A kit the schema cannot read would vanish from every later read: refuse to write one (a bug, not a rule).
      kitSchema.parse(kit);
      try {
        return settle(outcomes, await this.kits.replace(kit, current._etag, programmeId));
      } catch (error) {
        if (!(error instanceof WriteConflict)) throw error;
        this.stats.conflicts++;
      }
      // Another instance wrote first: whoever still has time runs again on the fresh kit.
      const now = Date.now();
      for (const item of batch.filter((queued) => queued.deadline <= now)) {
        this.stats.givenUp++;
        item.reject(new Refusal('kit:errors.busy'));
      }
      batch = batch.filter((queued) => queued.deadline > now);
      // Full jitter, growing with the attempt, so instances that collided spread out instead of colliding again.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(100, 5 * 2 ** attempt)));
    }
  }

  /**
   * Records a "received" check once: the receipt's id is its handover leg, so a second press (or a second
   * person) finds the first check instead of adding one.
   */
  async recordReceipt(receipt: Receipt): Promise<{ receipt: Stored<Receipt>; alreadyRecorded: boolean }> {
    try {
      return { receipt: await this.kits.create(receipt), alreadyRecorded: false };
    } catch (error) {
      if (!(error instanceof WriteConflict)) throw error;
      const existing = await this.kits.read(receiptSchema, receipt.id, receipt.programmeId);
      if (!existing) throw error;
      return { receipt: existing, alreadyRecorded: true };
    }
  }

  getReceipt(programmeId: string, kitId: string, legId: string): Promise<Stored<Receipt> | undefined> {
    return this.kits.read(receiptSchema, receiptDocumentId(kitId, legId), programmeId);
  }

  listReceipts(programmeId: string, kitId: string): Promise<Stored<Receipt>[]> {
    return this.kits.query(
      receiptSchema,
      {
        query:
          "SELECT * FROM c WHERE c.programmeId = @programmeId AND c.type = 'receipt' AND c.kitId = @kitId ORDER BY c.receivedAt",
        parameters: [
          { name: '@programmeId', value: programmeId },
          { name: '@kitId', value: kitId },
        ],
      },
      programmeId,
    );
  }
}

type Queued = {
  change: (kit: Kit) => Change<object>;
  resolve: (value: object) => void;
  reject: (error: unknown) => void;
  deadline: number;
};

type Outcome = { item: Queued; result: object; wrote: boolean } | { item: Queued; error: unknown };

/** Answers every change of a batch: a written change with the stored kit, a refused one with its refusal. */
function settle(outcomes: Outcome[], kit: Stored<Kit>): void {
  for (const outcome of outcomes) {
    if ('error' in outcome) outcome.item.reject(outcome.error);
    else outcome.item.resolve({ ...outcome.result, kit, written: outcome.wrote });
  }
}

/** Random ids for bookings made in a change (a request may bring its own booking id, see BookingRequest). */
export const randomIds: NewIds = () => ({ bookingId: randomUUID(), calendarToken: calendarToken() });
