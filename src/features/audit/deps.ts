import type { ProgrammeGate } from '../programmes/access.js';
import type { AuditStore } from './store.js';

/** The audit trail sits on programmes (whose coordinators read a programme's log) and owns the audit documents. */
export type AuditDeps = { gate: ProgrammeGate; audit: AuditStore };
