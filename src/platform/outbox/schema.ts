import { z } from 'zod/v4';
import { LANGUAGES } from '../i18n.js';

/**
 * The outbox vocabulary. Everything lives in the `outbox` container, partitioned by `/shard`: a shard is chosen from
 * the message's origin (e.g. "poll:X"), so all that is sent for one origin, and its batches, share a partition.
 *
 * A message goes pending → sending → delivered | failed. `dueAt` is when a worker should next look at it: for a
 * pending message when it may be tried (now, or after a backoff); for a sending one when its claim's lease ends, so
 * a message whose instance died while sending is taken over by the same query that finds due ones.
 */
export const MESSAGE_STATES = ['pending', 'sending', 'delivered', 'failed'] as const;
export type MessageState = (typeof MESSAGE_STATES)[number];
export const FINAL_STATES: readonly MessageState[] = ['delivered', 'failed'];

/**
 * Where a conversation lives: what sending needs of a ConversationReference and nothing more. A stored reference
 * also names the person who linked the conversation (its `user`); parsing with this schema leaves that out.
 */
export const conversationSchema = z.object({
  serviceUrl: z.string(),
  channelId: z.string().optional(),
  conversation: z.object({
    id: z.string(),
    conversationType: z.string().optional(),
    tenantId: z.string().optional(),
    isGroup: z.boolean().optional(),
  }),
  bot: z.object({ id: z.string(), name: z.string().optional() }).optional(),
});
export type ConversationAddress = z.infer<typeof conversationSchema>;

/** A person's Teams address for a 1:1 message (TeamsContact). */
export const contactSchema = z.object({
  teamsUserId: z.string(),
  botId: z.string(),
  tenantId: z.string().optional(),
  serviceUrl: z.string(),
  language: z.enum(LANGUAGES).default('sv'),
  /** Their 1:1 conversation with the bot, when known: saves opening it again. */
  conversationId: z.string().optional(),
});

export const destinationSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('conversation'), address: conversationSchema }),
  z.object({ kind: z.literal('person'), contact: contactSchema }),
]);
export type Destination = z.infer<typeof destinationSchema>;

/** A hook by name, with the data it needs (JSON): run after delivery, or after a batch settled. */
export const hookSchema = z.object({ kind: z.string().min(1), data: z.record(z.string(), z.unknown()).default({}) });
export type HookRef = z.infer<typeof hookSchema>;

/**
 * Who a message was for, so a coordinator can be told who was not reached: a person, or a group's conversation
 * (`conversation`, named by the group). Stored, never logged.
 */
export const recipientSchema = z.object({
  personId: z.string().optional(),
  name: z.string().optional(),
  conversation: z.boolean().optional(),
});
export type Recipient = z.infer<typeof recipientSchema>;

export const failureSchema = z.object({
  status: z.number().optional(),
  reason: z.enum(['throttled', 'conflict', 'server', 'timeout', 'network', 'rejected', 'targetFailed', 'unknown']),
});
export type SendFailure = z.infer<typeof failureSchema>;

export const messageSchema = z.object({
  id: z.string(),
  type: z.literal('message'),
  shard: z.string(),
  origin: z.string(),
  /** The idempotency key, unique within the origin: enqueuing the same key again changes nothing. */
  key: z.string(),
  mode: z.enum(['post', 'update']),
  to: destinationSchema,
  activity: z.record(z.string(), z.unknown()),
  /** Updates: the message to replace, by its Teams id or by the key of a post in this outbox (same origin). */
  target: z.object({ activityId: z.string().optional(), postKey: z.string().optional() }).optional(),
  recipient: recipientSchema.optional(),
  onDelivered: hookSchema.optional(),
  /** Set with `delivered` when a hook must still run; cleared once it has. */
  hookPending: z.boolean().optional(),
  batch: z.string().optional(),
  state: z.enum(MESSAGE_STATES),
  dueAt: z.string(),
  attempts: z.number().int(),
  /** Updates: raised whenever newer content replaces older content that was not yet sent. */
  revision: z.number().int().default(0),
  lastError: failureSchema.optional(),
  /** Claims taken over after an instance died mid-send: Teams may have the message already (see README). */
  takenOver: z.number().int().default(0),
  /** Set when delivered: the Teams activity id and conversation, for later updates. */
  activityId: z.string().optional(),
  conversationId: z.string().optional(),
  enqueuedAt: z.string(),
  finishedAt: z.string().optional(),
  expiresAt: z.string().optional(),
  ttl: z.number().int().optional(),
});
export type OutboxMessage = z.infer<typeof messageSchema>;

/**
 * A group of messages sent for one reason ("reminders for poll X", "the deadline job of poll X"). Once sealed (all
 * its messages enqueued) it settles when none of them is pending or sending any more, and its hook runs once.
 */
export const batchSchema = z.object({
  id: z.string(),
  type: z.literal('batch'),
  shard: z.string(),
  origin: z.string(),
  batch: z.string(),
  state: z.enum(['open', 'settled']),
  onSettled: hookSchema.optional(),
  hookPending: z.boolean().optional(),
  total: z.number().int(),
  delivered: z.number().int().default(0),
  failed: z.array(z.object({ key: z.string(), recipient: recipientSchema.optional() })).default([]),
  sealedAt: z.string(),
  settledAt: z.string().optional(),
  expiresAt: z.string().optional(),
  ttl: z.number().int().optional(),
});
export type OutboxBatch = z.infer<typeof batchSchema>;
