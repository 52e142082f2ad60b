import { formatMoment } from '../../platform/dates.js';
import type { Language, TFunction } from '../../platform/i18n.js';
import type { Touched } from '../../platform/personal-data.js';
import { renderCard, type AdaptiveCard } from '../../platform/teams/cards.js';
import { plainText } from '../../platform/teams/plain-text.js';
import { textsFor } from '../../platform/texts.js';
import type { Person, Programme } from '../programmes/schema.js';
import { touchedTotal, type Found } from './domain.js';
import myDataTemplate from './cards/my-data.json' with { type: 'json' };
import eraseConfirmTemplate from './cards/erase-confirm.json' with { type: 'json' };
import erasedTemplate from './cards/erased.json' with { type: 'json' };

type Localized = { t: TFunction; language: Language };

/** How many items of each kind the card lists before pointing to the file. */
const LINES_PER_SOURCE = 5;

export function sourceTitle(t: TFunction, source: string): string {
  return t(`privacy:sources.${source}.title`, { defaultValue: source });
}

/** A stored code ("coordinator", "outputs.approve") in the reader's words; stored text stays as it is. */
function whatLabel(t: TFunction, what: string): string {
  if (!/^[A-Za-z]+(\.[A-Za-z]+)?$/.test(what)) return what;
  return t(`privacy:what.${what}`, { defaultValue: t(`audit:actions.${what}`, { defaultValue: what }) });
}

function line(localized: Localized, item: Found['items'][number], programmes: Map<string, string>): string {
  const what = whatLabel(localized.t, item.what);
  const parts = [
    item.programmeId ? programmes.get(item.programmeId) : undefined,
    what.length > 80 ? `${what.slice(0, 79)}…` : what,
    item.at ? formatMoment(item.at, localized.language) : undefined,
  ].filter((part): part is string => Boolean(part));
  return plainText(parts.join(' · '));
}

export function myDataCard(
  localized: Localized,
  view: {
    person: Person;
    found: Found[];
    programmes: Programme[];
    downloadUrl: string;
    expiresAt: string;
    retentionDays: number;
  },
): AdaptiveCard {
  const { t, language } = localized;
  const names = new Map(view.programmes.map((p) => [p.programmeId, p.name]));
  const sections = view.found
    .filter(({ items }) => items.length > 0)
    .map(({ source, items }) => ({
      title: `${sourceTitle(t, source)} (${items.length})`,
      treatment: t(`privacy:sources.${source}.treatment`, { defaultValue: '' }),
      lines: items.slice(0, LINES_PER_SOURCE).map((item) => ({ line: line(localized, item, names) })),
      more:
        items.length > LINES_PER_SOURCE
          ? t('privacy:cards.myData.more', { count: items.length - LINES_PER_SOURCE })
          : '',
    }));
  return renderCard(myDataTemplate, {
    text: textsFor(t, 'privacy:cards.myData'),
    intro: plainText(t('privacy:cards.myData.intro', { name: view.person.name })),
    nothing: sections.length === 0,
    sections,
    purpose: t('privacy:cards.myData.purpose', { days: view.retentionDays }),
    expires: t('privacy:cards.myData.expires', { at: formatMoment(view.expiresAt, language) }),
    downloadUrl: view.downloadUrl,
  });
}

/** Before an erasure: what will be deleted and what will keep its content without the name. */
export function eraseConfirmCard(
  { t }: Localized,
  view: { found: Found[]; member?: Person; verb: string; data: Record<string, string> },
): AdaptiveCard {
  const facts = view.found
    .filter(({ items }) => items.length > 0)
    .map(({ source, items }) => ({
      title: sourceTitle(t, source),
      value: `${items.length} · ${t(`privacy:sources.${source}.treatment`, { defaultValue: '' })}`,
    }));
  const who = view.member ? 'member' : 'self';
  return renderCard(eraseConfirmTemplate, {
    title: t(`privacy:cards.eraseConfirm.title_${who}`),
    intro: plainText(t(`privacy:cards.eraseConfirm.intro_${who}`, { name: view.member?.name ?? '' })),
    hasFacts: facts.length > 0,
    facts,
    warning: t(`privacy:cards.eraseConfirm.warning_${who}`),
    confirm: t(`privacy:cards.eraseConfirm.confirm_${who}`),
    cancel: t('privacy:cards.eraseConfirm.cancel'),
    verb: view.verb,
    data: view.data,
  });
}

export function erasedCard(
  { t }: Localized,
  view: { touched: Touched; reference: string; member?: Person },
): AdaptiveCard {
  const who = view.member ? 'member' : 'self';
  return renderCard(erasedTemplate, {
    title: t(`privacy:cards.erased.title_${who}`),
    summary: plainText(
      t(`privacy:cards.erased.summary_${who}`, { count: touchedTotal(view.touched), name: view.member?.name ?? '' }),
    ),
    reference: t('privacy:cards.erased.reference', { reference: view.reference }),
  });
}
