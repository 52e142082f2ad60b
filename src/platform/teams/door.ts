import { ActivityTypes, type Activity, type TurnContext } from 'botbuilder';
import { languageOf, translator } from '../i18n.js';
import type { Rejections } from '../rejections.js';

/**
 * The door every authenticated activity passes before any handler sees it (composition.ts calls it once, before
 * app.run): only Teams, only our tenants, only a person with an Entra object id, and without authentication only
 * a connector on this machine. An activity turned away reads and writes nothing; a message gets at most one short
 * refusal per conversation and hour, an invoke a 403, anything else silence.
 */
export type DoorPolicy = {
  /** config.allowedTenantIds: the tenants served, or '*' for any. */
  allowedTenantIds: string[] | '*';
  /**
   * Whether requests are authenticated (MICROSOFT_APP_ID set). Without it anyone on the network could name any
   * serviceUrl and have the bot call it, so only a connector on this machine (the Playground, the tests) is served.
   */
  authenticated: boolean;
};

export type DoorReason =
  'channel' | 'service-url' | 'no-conversation' | 'no-tenant' | 'tenant-mismatch' | 'foreign-tenant' | 'no-person';

export type DoorVerdict = { admitted: true; tenantId: string } | { admitted: false; reason: DoorReason };

/** Teams' channel id; the Agents Playground sends the same one, so there is no other channel to serve. */
export const TEAMS_CHANNEL = 'msteams';

export function checkActivity(activity: Partial<Activity>, policy: DoorPolicy): DoorVerdict {
  if (activity.channelId !== TEAMS_CHANNEL) return { admitted: false, reason: 'channel' };
  if (!policy.authenticated && !isLoopback(activity.serviceUrl)) return { admitted: false, reason: 'service-url' };
  if (typeof activity.conversation?.id !== 'string' || activity.conversation.id === '') {
    return { admitted: false, reason: 'no-conversation' };
  }
  const fromChannelData = (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  const fromConversation = activity.conversation?.tenantId;
  const tenantIds = [fromChannelData, fromConversation].filter((id) => typeof id === 'string' && id !== '');
  if (tenantIds.length === 0) return { admitted: false, reason: 'no-tenant' };
  if (tenantIds.length === 2 && tenantIds[0] !== tenantIds[1]) return { admitted: false, reason: 'tenant-mismatch' };
  const tenantId = tenantIds[0] as string;
  if (policy.allowedTenantIds !== '*' && !policy.allowedTenantIds.includes(tenantId)) {
    return { admitted: false, reason: 'foreign-tenant' };
  }
  // A person is their Entra object id; `from.id` is an address anyone can write, never an identity.
  const aadObjectId: unknown = activity.from?.aadObjectId;
  if (typeof aadObjectId !== 'string' || aadObjectId.trim() === '') return { admitted: false, reason: 'no-person' };
  return { admitted: true, tenantId };
}

function isInvoke(activity: Partial<Activity>): boolean {
  return activity.type === 'invoke';
}

/** localhost, 127.0.0.0/8 or ::1, over http(s). */
export function isLoopback(serviceUrl: string | undefined): boolean {
  if (!serviceUrl) return false;
  try {
    const { protocol, hostname } = new URL(serviceUrl);
    if (protocol !== 'http:' && protocol !== 'https:') return false;
    return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
  } catch {
    return false;
  }
}

/** How long a conversation that was refused is not refused again: a stranger's flood gets one answer, not many. */
const REFUSAL_QUIET_MS = 60 * 60 * 1000;
const REMEMBERED_REFUSALS = 10_000;

export class Door {
  private readonly refusedAt = new Map<string, number>();

  constructor(
    private readonly policy: DoorPolicy,
    private readonly rejections: Rejections,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Runs `turn` only for an activity the door admits; otherwise answers as little as it may and returns. */
  async admit(context: TurnContext, turn: () => Promise<void>): Promise<void> {
    const verdict = checkActivity(context.activity, this.policy);
    if (verdict.admitted) {
      await turn();
      return;
    }
    this.rejections.record(verdict.reason, isInvoke(context.activity) ? 403 : 200);
    await this.turnAway(context, verdict.reason);
  }

  private async turnAway(context: TurnContext, reason: DoorReason): Promise<void> {
    const { activity } = context;
    if (isInvoke(activity)) {
      await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 403 } });
      return;
    }
    // Only someone in Teams who is simply not one of ours is told so; the rest get nothing, and nothing is ever
    // sent to a serviceUrl the door did not trust.
    if (reason !== 'foreign-tenant' || activity.type !== 'message') return;
    if (!this.mayRefuse(activity.conversation?.id ?? '')) return;
    await context.sendActivity(translator(languageOf(activity.locale))('common:door.otherOrganisation'));
  }

  private mayRefuse(conversationId: string): boolean {
    const now = this.clock().getTime();
    const last = this.refusedAt.get(conversationId);
    if (last !== undefined && now - last < REFUSAL_QUIET_MS) return false;
    if (this.refusedAt.size >= REMEMBERED_REFUSALS) this.refusedAt.clear();
    this.refusedAt.set(conversationId, now);
    return true;
  }
}
