import type { Turn } from '../../platform/teams/turn.js';
import { helpCard } from './cards.js';
import type { HelpDeps } from './deps.js';
import { audiencesFor } from './domain.js';

/** The help card, tailored to what this person may do in any programme. */
export async function showHelp(turn: Turn, { programmes }: HelpDeps, headline: string) {
  const roles = (await programmes.allFor(turn.person)).map((access) => access.role);
  return helpCard(turn, headline, audiencesFor(roles));
}

/** What nothing else understood: the words back (cut short), and a pointer to help. */
export async function notUnderstood(turn: Turn, text: string) {
  return {
    text: turn.t('help:unknownCommand', {
      text: text
        .replace(/<at>[^<]*<\/at>/g, '')
        .trim()
        .slice(0, 60),
    }),
  };
}
