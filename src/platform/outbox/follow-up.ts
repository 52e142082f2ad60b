import { z } from 'zod/v4';
import { translator, type TFunction } from '../i18n.js';
import type { TeamsContact, Turn } from '../teams/turn.js';
import type { SettledEvent, SettledHook } from './after-delivery.js';
import type { BatchOutcome, Outbox, Sender } from './outbox.js';
import { contactSchema, type HookRef, type Recipient } from './schema.js';

/**
 * Long work a person started (publishing, reminding many, telling a group) within Teams' limits: the messages are
 * only enqueued, the answer waits a moment for them (ANSWER_WAIT_MS) and says how it went if it went that fast,
 * otherwise that it is under way; once the batch settles, the person is told 1:1 what the answer could not say
 * yet: that it is done (when the answer said "under way"), or who was not reached.
 */

/** How long an answer waits for its messages: a card action must be answered within about 3 s whatever happens. */
export const ANSWER_WAIT_MS = 1_000;

/** The settled hook that tells the person who started a batch how it went (registered by registerFollowUps). */
export const FOLLOW_UP = 'outbox.followUp';

/** A locale key and its values: a text rendered when it is told, in the language of whoever reads it then. */
const saidSchema = z.object({
  key: z.string(),
  values: z.record(z.string(), z.union([z.string(), z.number()])).default({}),
});
export type Said = z.input<typeof saidSchema>;

const followUpSchema = z.object({
  to: contactSchema,
  personId: z.string().default(''),
  /** The answer's deadline: a batch settled by then was told in the answer itself. */
  answerBy: z.string().optional(),
  /** Told when every message arrived (and the answer did not say so); nothing is told when absent. */
  done: saidSchema.optional(),
  /** Told when some were not reached; its values get `delivered`, `total` and `names` (who was not reached). */
  notAll: saidSchema,
});

/** Who started the work, to be told: their 1:1 address and their id (for the report, never logged). */
export type Starter = { to: TeamsContact; personId: string };

export const starterOf = (turn: Pick<Turn, 'contact' | 'person'>): Starter => ({
  to: turn.contact,
  personId: turn.person.id,
});

/** Whom to tell and what; without a starter (work begun outside Teams, e.g. on the board) nobody is told 1:1. */
export type Telling = { starter?: Starter; done?: Said; notAll: Said };

/**
 * Enqueues a batch for the person who started it and, unless `waitMs` is 0, waits up to that long for it: its
 * outcome if it settled in time, undefined while under way (the follow-up tells them later). A batch of `count`
 * messages that could not be sent in that time anyway (reminding 290 people) is answered at once. A feature that
 * must also act on the outcome (a poll whose post failed is removed) registers its own hook under `kind`, and calls
 * `tellStarter` from it.
 */
export async function sendReported(
  outbox: Outbox,
  origin: string,
  name: string,
  telling: Telling,
  enqueue: (sender: Sender) => Promise<unknown>,
  { waitMs = ANSWER_WAIT_MS, kind = FOLLOW_UP, count = 1 }: { waitMs?: number; kind?: string; count?: number } = {},
): Promise<BatchOutcome | undefined> {
  const waits = waitMs > 0 && outbox.couldSend(count, waitMs);
  const answerBy = waits ? new Date(Date.now() + waitMs) : undefined;
  const { starter, done, notAll } = telling;
  const data = {
    ...(starter ? { to: starter.to, personId: starter.personId } : {}),
    ...(answerBy ? { answerBy: answerBy.toISOString() } : {}),
    ...(done ? { done } : {}),
    notAll,
  };
  const batch = outbox.batch(origin, name, { kind, data } satisfies HookRef);
  await enqueue(batch);
  await batch.seal();
  return answerBy ? outbox.outcomeBy(origin, name, answerBy) : undefined;
}

/** The follow-up itself: one 1:1 message to the starter, once (its key is the batch's), when there is news. */
export async function tellStarter(outbox: Outbox, event: SettledEvent): Promise<void> {
  const parsed = followUpSchema.safeParse(event.data);
  if (!parsed.success) return;
  const { to, personId, answerBy, done, notAll } = parsed.data;
  if (answerBy && event.settledAt && event.settledAt <= answerBy) return; // the answer told it already
  const said = event.failed.length === 0 ? done : notAll;
  if (!said) return;
  await outbox.to(event.origin).send({
    key: `follow-up:${event.batch}`,
    to: { person: to },
    activity: { type: 'message', text: outcomeText(translator(to.language), said, event) },
    ...(personId ? { recipient: { personId } } : {}),
  });
}

export function registerFollowUps(outbox: Outbox): void {
  outbox.onSettled(FOLLOW_UP, followUpHook(outbox));
}

export function followUpHook(outbox: Outbox): SettledHook {
  return (event) => tellStarter(outbox, event);
}

/** A told text with the batch's figures: `delivered`, `total`, and `names` of who was not reached. */
export function outcomeText(t: TFunction, said: Said, outcome: BatchOutcome): string {
  return t(said.key, {
    ...said.values,
    delivered: outcome.delivered,
    total: outcome.total,
    names: notReached(t, outcome.failed),
  });
}

/** Who was not reached, named: people by name, a group's conversation as the group's channel or chat. */
export function notReached(t: TFunction, failed: { recipient?: Recipient | undefined }[]): string {
  const names = failed.map(({ recipient }) =>
    recipient?.conversation
      ? t('common:notReached.conversation', { group: recipient.name ?? '' })
      : (recipient?.name ?? t('common:notReached.someone')),
  );
  return [...new Set(names)].join(', ');
}

/**
 * For a coordinator's card: the messages sent for an origin that failed for good (a timed job's too, which has
 * nobody to tell 1:1), naming who was not reached; empty when all arrived. Follow-ups to a coordinator are left out.
 */
export async function notReachedNote(outbox: Outbox, origin: string, t: TFunction): Promise<string> {
  const failed = (await outbox.report(origin)).failed.filter(({ recipient }) => recipient?.name !== undefined);
  return failed.length > 0 ? t('common:notReached.onCard', { names: notReached(t, failed) }) : '';
}
