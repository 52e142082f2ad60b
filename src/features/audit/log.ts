import { Refusal } from '../../platform/refusal.js';
import type { CardReply } from '../../platform/teams/router.js';
import type { Turn } from '../../platform/teams/turn.js';
import type { ProgrammeAccess } from '../programmes/access.js';
import { auditLogCard } from './cards.js';
import type { AuditDeps } from './deps.js';

/**
 * "logg": a programme's latest audit entries, for its coordinators, in personal chat only: the log names who did
 * what, which is not for a channel.
 */
export async function showAuditLog(
  turn: Turn,
  { audit }: AuditDeps,
  { programme }: ProgrammeAccess,
): Promise<CardReply> {
  if (turn.conversation.kind !== 'personal') throw new Refusal('audit:errors.personalChatOnly');
  return auditLogCard(turn, programme, await audit.latest(programme.programmeId));
}
