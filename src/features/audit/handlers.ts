import type { Logger } from '../../platform/logger.js';
import type { Listeners } from '../../platform/teams/listeners.js';
import type { AuditDeps } from './deps.js';
import { showAuditLog } from './log.js';
import { auditLogRefSchema } from './schema.js';
import { auditTrail } from './trail.js';

/**
 * The audit trail: every change a coordinator or regional staff makes is recorded by a hook around every route
 * that changes something (trail.ts, rules in domain.ts); coordinators read their programme's latest entries.
 */
export function registerAudit({ router }: Listeners, deps: AuditDeps & { logger: Logger }): void {
  router.aroundChanges(auditTrail(deps.audit, deps.logger));

  const coordinatorOf = deps.gate.anyProgramme('coordinator', {
    verb: 'audit.log',
    title: 'audit:choose.programme',
    none: 'audit:errors.coordinatorsOnly',
  });
  router.command('auditLog', coordinatorOf, 'reads', (turn, programme) => showAuditLog(turn, deps, programme));
  router.cardAction('audit.log', auditLogRefSchema, deps.gate.programme('coordinator'), 'reads', (turn, p) =>
    showAuditLog(turn, deps, p),
  );
}
