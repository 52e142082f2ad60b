import { renderCard, type AdaptiveCard } from '../../platform/teams/cards.js';
import { textsFor } from '../../platform/texts.js';
import { outputSubtitle, statusOf, STATUS_COLORS, type Localized, type OutputView } from './cards.js';
import listTemplate from './cards/list.json' with { type: 'json' };

/** A group's outputs (or all of a person's groups'), each with its status and a button to open it. */
export function outputsListCard(localized: Localized, view: { title: string; outputs: OutputView[] }): AdaptiveCard {
  const { t } = localized;
  const severalGroups = new Set(view.outputs.map((entry) => entry.group.id)).size > 1;
  return renderCard(listTemplate, {
    text: textsFor(t, 'outputs:cards.list'),
    title: view.title,
    intro: t('outputs:cards.list.intro'),
    outputs: view.outputs.map((entry) => ({
      programmeId: entry.programme.programmeId,
      groupId: entry.group.id,
      outputId: entry.expected.id,
      title: entry.expected.title,
      // The button names what it opens; with several groups, whose (two groups may expect the same title).
      openTitle: severalGroups
        ? t('outputs:cards.list.openOf', { output: entry.expected.title, group: entry.group.name })
        : t('outputs:cards.list.open', { output: entry.expected.title }),
      subtitle: outputSubtitle(localized, entry),
      status: t(`outputs:statuses.${statusOf(entry)}`),
      statusColor: STATUS_COLORS[statusOf(entry)],
      comment:
        entry.output?.status === 'returned' && entry.output.reviewComment
          ? t('outputs:cards.list.comment', {
              person: entry.output.reviewedBy?.name ?? '',
              comment: entry.output.reviewComment,
            })
          : '',
    })),
  });
}
