import { todayInStockholm } from '../../platform/dates.js';
import type { JobSource } from '../../platform/scheduler.js';
import { groupLanguage, postToLinkedConversation } from '../membership/group-conversation.js';
import { reminderText } from './cards.js';
import type { MeetingsDeps } from './deps.js';
import { dueReminderDays, reminderKey } from './domain.js';
import type { Meeting } from './schema.js';

/**
 * Reminders a week and a day (or as set on the meeting) before each published meeting, to the group's
 * conversation. Each is a scheduler job keyed by meeting, date and days, so it goes out once however many bot
 * instances tick, and a meeting moved to another day is reminded again for its new day.
 */
export function dueReminders(deps: MeetingsDeps): JobSource {
  return async (now) =>
    (await deps.meetings.listPublishedFrom(todayInStockholm(now))).flatMap((meeting) =>
      dueReminderDays(meeting, now).map((days) => ({
        key: reminderKey(meeting, days),
        run: () => remind(deps, meeting, days),
      })),
    );
}

async function remind(deps: MeetingsDeps, found: Meeting, days: number): Promise<void> {
  // Read again: the meeting may have moved or been withdrawn since the tick looked for due work.
  const meeting = await deps.meetings.get(found.programmeId, found.meetingId);
  if (!meeting || meeting.status !== 'published' || meeting.date !== found.date) return;
  const programme = await deps.programmes.get(meeting.programmeId);
  const group = programme?.groups.find((g) => g.id === meeting.groupId);
  if (!programme || !group) return;
  const text = reminderText(groupLanguage(programme), meeting, group.name, days);
  const sent = await postToLinkedConversation(deps, group.conversationId ?? meeting.posted?.conversationId, {
    type: 'message',
    text,
  });
  // Thrown, the job is released and tried again on a later tick (up to five times).
  if (sent && !sent.ok) throw new Error(`meeting reminder not delivered: ${sent.error}`);
}
