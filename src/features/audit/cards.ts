import { formatMoment } from '../../platform/dates.js';
import type { Language, TFunction } from '../../platform/i18n.js';
import { renderCard, type AdaptiveCard } from '../../platform/teams/cards.js';
import { plainText } from '../../platform/teams/plain-text.js';
import { textsFor } from '../../platform/texts.js';
import type { Programme } from '../programmes/schema.js';
import type { AuditEntry } from './schema.js';
import auditLogTemplate from './cards/audit-log.json' with { type: 'json' };

type Localized = { t: TFunction; language: Language };

/** A stored value ("submitted", "coordinator") in the reader's words when the vocabulary knows it, else as stored. */
function valueLabel(t: TFunction, value: string): string {
  return t(`audit:values.${value}`, { defaultValue: value });
}

/** "Approved an output: Kit plan (MIK & ungas medievärldar) → Anna Andersson" */
export function describeEntry({ t }: Localized, entry: AuditEntry): string {
  const action = t(`audit:actions.${entry.action}`, { defaultValue: entry.action });
  // A person acted on is named by the subject (or its placeholder), not as an object.
  const object =
    entry.object && entry.object.kind !== 'person'
      ? (entry.object.label ?? t(`audit:objects.${entry.object.kind}`))
      : '';
  const group = entry.group && entry.object?.kind !== 'group' ? ` (${entry.group.name})` : '';
  const subject = entry.subject?.name ? ` → ${entry.subject.name}` : '';
  return plainText(`${action}${object ? `: ${object}` : ''}${group}${subject}`);
}

function changeLine({ t }: Localized, entry: AuditEntry): string {
  const before = entry.before === undefined ? undefined : valueLabel(t, entry.before);
  const after = entry.after === undefined ? undefined : valueLabel(t, entry.after);
  if (before !== undefined && after !== undefined) return plainText(`${before} → ${after}`);
  return plainText(after ?? before ?? '');
}

export function auditLogCard(localized: Localized, programme: Programme, entries: AuditEntry[]): AdaptiveCard {
  const { t, language } = localized;
  return renderCard(auditLogTemplate, {
    text: textsFor(t, 'audit:card'),
    title: t('audit:card.title', { programme: programme.name }),
    empty: entries.length === 0,
    entries: entries.map((entry) => ({
      when: formatMoment(entry.at, language),
      who: plainText(
        entry.actor
          ? entry.role
            ? `${entry.actor.name} (${valueLabel(t, entry.role)})`
            : entry.actor.name
          : t('audit:card.bot'),
      ),
      what: describeEntry(localized, entry),
      change: changeLine(localized, entry),
    })),
  });
}
