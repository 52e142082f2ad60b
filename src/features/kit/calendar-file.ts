import { calendarAnswer, calendarUrl } from '../../platform/calendar.js';
import type { HttpAnswer } from '../../platform/http/routes.js';
import { LANGUAGES, translator, type Language } from '../../platform/i18n.js';
import { bookingInvitation } from './confirmation-cards.js';
import type { KitDeps } from './deps.js';
import type { Booking, Kit } from './schema.js';

/**
 * The booking confirmation's calendar entry: GET /kit/:programmeId/:kitId/:bookingId/:language/<token>.ics opens
 * without signing in, so the token is signed over the booking and its own secret (made with the booking, never
 * shown elsewhere) and the language it is written in. A cancelled or moved-away booking's link answers 404.
 */
const subjectOf = (kit: Pick<Kit, 'programmeId' | 'kitId'>, booking: Booking, language: Language) =>
  `calendar|kit|${kit.programmeId}|${kit.kitId}|${booking.bookingId}|${booking.calendarToken}|${language}`;

export function bookingCalendarUrl(
  deps: Pick<KitDeps, 'links' | 'config'>,
  kit: Kit,
  booking: Booking,
  language: Language,
) {
  const path = ['kit', kit.programmeId, kit.kitId, booking.bookingId, language];
  return calendarUrl(deps.config.publicBaseUrl, path, deps.links.sign(subjectOf(kit, booking, language)));
}

export function calendarFile(deps: KitDeps): (params: Record<string, string>) => Promise<HttpAnswer> {
  return async ({ programmeId = '', kitId = '', bookingId = '', language = '', file = '' }) => {
    const known = (LANGUAGES as readonly string[]).includes(language) ? (language as Language) : undefined;
    const kit = known && programmeId && kitId ? await deps.kits.get(programmeId, kitId) : undefined;
    const booking = kit?.bookings.find((b) => b.bookingId === bookingId && b.status === 'confirmed');
    if (!kit || !booking || !known) return calendarAnswer(file, undefined, () => '');
    const isValid = (token: string) => deps.links.verify(subjectOf(kit, booking, known), token);
    return calendarAnswer(file, isValid, () =>
      bookingInvitation({ t: translator(known), language: known }, kit, booking),
    );
  };
}
