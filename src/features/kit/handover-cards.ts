import { renderCard, type AdaptiveCard } from '../../platform/teams/cards.js';
import { textsFor } from '../../platform/texts.js';
import { copyLabel, dayLabel, holderLabel, momentLabel, summaryLines, type Fact, type Localized } from './cards.js';
import {
  checkSummary,
  type CheckFieldError,
  type HandoverLeg,
  type HandoverNotice,
  type Holder,
} from './handover-rules.js';
import type { Kit, Receipt } from './schema.js';
import handoverTemplate from './cards/handover.json' with { type: 'json' };
import receivedTemplate from './cards/received.json' with { type: 'json' };

/* The handover notice (three days before) and the "received" content check. */

function holderFacts(localized: Localized, holder: Holder, role: 'to' | 'from'): Fact[] {
  const { t } = localized;
  const facts: Fact[] = [{ title: t(`kit:cards.handover.${role}`), value: holderLabel(holder) }];
  if (holder.kind === 'loan')
    facts.push({ title: t('kit:cards.handover.contact'), value: holder.booking.contact.name });
  if (holder.kind === 'home' && holder.library.address)
    facts.push({ title: t('kit:cards.handover.address'), value: holder.library.address });
  return facts;
}

export function handoverCard(localized: Localized, view: { kit: Kit; notice: HandoverNotice }): AdaptiveCard {
  const { t } = localized;
  const { kit, notice } = view;
  const { leg } = notice;
  const copy = copyLabel(kit, leg.copyId);
  const day = dayLabel(localized, leg.date);
  const handOn = notice.kind === 'handOn';
  const messageKey = handOn
    ? leg.from.kind === 'home'
      ? 'dispatchText'
      : leg.to.kind === 'home'
        ? 'handOnHomeText'
        : 'handOnText'
    : leg.to.kind === 'home'
      ? 'onItsWayHomeText'
      : 'onItsWayText';
  return renderCard(handoverTemplate, {
    programmeId: kit.programmeId,
    kitId: kit.kitId,
    legId: leg.legId,
    title: t(`kit:cards.handover.${handOn ? 'handOnTitle' : 'onItsWayTitle'}`, { copy }),
    message: t(`kit:cards.handover.${messageKey}`, { copy, day, to: holderLabel(leg.to), from: holderLabel(leg.from) }),
    facts: [
      { title: t('kit:cards.handover.day'), value: day },
      ...(handOn ? holderFacts(localized, leg.to, 'to') : holderFacts(localized, leg.from, 'from')),
    ],
    canConfirm: !handOn,
    confirmTitle: t('kit:cards.handover.confirmReceived', { copy }),
    showCalendarTitle: t('kit:cards.handover.showCalendar', { kit: kit.name }),
  });
}

export type ReceivedView = {
  kit: Kit;
  leg: HandoverLeg;
  /** What the form sent, shown again with errors. */
  values?: Record<string, string | undefined>;
  errors?: Record<string, CheckFieldError>;
  /** Once recorded: the card shows the check instead of the form. */
  receipt?: Receipt;
  alreadyRecorded?: boolean;
  /** For the administrators told of what was missing or broken: who reported it and where. */
  staffNote?: string;
};

export function receivedCard(localized: Localized, view: ReceivedView): AdaptiveCard {
  const { t } = localized;
  const { kit, leg, receipt } = view;
  const errors = view.errors ?? {};
  const copy = copyLabel(kit, leg.copyId);
  const error = (id: string) => (errors[id] ? t(`kit:fieldErrors.${errors[id]}`) : '');
  return renderCard(receivedTemplate, {
    text: textsFor(t, 'kit:cards.received'),
    programmeId: kit.programmeId,
    kitId: kit.kitId,
    legId: leg.legId,
    title: t('kit:cards.received.title', { copy }),
    subtitle: `${dayLabel(localized, leg.date)} · ${holderLabel(leg.from)} → ${holderLabel(leg.to)}`,
    note: view.staffNote
      ? view.staffNote
      : view.alreadyRecorded
        ? t('kit:cards.received.alreadyRecorded')
        : Object.keys(errors).length > 0
          ? t('kit:cards.received.formErrors')
          : '',
    noteColor: view.alreadyRecorded || view.staffNote ? 'Default' : 'Attention',
    done: receipt !== undefined,
    summaryLines: receipt ? summaryLines(localized, checkSummary(kit.contents, receipt.items)) : [],
    recorded: receipt
      ? t('kit:cards.received.recorded', {
          person: receipt.receivedBy.name,
          at: momentLabel(localized, receipt.receivedAt),
        })
      : '',
    countMessage: t('kit:fieldErrors.count'),
    items: kit.contents.map((item, index) => {
      const n = index + 1;
      const names = { n, item: item.name };
      return {
        n,
        heading: t('kit:cards.received.item', { ...names, count: item.count }),
        missingLabel: t('kit:cards.received.missing', names),
        brokenLabel: t('kit:cards.received.broken', names),
        missing: view.values?.[`missing${n}`] ?? '',
        broken: view.values?.[`broken${n}`] ?? '',
        missingError: error(`missing${n}`),
        brokenError: error(`broken${n}`),
      };
    }),
    noteLabel: t('kit:cards.received.note', { copy }),
    noteValue: view.values?.note ?? '',
    confirmTitle: t('kit:cards.received.confirm', { copy }),
  });
}
