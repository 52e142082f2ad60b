import type { Stored } from '../../platform/cosmos/documents.js';
import { Refusal } from '../../platform/refusal.js';
import type { GroupAccess, GroupRef } from '../membership/access.js';
import type { MeetingsDeps } from './deps.js';
import type { Meeting } from './schema.js';

/** Where a meeting named by a card belongs, for the route's guard to decide on. */
export function groupOfMeeting(deps: Pick<MeetingsDeps, 'meetings'>) {
  return async ({ programmeId, meetingId }: { programmeId: string; meetingId: string }): Promise<GroupRef> =>
    deps.meetings.require(programmeId, meetingId);
}

/** The meeting a card names, in the group the route's guard let the person into (and no other). */
export async function meetingIn(deps: MeetingsDeps, access: GroupAccess, meetingId: string): Promise<Stored<Meeting>> {
  const meeting = await deps.meetings.require(access.programme.programmeId, meetingId);
  if (meeting.groupId !== access.group.id) throw new Refusal('meetings:errors.unknownMeeting');
  return meeting;
}
