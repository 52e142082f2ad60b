import { echo } from '../../platform/echo.js';
import { isId } from '../../platform/ids.js';
import type { CardReply } from '../../platform/teams/router.js';
import type { Turn } from '../../platform/teams/turn.js';
import { groupLanguage } from '../membership/group-conversation.js';
import { helpCard, outOfDateCard } from './cards.js';
import type { HelpDeps } from './deps.js';
import { audiencesFor, waysBack } from './domain.js';

/** The help card, tailored to what this person may do in any programme. */
export async function showHelp(turn: Turn, { programmes }: HelpDeps, headline: string) {
  const roles = (await programmes.allFor(turn.person)).map((access) => access.role);
  return helpCard(turn, headline, audiencesFor(roles));
}

/** What nothing else understood: the words back (cut short), and a pointer to help. */
export async function notUnderstood(turn: Turn, text: string) {
  return { text: turn.t('help:unknownCommand', { text: echo(text) }) };
}

/**
 * A message with nothing to read: in personal chat a picture or a file no feature takes, in a channel or group
 * chat a bare @mention. Never silence: a short hint on what I read and how to ask.
 */
export async function nothingToRead(turn: Turn): Promise<CardReply> {
  return { text: turn.t(turn.conversation.kind === 'personal' ? 'help:emptyMessage' : 'help:bareMention') };
}

/**
 * The bot was added somewhere. In personal chat the person gets the help card. In a channel or group chat
 * everyone reads the welcome, so it is short and for members (how to sign up, how to ask for more), never the
 * coordinators' commands; it speaks the linked group's programme language, or Swedish before any link.
 */
export async function welcome(turn: Turn, deps: HelpDeps): Promise<CardReply> {
  if (turn.conversation.kind === 'personal') return showHelp(turn, deps, turn.t('help:card.welcome'));
  const linked = await deps.gate.conversationGroup(turn);
  const programme = linked ? (await deps.gate.standingOf(turn.person, linked)).programme : {};
  return { text: groupLanguage(programme).t('help:welcomeHere') };
}

/** A card action this version does not know (an old card, a crafted one): nothing changed, and the way back. */
export async function outOfDate(turn: Turn, deps: HelpDeps, data: Record<string, unknown>): Promise<CardReply> {
  return outOfDateCard(turn, waysBack(data, isId, deps.cardVerbs()));
}
