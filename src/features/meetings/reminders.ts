import { todayInStockholm } from '../../platform/dates.js';
import type { JobContext, JobSource } from '../../platform/scheduler.js';
import { groupConversation, groupLanguage, queueInLinkedConversation } from '../membership/group-conversation.js';
import { reminderText } from './message-texts.js';
import type { MeetingsDeps } from './deps.js';
import { dueReminderDays, reminderKey } from './reminder-rules.js';
import { meetingOrigin, type Meeting } from './schema.js';

/**
 * Reminders a week and a day (or as set on the meeting) before each published meeting, to the group's
 * conversation, through the outbox. Each is a scheduler job keyed by meeting, date and days, so it goes out once
 * however many bot instances tick, and a meeting moved to another day is reminded again for its new day. One that
 * cannot be delivered is named on the meeting's editor card for the coordinators (nobody started it, so nobody is
 * told 1:1).
 */
export function dueReminders(deps: MeetingsDeps): JobSource {
  return async (now) =>
    (await deps.meetings.listPublishedFrom(todayInStockholm(now))).flatMap((meeting) =>
      dueReminderDays(meeting, now).map((days) => ({
        key: reminderKey(meeting, days),
        run: (job) => remind(deps, meeting, days, job),
      })),
    );
}

async function remind(deps: MeetingsDeps, found: Meeting, days: number, job: JobContext): Promise<void> {
  // Read again: the meeting may have moved or been withdrawn since the tick looked for due work.
  const meeting = await deps.meetings.get(found.programmeId, found.meetingId);
  if (!meeting || meeting.status !== 'published' || meeting.date !== found.date) return;
  const programme = await deps.programmes.get(meeting.programmeId);
  const group = programme?.groups.find((g) => g.id === meeting.groupId);
  if (!programme || !group) return;
  const text = reminderText(groupLanguage(programme), meeting, group.name, days);
  await queueInLinkedConversation(
    deps.programmes,
    job.sender(meetingOrigin(meeting)),
    group.conversationId ?? meeting.posted?.conversationId,
    {
      key: `reminder:${meeting.date}:${days}`,
      activity: { type: 'message', text },
      recipient: groupConversation(group),
    },
  );
}
