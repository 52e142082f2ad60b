import type { Language, TFunction } from '../../platform/i18n.js';
import { renderCard, type AdaptiveCard } from '../../platform/teams/cards.js';
import { textsFor } from '../../platform/texts.js';
import { SECTIONS, type Audience, type WayBack } from './domain.js';
import helpTemplate from './cards/help.json' with { type: 'json' };
import outOfDateTemplate from './cards/out-of-date.json' with { type: 'json' };

type Localized = { t: TFunction; language: Language };

/** What the bot can do for this reader, by audience, with buttons for the first steps. */
export function helpCard({ t }: Localized, headline: string, audiences: Audience[]): AdaptiveCard {
  const describe = (commandId: string) => ({
    word: t(`commands:${commandId}.aliases.0`),
    description: t(`help:commands.${commandId}`),
  });
  return renderCard(helpTemplate, {
    text: textsFor(t, 'help:card'),
    headline,
    sections: audiences.map((audience) => ({
      title: t(`help:sections.${audience}`),
      commands: SECTIONS[audience].map(describe),
    })),
    buttons: ['signUp', 'myGroups', 'members'].map((commandId) => ({
      title: t(`help:buttons.${commandId}`),
      word: t(`commands:${commandId}.aliases.0`),
    })),
  });
}

/** "This card is out of date": nothing changed, and the ways to the current card. */
export function outOfDateCard({ t }: Localized, ways: WayBack[]): AdaptiveCard {
  return renderCard(outOfDateTemplate, {
    text: textsFor(t, 'help:outOfDate'),
    ways: ways.map(({ kind, verb, data }) => ({ title: t(`help:outOfDate.${kind}`), verb, data })),
  });
}
