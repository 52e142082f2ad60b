import type { TurnContext } from 'botbuilder';
import { languageOf, translator, type Language, type TFunction } from '../i18n.js';

/** Someone in Teams, identified by their Entra object id (stable across chats), shown by name. */
export type Person = { id: string; name: string };

export type ConversationKind = 'personal' | 'groupChat' | 'channel';

export type ConversationInfo = { id: string; kind: ConversationKind; teamId?: string; tenantId?: string };

/** What every handler needs to know about the activity in front of it, already read and localized. */
export type Turn = {
  context: TurnContext;
  person: Person;
  language: Language;
  t: TFunction;
  conversation: ConversationInfo;
  now: Date;
};

export function personOf(context: TurnContext): Person {
  const from = context.activity.from;
  // Teams always sends aadObjectId for people; the bare channel id is only a fallback for other clients.
  return { id: from.aadObjectId ?? from.id, name: from.name ?? '' };
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
};

export function contactOf(context: TurnContext): TeamsContact {
  const tenantId = conversationOf(context).tenantId;
  const { from, recipient, serviceUrl } = context.activity;
  const language = languageOf(context.activity.locale);
  return { teamsUserId: from.id, botId: recipient.id, serviceUrl, language, ...(tenantId ? { tenantId } : {}) };
}

export function turnOf(context: TurnContext, now: Date): Turn {
  const language = languageOf(context.activity.locale);
  return {
    context,
    person: personOf(context),
    language,
    t: translator(language),
    conversation: conversationOf(context),
    now,
  };
}
