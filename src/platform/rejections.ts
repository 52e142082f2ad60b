import type { Logger } from './logger.js';
import { telemetry } from './telemetry/telemetry.js';

/**
 * Requests and activities the bot turned away before any feature saw them: an oversized or wrongly typed body, a
 * bad token, a stranger at the door. Each is one log line (the reason and the status; never the token, the body
 * or who sent it) and one count (here and as the `fokusgrupper.rejections` counter), so an operator sees an attack
 * as numbers, not as stack traces.
 */
export class Rejections {
  private readonly counts = new Map<string, number>();

  constructor(private readonly logger: Logger) {}

  record(reason: string, status: number): void {
    this.counts.set(reason, (this.counts.get(reason) ?? 0) + 1);
    telemetry.count('rejections', { reason, status });
    this.logger.warn({ reason, status }, 'request turned away');
  }

  /** Counts by reason, e.g. `{ 'expired': 2, 'foreign-tenant': 1 }`. */
  byReason(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }

  get total(): number {
    let total = 0;
    for (const count of this.counts.values()) total += count;
    return total;
  }
}
