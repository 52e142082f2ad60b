import { createHash, randomBytes } from 'node:crypto';

export const newItemId = (): string => `item-${randomBytes(4).toString('hex')}`;

export const newMeetingId = (): string => `meeting-${randomBytes(6).toString('hex')}`;

/**
 * The id of a group's first meeting on a day names the group and the day, so the same form sent twice (a double
 * click, an invoke Teams redelivers) is stored once: the second create finds the id taken.
 */
export function dayMeetingId(programmeId: string, groupId: string, date: string): string {
  return `meeting-${createHash('sha256').update(`${programmeId}\n${groupId}\n${date}`).digest('hex').slice(0, 16)}`;
}
