import { Refusal } from '../../platform/refusal.js';
import type { JobSource } from '../../platform/scheduler.js';
import type { CardReply } from '../../platform/teams/router.js';
import type { Turn } from '../../platform/teams/turn.js';
import type { KitAccess } from './access.js';
import { receivedCard } from './handover-cards.js';
import {
  checkSummary,
  dueHandoverNotices,
  legOf,
  readContentCheck,
  recordReceipt,
  type HandoverLeg,
} from './handover-rules.js';
import { kitOrigin, type KitContext } from './messages.js';
import type { Kit, LegRef, ReceivedForm } from './schema.js';
import { addWeeks, weekOf } from './weeks.js';

/*
 * The kit travels from library to library. Three days before each handover the one who has the copy is told where
 * it goes next and the one who gets it that it is on its way (scheduled jobs keyed by leg and kind, sent once
 * through the outbox however many instances tick); on arrival the receiving library confirms with a quick content
 * check, and what is missing or broken is shown to the kit's administrators.
 */

/**
 * Handover notices due now, from the kits still travelling (a loan in the last week or later: the copy comes home
 * the week after). The job reads the kit again: the leg may have changed since the tick looked.
 */
export function dueHandovers(ctx: KitContext): JobSource {
  return async (now) =>
    (await ctx.kits.listTravelling(addWeeks(weekOf(now), -1))).flatMap((found) =>
      dueHandoverNotices(found, now).map((notice) => ({
        key: notice.key,
        run: async (job) => {
          const kit = await ctx.kits.get(found.programmeId, found.kitId);
          const current = kit && dueHandoverNotices(kit, ctx.clock()).find((n) => n.key === notice.key);
          if (!kit || !current) return;
          await ctx.messages.sendHandoverNotice(kit, current, job.sender(kitOrigin(kit)));
        },
      })),
    );
}

async function legIn(ctx: KitContext, access: KitAccess, ref: LegRef): Promise<{ kit: Kit; leg: HandoverLeg }> {
  const kit = await ctx.kits.require(access.programme.programmeId, ref.kitId);
  const leg = legOf(kit, ref.legId);
  if (!leg) throw new Refusal('kit:errors.unknownHandover');
  return { kit, leg };
}

/** "Received" on a handover notice: the content check, or the check already made for this handover. */
export async function receivedForm(turn: Turn, ctx: KitContext, access: KitAccess, ref: LegRef): Promise<CardReply> {
  const { kit, leg } = await legIn(ctx, access, ref);
  const receipt = await ctx.kits.getReceipt(kit.programmeId, kit.kitId, leg.legId);
  return receivedCard(turn, { kit, leg, ...(receipt ? { receipt, alreadyRecorded: true } : {}) });
}

export async function received(turn: Turn, ctx: KitContext, access: KitAccess, form: ReceivedForm): Promise<CardReply> {
  const { kit, leg } = await legIn(ctx, access, form);
  const { items, errors } = readContentCheck(kit.contents, form);
  if (Object.keys(errors).length > 0) return receivedCard(turn, { kit, leg, values: form, errors });
  const made = recordReceipt(kit, access.actor, leg.legId, { items, note: form.note }, turn.now);
  const { receipt, alreadyRecorded } = await ctx.kits.recordReceipt(made);
  if (!alreadyRecorded) {
    if (access.role) turn.audit.describe({ object: { kind: 'kit', id: kit.kitId, label: kit.name } });
    if (!checkSummary(kit.contents, receipt.items).complete) await ctx.messages.reportProblems(kit, receipt);
  }
  return receivedCard(turn, { kit, leg, receipt, alreadyRecorded });
}
