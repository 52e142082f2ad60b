import type { Activity } from 'botbuilder';
import { DEFAULT_LANGUAGE, LANGUAGES, translator, type Language, type TFunction } from '../../platform/i18n.js';
import { sendReported, type Telling } from '../../platform/outbox/follow-up.js';
import {
  conversationAddress,
  type BatchOutcome,
  type Outbox,
  type OutgoingMessage,
  type Sender,
} from '../../platform/outbox/outbox.js';
import type { ConversationAddress, Recipient } from '../../platform/outbox/schema.js';
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

/**
 * A post still on its way, named by its outbox key (same origin): an update of it waits until it is delivered.
 * A feature stores the PostedMessage once its delivered hook says where the post landed.
 */
export type QueuedPost = { post: string };

/** A group's conversation as the recipient of a post: a report names it as the group's channel or chat. */
export const groupConversation = (group: { name: string }): Recipient => ({ name: group.name, conversation: true });

/** A group's linked conversation, ready to post into: its id (kept with what is posted) and its outbox address. */
export type LinkedConversation = { conversationId: string; address: ConversationAddress };

/** The group's linked conversation; undefined when it has none, or it is no longer linked. */
export async function linkedConversationOf(
  programmes: ProgrammeStore,
  group: { conversationId?: string | undefined },
): Promise<LinkedConversation | undefined> {
  const { conversationId } = group;
  const address = conversationAddress(conversationId ? await programmes.addressOf(conversationId) : undefined);
  return conversationId && address ? { conversationId, address } : undefined;
}

/** A batch of its own for one post someone started: its origin and name, its settled hook, and whom to tell. */
export type ReportedPost = { origin: string; batch: string; settled: string; telling: Telling };

/**
 * Posts one message for the whole group (a poll, an agenda) into its linked conversation, in a batch of its own
 * reported to whoever started it (see sendReported): the outcome if it settled within the answer's wait, else
 * undefined. The feature's `settled` hook acts on the outcome and tells the starter (tellStarter).
 */
export function postReported(
  outbox: Outbox,
  { origin, batch, settled, telling }: ReportedPost,
  into: { linked: LinkedConversation; group: { name: string } },
  message: Pick<OutgoingMessage, 'key' | 'activity' | 'onDelivered'>,
): Promise<BatchOutcome | undefined> {
  return sendReported(
    outbox,
    origin,
    batch,
    telling,
    (sender) =>
      sender.send({
        ...message,
        to: { conversation: into.linked.address },
        recipient: groupConversation(into.group),
      }),
    { kind: settled },
  );
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

/**
 * Enqueues a new version of a posted message (one `key` per posted message); false when no longer linked. A post
 * still on its way is updated once it is delivered, wherever it went.
 */
export async function queueUpdateOfPosted(
  programmes: ProgrammeStore,
  sender: Sender,
  posted: PostedMessage | QueuedPost,
  update: { key: string; activity: Partial<Activity>; recipient?: Recipient },
): Promise<boolean> {
  if ('post' in posted) {
    await sender.update({ ...update, of: posted });
    return true;
  }
  const address = conversationAddress(await programmes.addressOf(posted.conversationId));
  if (!address) return false;
  await sender.update({ ...update, of: { activityId: posted.activityId, conversation: address } });
  return true;
}
