import { TurnContext, type ConversationReference } from 'botbuilder';
import { languageOf, translator, type Language, type TFunction } from '../i18n.js';
import { AuditNote } from '../audit-note.js';

/** Someone in Teams, identified by their Entra object id (stable across chats), shown by name. */
export type Person = { id: string; name: string };

export type ConversationKind = 'personal' | 'groupChat' | 'channel';

export type ConversationInfo = { id: string; kind: ConversationKind; teamId?: string; tenantId?: string };

/**
 * What every handler needs to know about the activity in front of it, already read, checked and localized.
 * Handlers never see the raw activity: what they may use of it is here.
 */
export type Turn = {
  person: Person;
  language: Language;
  t: TFunction;
  conversation: ConversationInfo;
  now: Date;
  /**
   * The activity's id: Teams sends a redelivered activity with the same one, so effects keyed by it (an outbox
   * message's key, a processed-activity record) happen once however often it arrives.
   */
  activityId: string;
  /**
   * The activity as Teams identifies it across deliveries (channel, conversation, activity id): what exactly-once
   * effects are keyed on. Holds a conversation id: store it hashed, never as it is.
   */
  activityKey: string;
  /** The message's text as typed (mentions of the bot removed by teams-ai), for commands that keep case. */
  text: string;
  /** The person's Teams address, for 1:1 messages later (reminders). */
  contact: TeamsContact;
  /**
   * Where to write back in this conversation later (a file received in the background, a linked channel): the
   * conversation itself, never the clicked card or a channel thread, so later posts are new messages.
   */
  reference: Partial<ConversationReference>;
  /** What the use case tells the audit trail about its change (see audit-note.ts); fresh for every turn. */
  audit: AuditNote;
};

/**
 * A person is their Entra object id, and only that: `from.id` is a channel address that anyone posting an
 * activity can fill in. The door (door.ts) admits no activity without one, so its absence here is a bug.
 */
export function personOf(context: TurnContext): Person {
  const { aadObjectId, name } = context.activity.from;
  if (!aadObjectId) throw new Error('an activity without from.aadObjectId passed the door');
  return { id: aadObjectId, name: name ?? '' };
}

/**
 * In a channel, Teams sends each thread as `19:...@thread.tacv2;messageid=<root post>`. The channel itself is
 * what a group is linked to and where the bot starts new posts, so the thread part is dropped.
 */
export function channelOf(conversationId: string): string {
  return conversationId.split(';messageid=')[0]!;
}

export function conversationOf(context: TurnContext): ConversationInfo {
  const { conversation } = context.activity;
  const channelData = context.activity.channelData as unknown;
  const type = conversation.conversationType;
  const kind: ConversationKind = type === 'channel' ? 'channel' : type === 'groupChat' ? 'groupChat' : 'personal';
  const teamId = (channelData as { team?: { id?: string } } | undefined)?.team?.id;
  const tenantId = conversation.tenantId ?? (channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id;
  const id = kind === 'channel' ? channelOf(conversation.id) : conversation.id;
  return { id, kind, ...(teamId ? { teamId } : {}), ...(tenantId ? { tenantId } : {}) };
}

/** The person's Teams address, kept so the bot can later write to them 1:1 (reminders). */
export type TeamsContact = {
  teamsUserId: string;
  botId: string;
  tenantId?: string;
  serviceUrl: string;
  language: Language;
  /** Their 1:1 chat with the bot, known when they wrote from it: a message to them then costs one request, not two. */
  conversationId?: string;
};

export function contactOf(context: TurnContext): TeamsContact {
  const { tenantId, kind, id } = conversationOf(context);
  const { from, recipient, serviceUrl } = context.activity;
  const language = languageOf(context.activity.locale);
  return {
    teamsUserId: from.id,
    botId: recipient.id,
    serviceUrl,
    language,
    ...(tenantId ? { tenantId } : {}),
    ...(kind === 'personal' ? { conversationId: id } : {}),
  };
}

function referenceOf(context: TurnContext, conversation: ConversationInfo): Partial<ConversationReference> {
  const { activityId: _activity, ...reference } = TurnContext.getConversationReference(context.activity);
  return { ...reference, conversation: { ...reference.conversation!, id: conversation.id } };
}

export function turnOf(context: TurnContext, now: Date): Turn {
  const language = languageOf(context.activity.locale);
  const conversation = conversationOf(context);
  return {
    person: personOf(context),
    language,
    t: translator(language),
    conversation,
    now,
    activityId: context.activity.id ?? '',
    activityKey: `${context.activity.channelId}|${context.activity.conversation.id}|${context.activity.id ?? ''}`,
    text: context.activity.text ?? '',
    contact: contactOf(context),
    reference: referenceOf(context, conversation),
    audit: new AuditNote(),
  };
}
