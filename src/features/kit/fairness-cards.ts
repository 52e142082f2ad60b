import { municipalities } from '../../platform/municipalities.js';
import { renderCard, type AdaptiveCard } from '../../platform/teams/cards.js';
import { textsFor } from '../../platform/texts.js';
import { copyLabel, momentLabel, summaryLines, termLabel, type Localized } from './cards.js';
import { termOverview } from './fairness-rules.js';
import { copyConditions } from './handover-rules.js';
import type { Kit, Receipt } from './schema.js';
import { shiftTerm } from './weeks.js';
import fairnessTemplate from './cards/fairness.json' with { type: 'json' };

/* Staff: fairness per term, and each copy's condition. */

const FAIRNESS_STATES = {
  none: { key: 'stateNone', color: 'Attention' },
  booked: { key: 'stateBooked', color: 'Default' },
  had: { key: 'stateHad', color: 'Good' },
} as const;

/** Each copy's condition as its latest arrival found it, for staff. */
function conditionLines(localized: Localized, kit: Kit, receipts: readonly Receipt[]) {
  const { t } = localized;
  return copyConditions(kit, receipts).map(({ copyId, receipt, summary }) => ({
    line: receipt
      ? t('kit:cards.fairness.conditionLine', {
          copy: copyLabel(kit, copyId),
          summary: summaryLines(localized, summary)
            .map((s) => s.line)
            .join(' '),
          municipality: municipalities.nameOf(receipt.municipalityCode),
          at: momentLabel(localized, receipt.receivedAt),
        })
      : t('kit:cards.fairness.conditionUnknown', { copy: copyLabel(kit, copyId) }),
    color: summary.complete ? 'Default' : 'Attention',
  }));
}

export function fairnessCard(
  localized: Localized,
  view: { kit: Kit; term: string; now: Date; receipts: readonly Receipt[] },
): AdaptiveCard {
  const { t } = localized;
  const { kit, term } = view;
  const name = kit.name;
  const overview = termOverview(kit, term, view.now);
  const names = (codes: string[]) => municipalities.sortByName(codes.map(municipalities.nameOf), (n) => n).join(', ');
  // The domain puts those without the kit first; within each state, names in Swedish order read best.
  const rank = { none: 0, booked: 1, had: 2 } as const;
  const ordered = municipalities
    .sortByName(overview.rows, (row) => municipalities.nameOf(row.municipalityCode))
    .sort((a, b) => rank[a.state] - rank[b.state]);
  const rows = ordered.map((row) => ({
    name: municipalities.nameOf(row.municipalityCode),
    state: t(`kit:cards.fairness.${FAIRNESS_STATES[row.state].key}`),
    color: FAIRNESS_STATES[row.state].color,
    weeks: t('kit:cards.fairness.row', {
      booked: t('kit:weeks.count', { count: row.weeksBooked }),
      had: t('kit:weeks.count', { count: row.weeksHad }),
    }),
    waiting: row.waiting > 0 ? t('kit:cards.fairness.waiting', { count: row.waiting }) : '',
  }));
  const conditions = conditionLines(localized, kit, view.receipts);
  const previous = shiftTerm(term, -1);
  const next = shiftTerm(term, 1);
  return renderCard(fairnessTemplate, {
    text: textsFor(t, 'kit:cards.fairness'),
    programmeId: kit.programmeId,
    kitId: kit.kitId,
    title: t('kit:cards.fairness.title', { kit: name, term: termLabel(localized, term) }),
    summary:
      overview.notYetHad.length === 0
        ? t('kit:cards.fairness.summaryAll')
        : t('kit:cards.fairness.summary', { count: overview.notYetHad.length, total: kit.regionCodes.length }),
    summaryColor: overview.notYetHad.length === 0 ? 'Good' : 'Attention',
    notYetHad:
      overview.notYetHad.length > 0
        ? t('kit:cards.fairness.notYetHad', { municipalities: names(overview.notYetHad) })
        : '',
    rows,
    conditions,
    previousTerm: previous,
    nextTerm: next,
    previousTitle: t('kit:cards.fairness.previous', { term: termLabel(localized, previous), kit: name }),
    nextTitle: t('kit:cards.fairness.next', { term: termLabel(localized, next), kit: name }),
    showCalendarTitle: t('kit:cards.fairness.showCalendar', { kit: name }),
  });
}
