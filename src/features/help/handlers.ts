import { anyone } from '../../platform/teams/router.js';
import type { Listeners } from '../../platform/teams/listeners.js';
import type { Turn } from '../../platform/teams/turn.js';
import { renderCard } from '../../platform/teams/cards.js';
import { textsFor } from '../../platform/texts.js';
import type { ProgrammeGate } from '../programmes/access.js';
import helpTemplate from './cards/help.json' with { type: 'json' };

export type HelpDeps = { programmes: ProgrammeGate };

/** Commands shown per audience; each must have an alias in locales/<language>/commands.json. */
const SECTIONS = {
  everyone: [
    'signUp',
    'myGroups',
    'members',
    'nextMeeting',
    'agenda',
    'notes',
    'addNote',
    'outputs',
    'programmes',
    'help',
  ],
  staff: ['coverage', 'overview', 'export', 'presentationDay'],
  coordinator: ['newProgramme', 'newPoll', 'newMeeting', 'linkGroup'],
} as const;

/** Help sits on top of every feature: it only describes them, tailored to what this person may do. */
export function registerHelp({ router }: Listeners, { programmes }: HelpDeps): void {
  const helpCard = async (turn: Turn, headline: string) => {
    const held = (await programmes.allFor(turn.person)).map((access) => access.role);
    const staff = held.some((role) => role !== undefined);
    const coordinator = held.includes('coordinator');
    const audiences = [
      'everyone',
      ...(staff ? ['staff'] : []),
      ...(coordinator ? ['coordinator'] : []),
    ] as const as readonly (keyof typeof SECTIONS)[];
    const describe = (commandId: string) => ({
      word: turn.t(`commands:${commandId}.aliases.0`),
      description: turn.t(`help:commands.${commandId}`),
    });
    return renderCard(helpTemplate, {
      text: textsFor(turn.t, 'help:card'),
      headline,
      sections: audiences.map((audience) => ({
        title: turn.t(`help:sections.${audience}`),
        commands: SECTIONS[audience].map(describe),
      })),
      buttons: ['signUp', 'myGroups', 'members'].map((commandId) => ({
        title: turn.t(`help:buttons.${commandId}`),
        word: turn.t(`commands:${commandId}.aliases.0`),
      })),
    });
  };

  router.command('help', anyone, 'reads', (turn) => helpCard(turn, turn.t('help:card.title')));
  router.installed((turn) => helpCard(turn, turn.t('help:card.welcome')));
  router.unknownCommand(async (turn, text) => ({
    text: turn.t('help:unknownCommand', {
      text: text
        .replace(/<at>[^<]*<\/at>/g, '')
        .trim()
        .slice(0, 60),
    }),
  }));
}
