import { translator, type Language } from '../../platform/i18n.js';
import type { Sender } from '../../platform/outbox/outbox.js';
import { cardActivity } from '../../platform/teams/cards.js';
import type { TeamsContact } from '../../platform/teams/turn.js';
import { groupLanguage, queueInLinkedConversation } from '../membership/group-conversation.js';
import type { Person } from '../programmes/schema.js';
import { calendarCard } from './calendar-cards.js';
import type { Localized } from './cards.js';
import type { KitDeps } from './deps.js';
import { handoverCard, receivedCard } from './handover-cards.js';
import type { HandoverNotice } from './handover-rules.js';
import { legOf } from './handover-rules.js';
import { offerCard } from './offer-cards.js';
import type { Booking, Kit, Receipt } from './schema.js';

/*
 * Everything the kit sends on its own, through the durable outbox: offers from the waiting list, handover notices,
 * staff told of what arrived missing or broken, and the kit's calendar in the MIK group's conversation. Every
 * message of a kit has the kit as its origin and a key that names what it is for, so a redelivered activity, a
 * job run again or a second instance enqueues nothing new. Only the instance whose change to the kit was written
 * (`written: true` from KitStore.change) calls these for that change.
 */

export function kitOrigin(kit: Pick<Kit, 'programmeId' | 'kitId'>): string {
  return `kit:${kit.programmeId}:${kit.kitId}`;
}

const offerKey = (kit: Kit, bookingId: string) => `kit-offer:${kit.programmeId}:${kit.kitId}:${bookingId}`;

function localizedFor(language: Language): Localized {
  return { t: translator(language), language };
}

type Reachable = { person: Person; contact: TeamsContact };

export class KitMessages {
  constructor(private readonly deps: KitDeps) {}

  sender(kit: Pick<Kit, 'programmeId' | 'kitId'>): Sender {
    return this.deps.outbox.to(kitOrigin(kit));
  }

  /**
   * Where to reach someone about a loan: their own sign-up's contact; failing that (staff who booked, a sign-up
   * made by a coordinator) a colleague signed up for the same municipality who has talked to the bot.
   */
  async reach(programmeId: string, person: Person, municipalityCode: string): Promise<Reachable | undefined> {
    const own = await this.deps.memberships.get(programmeId, person.id);
    if (own?.contact) return { person, contact: own.contact };
    return this.libraryOf(programmeId, municipalityCode);
  }

  /** Someone signed up for the municipality who has talked to the bot (the first to sign up), if anyone. */
  async libraryOf(programmeId: string, municipalityCode: string): Promise<Reachable | undefined> {
    const signedUp = (await this.deps.memberships.listInProgramme(programmeId))
      .filter((m) => m.municipalityCode === municipalityCode && m.groupIds.length > 0 && m.contact)
      .sort((a, b) => a.signedUpAt.localeCompare(b.signedUpAt));
    const first = signedUp[0];
    return first ? { person: first.person, contact: first.contact! } : undefined;
  }

  /** Offers from the waiting list, 1:1 to whoever queued (or their municipality), with the time to answer. */
  async sendOffers(kit: Kit, offers: readonly Booking[], now: Date, sender = this.sender(kit)): Promise<void> {
    for (const offer of offers) {
      const to = await this.reach(kit.programmeId, offer.contact, offer.municipalityCode);
      if (!to) continue; // nobody to tell: the offer expires unseen and passes on to the next in the queue
      await sender.send({
        key: offerKey(kit, offer.bookingId),
        to: { person: to.contact },
        activity: cardActivity(offerCard(localizedFor(to.contact.language), { kit, booking: offer, now })),
        recipient: { personId: to.person.id, name: to.person.name },
      });
    }
  }

  /** Offers that expired (or were answered elsewhere): their cards show the outcome, in place. */
  async closeOffers(kit: Kit, ended: readonly Booking[], now: Date, sender = this.sender(kit)): Promise<void> {
    for (const booking of ended) {
      const to = await this.reach(kit.programmeId, booking.contact, booking.municipalityCode);
      if (!to) continue;
      try {
        await sender.update({
          key: `${offerKey(kit, booking.bookingId)}:ended`,
          of: { post: offerKey(kit, booking.bookingId) },
          activity: cardActivity(offerCard(localizedFor(to.contact.language), { kit, booking, now })),
        });
      } catch (error) {
        // The offer was never enqueued (nobody could be reached when it was made): there is no card to close.
        this.deps.logger.warn({ err: error, origin: kitOrigin(kit) }, 'no offer card to close');
      }
    }
  }

