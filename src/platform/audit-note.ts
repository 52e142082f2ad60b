/** A person a change is about (a role given, a member erased), as the audit entry should name them. */
export type AuditSubject = { id: string; name: string };

/**
 * What a use case may add to the audit entry of its change. Values in `before` and `after` are short: a status
 * ("submitted"), a role, a count; the log card translates the ones it knows (locales audit:values).
 */
export type AuditDetails = {
  /** The programme the entry belongs to, when the route's grant does not say (a programme just created). */
  programmeId?: string;
  object?: { kind: string; id: string; label?: string };
  subject?: AuditSubject;
  before?: string;
  after?: string;
};

/**
 * Carried by every Turn: the use case's word to the audit trail about the change it made. Most use cases say
 * nothing and the trail records who did which action to what (from the route, its grant and its input); a use case
 * adds a before/after summary here, or asks for an entry where the grant shows no programme role (a programme
 * just created, an erasure). The router's change hook reads it after the handler returned.
 */
export class AuditNote {
  private details: AuditDetails = {};
  private described = false;

  describe(details: AuditDetails): void {
    this.details = { ...this.details, ...details };
    this.described = true;
  }

  /** What the use case said, and whether it said anything (then an entry is written even without a role). */
  read(): { details: AuditDetails; described: boolean } {
    return { details: this.details, described: this.described };
  }
}
