import type { Activity } from 'botbuilder';
import { translator, type Language, type TFunction } from '../../platform/i18n.js';
import type { Messenger, SendResult } from '../../platform/teams/messenger.js';
import { conversationAddress, type OutgoingMessage, type Sender } from '../../platform/outbox/outbox.js';
import type { Turn } from '../../platform/teams/turn.js';
import type { ProgrammeStore } from '../programmes/store.js';

/** Cards and texts the bot posts where a group talks (its channel or group chat) speak the group's language: Swedish. */
export const groupLanguage: { t: TFunction; language: Language } = { t: translator('sv'), language: 'sv' };

/**
 * Who reads a card decides its language: a personal chat speaks the reader's language, a channel or group chat
 * (where everyone sees the same card) the group's.
 */
export function readerLanguage(turn: Turn): { t: TFunction; language: Language } {
  return turn.conversation.kind === 'personal' ? turn : groupLanguage;
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