  /** Who is told of a handover: the library holding or getting the copy, or the kit's administrators at home. */
  private async recipientsOf(kit: Kit, notice: HandoverNotice): Promise<(Reachable & { key: string })[]> {
    const holder = notice.kind === 'handOn' ? notice.leg.from : notice.leg.to;
    if (holder.kind === 'loan') {
      const { contact, municipalityCode } = holder.booking;
      const to = await this.reach(kit.programmeId, contact, municipalityCode);
      return to ? [{ ...to, key: notice.key }] : [];
    }
    return kit.administratorContacts.map(({ person, contact }) => ({
      person,
      contact,
      key: `${notice.key}:${person.id}`,
    }));
  }

  async sendHandoverNotice(kit: Kit, notice: HandoverNotice, sender: Sender): Promise<void> {
    for (const { person, contact, key } of await this.recipientsOf(kit, notice)) {
      await sender.send({
        key,
        to: { person: contact },
        activity: cardActivity(handoverCard(localizedFor(contact.language), { kit, notice })),
        recipient: { personId: person.id, name: person.name },
      });
    }
  }

  /** A copy arrived with something missing or broken: the administrators see the check, 1:1. */
  async reportProblems(kit: Kit, receipt: Receipt): Promise<void> {
    const leg = legOf(kit, receipt.legId);
    if (!leg) return;
    const place = leg.to.kind === 'home' ? leg.to.library.name : leg.to.booking.libraryName || receipt.municipalityCode;
    const copy = kit.copies.find((c) => c.copyId === receipt.copyId)?.label ?? kit.name;
    const sender = this.sender(kit);
    for (const { person, contact } of kit.administratorContacts) {
      const localized = localizedFor(contact.language);
      const staffNote = localized.t('kit:cards.received.staffNote', { copy, place });
      await sender.send({
        key: `kit-receipt:${kit.programmeId}:${kit.kitId}:${receipt.legId}:${person.id}`,
        to: { person: contact },
        activity: cardActivity(receivedCard(localized, { kit, leg, receipt, staffNote })),
        recipient: { personId: person.id, name: person.name },
      });
    }
  }

  /** The calendar as posted where the MIK group talks: in the programme's language, the same for every reader. */
  postedCalendar(kit: Kit, programme: { language?: Language }, now: Date) {
    return calendarCard(groupLanguage(programme), { kit, now, viewer: { isStaff: false }, posted: true });
  }

  private async programmeOf(kit: Kit): Promise<{ language?: Language }> {
    return (await this.deps.programmes.get(kit.programmeId)) ?? {};
  }

  /**
   * Posts the kit's calendar in a conversation linked to its group (once per conversation: the key names it).
   * False when the conversation is not, or no longer, linked.
   */
  async postCalendar(kit: Kit, conversationId: string, now: Date): Promise<boolean> {
    const programme = await this.programmeOf(kit);
    return queueInLinkedConversation(this.deps.programmes, this.sender(kit), conversationId, {
      key: calendarPostKey(conversationId),
      activity: cardActivity(this.postedCalendar(kit, programme, now)),
    });
  }

  /** Enqueues the calendar as the kit stands now over the posted one (one key per post: the last edit wins). */
  async updateCalendar(kit: Kit, now: Date, sender = this.sender(kit)): Promise<void> {
    const posted = kit.channelCalendar;
    if (!posted) return;
    await sender.update({
      key: `${posted.postKey}:update`,
      of: { post: posted.postKey },
      activity: cardActivity(this.postedCalendar(kit, await this.programmeOf(kit), now)),
    });
  }
}

export function calendarPostKey(conversationId: string): string {
  return `kit-calendar:${conversationId}`;
}

/** The use cases' world: the deps, and the messages sent through them. */
export type KitContext = KitDeps & { messages: KitMessages; calendars: CalendarRefresher };

/**
 * Keeps the posted calendar in step with the kit without sending one update per booking: a burst of bookings on
 * this instance (written together by the store's group commit) refreshes the post once with the kit as it stands
 * after the burst; a refresh asked for while one is being enqueued is done once more, from a fresh read, after it.
 */
export class CalendarRefresher {
  private readonly running = new Map<string, { again: boolean }>();

  constructor(
    private readonly deps: KitDeps,
    private readonly messages: KitMessages,
  ) {}

  /** Runs in the background of the turn that changed the kit: failures are logged, the daily refresh heals them. */
  refresh(kit: Kit): void {
    if (!kit.channelCalendar) return;
    const key = kitOrigin(kit);
    const running = this.running.get(key);
    if (running) {
      running.again = true;
      return;
    }
    const state = { again: false };
    this.running.set(key, state);
    void this.run(kit, state)
      .catch((error: unknown) =>
        this.deps.logger.error({ err: error, origin: key }, 'could not refresh the kit calendar'),
      )
      .finally(() => this.running.delete(key));
  }

  private async run(first: Kit, state: { again: boolean }): Promise<void> {
    let kit: Kit | undefined = first;
    while (kit) {
      await this.messages.updateCalendar(kit, this.deps.clock());
      if (!state.again) return;
      state.again = false;
      kit = await this.deps.kits.get(first.programmeId, first.kitId);
    }
  }
}
