import { satisfies, type GroupAccess } from '../membership/access.js';
import { holds, type ProgrammeAccess } from '../programmes/access.js';
import type { BoardRole } from './schema.js';

/** What one person may see and do on one programme's board. */
export type BoardAccess = {
  role: BoardRole;
  /** The groups this person reads (coverage, representatives, outputs, polls), as the access module let them in. */
  groups: readonly GroupAccess[];
  groupIds: string[];
  /** Approve or return submitted outputs (the outputs domain checks each action again). */
  review: boolean;
  /** Reorder and post the presentation day's running order. */
  planDay: boolean;
};

/**
 * The board's one role decision, made from the access module's own values (membership/access.ts for each group,
 * programmes/access.ts for the programme): coordinators and regional staff see the whole programme and review;
 * members read only their own groups. Undefined: the person has no part in the programme.
 */
export function boardAccess(programme: ProgrammeAccess, readable: readonly GroupAccess[]): BoardAccess | undefined {
  const groups = readable.filter((access) => access.programme.programmeId === programme.programme.programmeId);
  const staff = holds(programme.role, 'staff');
  if (!staff && groups.length === 0) return undefined;
  return {
    role: programme.role ?? 'member',
    groups,
    groupIds: groups.map((access) => access.group.id),
    review: staff && groups.every((access) => satisfies(access, 'staff')),
    planDay: staff,
  };
}
