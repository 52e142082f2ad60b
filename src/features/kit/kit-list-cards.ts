import { renderCard, type AdaptiveCard } from '../../platform/teams/cards.js';
import type { Localized } from './cards.js';
import type { Kit } from './schema.js';
import kitListTemplate from './cards/kits.json' with { type: 'json' };

/* Which kit? (`boka kit` when the person may book more than one.) */

export function kitListCard(localized: Localized, kits: readonly { kit: Kit; programmeName: string }[]): AdaptiveCard {
  const { t } = localized;
  const several = new Set(kits.map((k) => k.kit.programmeId)).size > 1;
  return renderCard(kitListTemplate, {
    title: t('kit:cards.kits.title'),
    kits: kits.map(({ kit, programmeName }) => ({
      programmeId: kit.programmeId,
      kitId: kit.kitId,
      title: several
        ? t('kit:cards.kits.choiceIn', { kit: kit.name, programme: programmeName })
        : t('kit:cards.kits.choice', { kit: kit.name }),
    })),
  });
}
