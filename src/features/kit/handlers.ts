import type { Listeners } from '../../platform/teams/listeners.js';
import type { KitDeps } from './deps.js';

/**
 * The kit's route table. Empty for now and not yet registered in app.ts: its use cases (`boka kit`, the `kit.*`
 * verbs in KIT_VERBS, the offer-expiry and handover-notice jobs, the .ics route) are wired once the access module,
 * the durable outbox and the audit trail they must use are in place.
 */
export function registerKit(_listeners: Listeners, _deps: KitDeps): void {}
