import { randomUUID } from 'node:crypto';
import { countingWrites } from '../../platform/cosmos/writes.js';
import type { Logger } from '../../platform/logger.js';
import type { ChangeHook } from '../../platform/teams/router.js';
import { roleOf } from '../programmes/domain.js';
import type { Person } from '../programmes/schema.js';
import type { ProgrammeStore } from '../programmes/store.js';
import { auditEntryFor, isMembersOnly } from './domain.js';
import type { AuditStore } from './store.js';

/**
 * The router's hook around every route that changes something: it counts what the handler wrote, asks the rules
 * (domain.ts) whether the change is recorded, and writes one entry. It sits in the router rather than in the use
 * cases so that a new staff route is audited without anyone remembering to. The change is already made when the
 * entry is written; should the write fail, the person still gets their answer and the failure is logged.
 */
export function auditTrail(audit: AuditStore, logger: Logger): ChangeHook {
  return async ({ listener, turn, grant, input }, run) => {
    if (isMembersOnly(listener.access)) return run();
    const { result, writes } = await countingWrites(run);
    const entry = auditEntryFor({
      id: randomUUID(),
      action: listener.name,
      person: turn.person,
      now: turn.now,
      grant,
      input,
      note: turn.audit.read(),
      writes,
    });
    if (entry) {
      await audit.record(entry).catch((error: unknown) => {
        logger.error({ err: error, action: listener.name }, 'could not write an audit entry');
      });
    }
    return result;
  };
}

/** A change made outside the Teams router (the board's JSON API): who, which route, in which programme, on what. */
export type OutsideChange = { action: string; person: Person; programmeId: string; input: Record<string, unknown> };

/** Runs a change made outside the router and records it by the same rules as the hook above. */
export type AuditedRun = <T>(change: OutsideChange, run: () => Promise<T>) => Promise<T>;

export function auditedRun(
  audit: AuditStore,
  programmes: ProgrammeStore,
  clock: () => Date,
  logger: Logger,
): AuditedRun {
  return async (change, run) => {
    const { result, writes } = await countingWrites(run);
    const programme = await programmes.get(change.programmeId);
    if (!programme) return result;
    const entry = auditEntryFor({
      id: randomUUID(),
      action: change.action,
      person: change.person,
      now: clock(),
      grant: { programme, role: roleOf(programme, change.person.id) },
      input: change.input,
      note: { details: {}, described: false },
      writes,
    });
    if (entry) {
      await audit.record(entry).catch((error: unknown) => {
        logger.error({ err: error, action: change.action }, 'could not write an audit entry');
      });
    }
    return result;
  };
}
