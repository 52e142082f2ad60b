import { renderCard, type AdaptiveCard } from '../../platform/teams/cards.js';
import { textsFor } from '../../platform/texts.js';
import type { Group, Programme } from '../programmes/schema.js';
import { momentLabel, type Localized } from './cards.js';
import { slotTimes } from './running-order-rules.js';
import type { OutputStatus, RunningOrder } from './schema.js';
import runningOrderTemplate from './cards/running-order.json' with { type: 'json' };
import dayAgendaTemplate from './cards/day-agenda.json' with { type: 'json' };

function slotOutputs(localized: Localized, group: Group): string[] {
  return group.outputs.map((output) =>
    localized.t('outputs:cards.dayAgenda.output', {
      kind: localized.t(`outputs:kinds.${output.kind}`),
      title: output.title,
    }),
  );
}

/** The draft running order: one slot per group with its outputs and minutes, arrows to reorder, save and post. */
export function runningOrderCard(
  localized: Localized,
  view: { programme: Programme; order: RunningOrder; statuses: Map<string, OutputStatus>; note?: string },
): AdaptiveCard {
  const { t } = localized;
  const times = slotTimes(view.order);
  const groups = new Map(view.programme.groups.map((group) => [group.id, group]));
  return renderCard(runningOrderTemplate, {
    text: textsFor(t, 'outputs:cards.runningOrder'),
    note: view.note ?? '',
    programmeId: view.programme.programmeId,
    title: t('outputs:cards.runningOrder.title', { day: view.programme.presentationDay }),
    startTime: view.order.startTime,
    slots: view.order.slots.map((slot, index) => {
      const group = groups.get(slot.groupId)!;
      return {
        groupId: slot.groupId,
        minutes: String(slot.minutes),
        minutesLabel: t('outputs:cards.runningOrder.minutesFor', { group: group.name }),
        upTitle: t('outputs:cards.runningOrder.upOf', { group: group.name }),
        downTitle: t('outputs:cards.runningOrder.downOf', { group: group.name }),
        heading: t('outputs:cards.runningOrder.slot', {
          number: index + 1,
          start: times[index]!.start,
          end: times[index]!.end,
          group: group.name,
        }),
        outputs: group.outputs.map(
          (output, n) =>
            `${slotOutputs(localized, group)[n]} (${t(`outputs:statuses.${view.statuses.get(`${group.id}/${output.id}`) ?? 'notStarted'}`)})`,
        ),
        canMoveUp: index > 0,
        canMoveDown: index < view.order.slots.length - 1,
      };
    }),
    posted: view.order.postedAt
      ? t('outputs:cards.runningOrder.posted', { at: momentLabel(localized, view.order.postedAt) })
      : '',
  });
}

/** The running order as posted to the groups' channels: the day's agenda. */
export function dayAgendaCard(localized: Localized, view: { programme: Programme; order: RunningOrder }): AdaptiveCard {
  const { t } = localized;
  const times = slotTimes(view.order);
  const groups = new Map(view.programme.groups.map((group) => [group.id, group]));
  return renderCard(dayAgendaTemplate, {
    title: t('outputs:cards.dayAgenda.title', { day: view.programme.presentationDay }),
    intro: t('outputs:cards.dayAgenda.intro', { programme: view.programme.name }),
    slots: view.order.slots.map((slot, index) => ({
      time: `${times[index]!.start}–${times[index]!.end}`,
      group: groups.get(slot.groupId)!.name,
      outputs: slotOutputs(localized, groups.get(slot.groupId)!),
    })),
  });
}
