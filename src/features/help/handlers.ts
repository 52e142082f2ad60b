import { z } from 'zod/v4';
import type { Listeners } from '../../platform/teams/listeners.js';
import { anyone } from '../../platform/teams/router.js';
import type { HelpDeps } from './deps.js';
import { notUnderstood, nothingToRead, outOfDate, showHelp, welcome } from './guidance.js';

/**
 * Help sits on top of every feature: it describes them, welcomes, and answers whatever nothing else did (an
 * unknown command, a message without text, a card from an older version), so no message or click goes unanswered.
 */
export function registerHelp({ router }: Listeners, deps: HelpDeps): void {
  router.command('help', anyone, 'reads', (turn) => showHelp(turn, deps, turn.t('help:card.title')));
  router.cardAction('help.show', z.object({}), anyone, 'reads', (turn) =>
    showHelp(turn, deps, turn.t('help:card.title')),
  );
  router.installed((turn) => welcome(turn, deps));
  router.unknownCommand(notUnderstood);
  router.emptyMessage(nothingToRead);
  router.unknownCardAction((turn, data) => outOfDate(turn, deps, data));
}
