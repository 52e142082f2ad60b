import type { Activity } from 'botbuilder';
import { DEFAULT_LANGUAGE, LANGUAGES, translator, type Language, type TFunction } from '../../platform/i18n.js';
import type { Messenger, SendResult } from '../../platform/teams/messenger.js';
import { conversationAddress, type OutgoingMessage, type Sender } from '../../platform/outbox/outbox.js';
import type { Turn } from '../../platform/teams/turn.js';
import type { ProgrammeStore } from '../programmes/store.js';

export type Localized = { t: TFunction; language: Language };

const localized = Object.fromEntries(
  LANGUAGES.map((language) => [language, { t: translator(language), language }]),
) as Record<Language, Localized>;

/**
 * What the bot posts for the whole group (a poll, an agenda, a reminder, a review in the group's channel or chat,
 * or 1:1 to each member where it has none) speaks the programme's language: a programme setting, Swedish unless
 * the coordinators chose otherwise. Nobody in particular reads it, so nobody's Teams language decides.
 */
export function groupLanguage(programme: { language?: Language }): Localized {
  return localized[programme.language ?? DEFAULT_LANGUAGE];
}

/**
 * A reply addressed to one person (the answer to their command or to their click on a card) speaks that person's
 * Teams language, in a channel as well: they asked, and Teams shows a card's answer to whoever clicked.
 */
export function readerLanguage(turn: Turn): Localized {
  return { t: turn.t, language: turn.language };
}

/** A message to one person outside a turn (a 1:1 notice): their language as last seen, else the group's. */
export function personLanguage(contact: { language?: Language } | undefined, programme: { language?: Language }) {
  return contact?.language ? localized[contact.language] : groupLanguage(programme);
}

/** A message the bot posted in a group's conversation, kept so that it can be updated in place later. */
export type PostedMessage = { conversationId: string; activityId: string };

type Posting = { programmes: ProgrammeStore; messenger: Messenger };

/**
 * Posts into a conversation linked to a group (polls, agendas, reminders). Undefined when the conversation is
 * not, or no longer, linked: the caller decides whether that matters.
 */
export async function postToLinkedConversation(
  { programmes, messenger }: Posting,
  conversationId: string | undefined,
  activity: Partial<Activity>,
): Promise<SendResult | undefined> {
  const address = conversationId ? await programmes.addressOf(conversationId) : undefined;
  return address ? messenger.post(address, activity) : undefined;
}

/** Replaces a posted message in place, for everyone in the conversation; undefined when it is no longer linked. */
export async function updatePostedMessage(
  { programmes, messenger }: Posting,
  posted: PostedMessage,
  activity: Partial<Activity>,
): Promise<SendResult | undefined> {
  const address = await programmes.addressOf(posted.conversationId);
  return address ? messenger.update(address, posted.activityId, activity) : undefined;
}

/**
 * Enqueues a post into a conversation linked to a group, through the outbox (delivered, retried and reported there).
 * False when the conversation is not, or no longer, linked.
 */
export async function queueInLinkedConversation(
  programmes: ProgrammeStore,
  sender: Sender,
  conversationId: string | undefined,
  message: Omit<OutgoingMessage, 'to'>,
): Promise<boolean> {
  const address = conversationAddress(conversationId ? await programmes.addressOf(conversationId) : undefined);
  if (!address) return false;
  await sender.send({ ...message, to: { conversation: address } });
  return true;
}

/** Enqueues a new version of a posted message (one `key` per posted message); false when no longer linked. */
export async function queueUpdateOfPosted(
  programmes: ProgrammeStore,
  sender: Sender,
  posted: PostedMessage,
  update: { key: string; activity: Partial<Activity> },
): Promise<boolean> {
  const address = conversationAddress(await programmes.addressOf(posted.conversationId));
  if (!address) return false;
  await sender.update({ ...update, of: { activityId: posted.activityId, conversation: address } });
  return true;
}
