import { randomUUID } from 'node:crypto';
import { todayInStockholm } from '../../platform/dates.js';
import type { DueJob } from '../../platform/scheduler.js';
import type { PrivacyDeps } from './deps.js';
import { isPastRetention, lastRetentionDay, touchedSummary, touchedTotal } from './domain.js';
import { erasedPerson } from './erasure.js';

/**
 * Retention: RETENTION_DAYS after its presentation day, a programme's personal data is erased or anonymised by
 * every feature's source, once across instances (one job per programme). What stays is the programme's record
 * without names: groups, dates, agendas, notes and outputs. Cosmos DB's TTL removes short-lived links in Azure;
 * the embedded store ignores TTL, so a daily job removes expired links too.
 */
export function dueRetention(deps: PrivacyDeps): (now: Date) => Promise<DueJob[]> {
  return async (now) =>
    (await deps.programmes.list())
      .filter((p) => !p.personalDataRemovedAt && isPastRetention(p, deps.config.retentionDays, now))
      .map((programme) => ({
        key: `retention:${programme.programmeId}`,
        run: async () => {
          const touched = await deps.personalData.forgetProgramme(programme.programmeId, erasedPerson);
          const at = deps.clock().toISOString();
          await deps.programmes.update(programme.programmeId, (current) => ({ ...current, personalDataRemovedAt: at }));
          await deps.audit.record({
            id: `audit:${randomUUID()}`,
            type: 'audit',
            programmeId: programme.programmeId,
            at,
            action: 'privacy.retention',
            object: { kind: 'programme', id: programme.programmeId, label: programme.name },
            before: lastRetentionDay(programme, deps.config.retentionDays),
            after: touchedSummary(touched),
            changed: touched,
          });
          deps.logger.info({ documents: touchedTotal(touched) }, "a programme's retention time ran out");
        },
      }));
}

/**
 * Links past their expiry go (an export link lasts a day, a "my data" link an hour), at most once a day and only
 * when there are some: looking costs a query per programme and one over the few links, once a minute.
 */
export function dueExpiry(deps: PrivacyDeps): (now: Date) => Promise<DueJob[]> {
  return async (now) => {
    if ((await deps.personalData.countExpired(now)) === 0) return [];
    return [
      {
        key: `expired-links:${todayInStockholm(now)}`,
        run: async () => {
          const touched = await deps.personalData.removeExpired(deps.clock());
          if (touchedTotal(touched) > 0)
            deps.logger.info({ documents: touchedTotal(touched) }, 'removed expired links');
        },
      },
    ];
  };
}
