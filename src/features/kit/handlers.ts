import type { Listeners } from '../../platform/teams/listeners.js';
import { KitGate } from './access.js';
import { book, cancel, chooseKit, leaveQueue, move, queue, showCalendar } from './booking.js';
import { calendarFile } from './calendar-file.js';
import { kitForm, saveKit } from './creation.js';
import type { KitDeps } from './deps.js';
import { earlyReturnForm, returnKitEarly } from './early-return.js';
import { CalendarRefresher, KitMessages, type KitContext } from './messages.js';
import { accept, decline, dueOfferExpiries } from './offers.js';
import { dailyCalendarRefresh, fairness, postCalendar } from './overview.js';
import { KIT_VERBS } from './schema.js';
import { dueHandovers, received, receivedForm } from './travel.js';

/**
 * The bookable MIK kit: regional staff make a kit from an approved kit plan; anyone signed up for the programme
 * books it for their municipality from chat (staff for any), queues for taken weeks and is offered them when they
 * free up (a booking cancelled, moved or returned early); the kit travels from library to library with notices three days before each handover and a content
 * check on arrival; staff see the term's share per municipality, and the calendar lives in the MIK group's channel.
 */
export function registerKit({ router, scheduler, http }: Listeners, deps: KitDeps): void {
  const messages = new KitMessages(deps);
  const ctx: KitContext = { ...deps, messages, calendars: new CalendarRefresher(deps, messages) };
  const kits = new KitGate(deps);
  const signedUp = kits.programme;
  const staff = deps.gate.programmes.programme('staff');
  const verb = KIT_VERBS;

  router.command('bookKit', kits.turn, 'reads', (turn, accesses) => chooseKit(turn, ctx, accesses));

  router.cardAction('kit.createForm', verb['kit.createForm'], staff, 'reads', (t, a, ref) => kitForm(t, ctx, a, ref));
  router.cardAction('kit.create', verb['kit.create'], staff, 'changes', (t, a, form) => saveKit(t, ctx, a, form));
  router.cardAction('kit.fairness', verb['kit.fairness'], staff, 'reads', (t, a, page) => fairness(t, ctx, a, page));
  router.cardAction('kit.postCalendar', verb['kit.postCalendar'], staff, 'changes', (t, a, ref) =>
    postCalendar(t, ctx, a, ref),
  );

  router.cardAction('kit.calendar', verb['kit.calendar'], signedUp, 'reads', (t, a, p) => showCalendar(t, ctx, a, p));
  router.cardAction('kit.book', verb['kit.book'], signedUp, 'changes', (t, a, form) => book(t, ctx, a, form));
  router.cardAction('kit.queue', verb['kit.queue'], signedUp, 'changes', (t, a, form) => queue(t, ctx, a, form));
  router.cardAction('kit.cancel', verb['kit.cancel'], signedUp, 'changes', (t, a, ref) => cancel(t, ctx, a, ref));
  router.cardAction('kit.move', verb['kit.move'], signedUp, 'changes', (t, a, form) => move(t, ctx, a, form));
  router.cardAction('kit.leaveQueue', verb['kit.leaveQueue'], signedUp, 'changes', (t, a, ref) =>
    leaveQueue(t, ctx, a, ref),
  );
  router.cardAction('kit.returnForm', verb['kit.returnForm'], signedUp, 'reads', (t, a, ref) =>
    earlyReturnForm(t, ctx, a, ref),
  );
  router.cardAction('kit.return', verb['kit.return'], signedUp, 'changes', (t, a, form) =>
    returnKitEarly(t, ctx, a, form),
  );
  router.cardAction('kit.acceptOffer', verb['kit.acceptOffer'], signedUp, 'changes', (t, a, ref) =>
    accept(t, ctx, a, ref),
  );
  router.cardAction('kit.declineOffer', verb['kit.declineOffer'], signedUp, 'changes', (t, a, ref) =>
    decline(t, ctx, a, ref),
  );
  router.cardAction('kit.receivedForm', verb['kit.receivedForm'], signedUp, 'reads', (t, a, ref) =>
    receivedForm(t, ctx, a, ref),
  );
  router.cardAction('kit.received', verb['kit.received'], signedUp, 'changes', (t, a, form) =>
    received(t, ctx, a, form),
  );

  scheduler.register('kit.offerExpiry', dueOfferExpiries(ctx));
  scheduler.register('kit.handovers', dueHandovers(ctx));
  scheduler.register('kit.calendars', dailyCalendarRefresh(ctx));
  http.get('/kit/:programmeId/:kitId/:bookingId/:language/:file', calendarFile(deps));
}
