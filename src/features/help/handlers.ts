import type { Listeners } from '../../platform/teams/listeners.js';
import { anyone } from '../../platform/teams/router.js';
import type { HelpDeps } from './deps.js';
import { notUnderstood, showHelp } from './guidance.js';

/** Help sits on top of every feature: it describes them, welcomes, and answers what nothing else understood. */
export function registerHelp({ router }: Listeners, deps: HelpDeps): void {
  router.command('help', anyone, 'reads', (turn) => showHelp(turn, deps, turn.t('help:card.title')));
  router.installed((turn) => showHelp(turn, deps, turn.t('help:card.welcome')));
  router.unknownCommand(notUnderstood);
}
