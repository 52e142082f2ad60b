import { renderCard, type AdaptiveCard } from './cards.js';
import chooseTemplate from './choose-card.json' with { type: 'json' };

export type ChoiceOption = { title: string; verb: string; programmeId: string; groupId?: string };

/** A short list of buttons for when the person has to pick a programme or a group before going on. */
export function chooseCard(title: string, options: ChoiceOption[], note = ''): AdaptiveCard {
  return renderCard(chooseTemplate, {
    title,
    note,
    options: options.map((option) => ({ ...option, groupId: option.groupId ?? '' })),
  });
}
