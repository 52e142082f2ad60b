import { renderCard, type AdaptiveCard } from '../../platform/teams/cards.js';
import { textsFor } from '../../platform/texts.js';
import type { Programme } from '../programmes/schema.js';
import { momentLabel, statusOf, STATUS_COLORS, type Localized, type OutputView } from './cards.js';
import { daysLeft } from './reminder-rules.js';
import type { OutputStatus } from './schema.js';
import overviewTemplate from './cards/overview.json' with { type: 'json' };
import exportTemplate from './cards/export.json' with { type: 'json' };

export type OverviewRow = OutputView & { link?: string };

/** Every group × every output of a programme: status, who submitted and when, and a link to a video. */
export function overviewCard(
  localized: Localized,
  /** `warning`: what the bot sent for the programme's outputs (reminders, notices) and could not deliver. */
  view: { programme: Programme; rows: OverviewRow[]; now: Date; warning?: string },
): AdaptiveCard {
  const { t } = localized;
  const count = (status: OutputStatus) => view.rows.filter((row) => statusOf(row) === status).length;
  return renderCard(overviewTemplate, {
    text: textsFor(t, 'outputs:cards.overview'),
    warning: view.warning ?? '',
    programmeId: view.programme.programmeId,
    title: t('outputs:cards.overview.title', { programme: view.programme.name }),
    summary: t('outputs:cards.overview.summary', {
      approved: count('approved'),
      total: view.rows.length,
      submitted: count('submitted'),
      day: view.programme.presentationDay,
    }),
    headers: (['group', 'output', 'status', 'submitted', 'open'] as const).map((key) =>
      t(`outputs:cards.overview.${key}`),
    ),
    rows: view.rows.map((row) => {
      const status = statusOf(row);
      const overdue = daysLeft(row.expected.dueDate, view.now) < 0 && status !== 'submitted' && status !== 'approved';
      return {
        groupId: row.group.id,
        outputId: row.expected.id,
        openTitle: t('outputs:cards.overview.openOf', { output: row.expected.title, group: row.group.name }),
        group: row.group.name,
        output: `${t(`outputs:kinds.${row.expected.kind}`)}: ${row.expected.title}`,
        due: t(overdue ? 'outputs:cards.overview.overdue' : 'outputs:cards.overview.due', {
          due: row.expected.dueDate,
        }),
        status: t(`outputs:statuses.${status}`),
        statusColor: overdue ? 'Attention' : STATUS_COLORS[status],
        submitted:
          row.output?.submittedBy && row.output.submittedAt
            ? t('outputs:cards.overview.submittedBy', {
                person: row.output.submittedBy.name,
                at: momentLabel(localized, row.output.submittedAt),
              })
            : t('outputs:cards.overview.notSubmitted'),
        linkUrl: row.link ?? '',
      };
    }),
  });
}

export function exportCard(
  localized: Localized,
  view: { programme: Programme; reportUrl: string; csvUrl: string; expiresAt: string },
): AdaptiveCard {
  const { t } = localized;
  return renderCard(exportTemplate, {
    text: textsFor(t, 'outputs:cards.export'),
    title: t('outputs:cards.export.title', { programme: view.programme.name }),
    summary: t('outputs:cards.export.summary'),
    expires: t('outputs:cards.export.expires', { at: momentLabel(localized, view.expiresAt) }),
    reportUrl: view.reportUrl,
    csvUrl: view.csvUrl,
  });
}
