import { DateTime } from 'luxon';
import type { Language, TFunction } from '../../platform/i18n.js';
import { ZONE } from '../../platform/dates.js';
import type { ExpectedOutput, Group, Programme } from '../programmes/schema.js';
import type { Output, OutputStatus } from './schema.js';

/* What the outputs cards share: the view of one output, its status and colour, and dates, money and sizes as text. */

export type Localized = { t: TFunction; language: Language };

/** One expected output of one group, with its document once someone has worked on it. */
export type OutputView = {
  programme: Programme;
  group: Group;
  expected: ExpectedOutput;
  output?: Output & { _etag?: string };
};

const locale = (language: Language) => (language === 'sv' ? 'sv-SE' : 'en-GB');

export function statusOf(view: Pick<OutputView, 'output'>): OutputStatus {
  return view.output?.status ?? 'notStarted';
}

export const STATUS_COLORS: Record<OutputStatus, string> = {
  notStarted: 'Default',
  draft: 'Accent',
  submitted: 'Warning',
  returned: 'Attention',
  approved: 'Good',
};

/** "15 feb. 2027 10:00" / "15 Feb 2027, 10:00", Swedish time. */
export function momentLabel({ language }: Localized, instant: string): string {
  return DateTime.fromISO(instant)
    .setZone(ZONE)
    .setLocale(locale(language))
    .toLocaleString({ day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** "1 234,50 kr" / "SEK 1,234.50". */
export function money({ language }: Localized, kronor: number): string {
  return new Intl.NumberFormat(locale(language), { style: 'currency', currency: 'SEK' }).format(kronor);
}

/** "12,3 MB" / "12.3 MB". */
export function sizeLabel({ language }: Localized, bytes: number): string {
  const [value, unit] = bytes >= 1024 * 1024 ? [bytes / (1024 * 1024), 'MB'] : [bytes / 1024, 'kB'];
  return `${new Intl.NumberFormat(locale(language), { maximumFractionDigits: 1 }).format(value)} ${unit}`;
}

export function outputSubtitle({ t }: Localized, view: OutputView): string {
  return t('outputs:cards.list.subtitle', {
    group: view.group.name,
    kind: t(`outputs:kinds.${view.expected.kind}`),
    due: view.expected.dueDate,
  });
}
