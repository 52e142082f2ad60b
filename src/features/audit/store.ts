import type { Documents, Stored } from '../../platform/cosmos/documents.js';
import { auditEntrySchema, type AuditEntry } from './schema.js';

/** How many entries the log card shows. */
export const LOG_LENGTH = 25;

/**
 * Cosmos access for the audit trail: the `audit` container, partitioned by programme, so a programme's latest
 * entries are one single-partition query. Entries are only added, and rewritten only to take a person out of them
 * (an erasure, a programme past its retention time).
 */
export class AuditStore {
  constructor(private readonly audit: Documents) {}

  record(entry: AuditEntry): Promise<Stored<AuditEntry>> {
    return this.audit.create(entry);
  }

  latest(programmeId: string, count = LOG_LENGTH): Promise<Stored<AuditEntry>[]> {
    return this.audit.query(
      auditEntrySchema,
      {
        query: `SELECT TOP ${Math.max(1, Math.floor(count))} * FROM c WHERE c.programmeId = @programmeId AND c.type = 'audit' ORDER BY c.at DESC`,
        parameters: [{ name: '@programmeId', value: programmeId }],
      },
      programmeId,
    );
  }

  listInProgramme(programmeId: string): Promise<Stored<AuditEntry>[]> {
    return this.audit.query(
      auditEntrySchema,
      {
        query: "SELECT * FROM c WHERE c.programmeId = @programmeId AND c.type = 'audit'",
        parameters: [{ name: '@programmeId', value: programmeId }],
      },
      programmeId,
    );
  }

  /** Entries in one programme where the person acted or was acted on. */
  aboutPerson(programmeId: string, personId: string): Promise<Stored<AuditEntry>[]> {
    return this.audit.query(
      auditEntrySchema,
      {
        query:
          "SELECT * FROM c WHERE c.programmeId = @programmeId AND c.type = 'audit' AND (c.actor.id = @personId OR c.subject.id = @personId)",
        parameters: [
          { name: '@programmeId', value: programmeId },
          { name: '@personId', value: personId },
        ],
      },
      programmeId,
    );
  }

  /** Rewrites an entry under its ETag; `change` returns undefined when there is nothing to change. */
  async rewrite(entry: Stored<AuditEntry>, change: (current: AuditEntry) => AuditEntry | undefined): Promise<boolean> {
    let changed = false;
    await this.audit.update(auditEntrySchema, entry.id, entry.programmeId, (current) => {
      const next = change(current);
      changed = next !== undefined;
      return next;
    });
    return changed;
  }
}
