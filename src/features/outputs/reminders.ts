import { translator, type Language } from '../../platform/i18n.js';
import { conversationAddress, type OutgoingMessage } from '../../platform/outbox/outbox.js';
import type { DueJob, JobContext } from '../../platform/scheduler.js';
import { groupConversation } from '../membership/group-conversation.js';
import type { OutputsDeps } from './deps.js';
import { daysLeft, dueReminder } from './reminder-rules.js';
import type { ExpectedOutput, Group, Programme } from '../programmes/schema.js';
import { outputsOrigin, type Output } from './schema.js';

/**
 * Reminders before outputs' due dates (OUTPUT_REMINDER_DAYS, e.g. 14 and 3 days before) while they are not
 * submitted. Each has a stable key, `output-reminder:<programme>:<group>:<output>:<days>`, so the scheduler sends
 * it once however many instances tick. The group is reminded in its linked channel; a group without one is
 * reminded 1:1, each member the bot can reach. Sent through the outbox; who was not reached is named on the
 * programme's overview for its staff and coordinators (nobody started the job, so nobody is told 1:1).
 */
export function dueReminders(deps: OutputsDeps): (now: Date) => Promise<DueJob[]> {
  return async (now) => {
    const jobs: DueJob[] = [];
    const days = deps.config.outputs.reminderDays;
    for (const programme of await deps.programmes.list()) {
      // Most of the year nothing is due: only read the programme's outputs when some reminder could be.
      const candidates = programme.groups.flatMap((group) =>
        group.outputs
          .filter((expected) => dueReminder(expected.dueDate, 'notStarted', days, now) !== undefined)
          .map((expected) => ({ group, expected })),
      );
      if (candidates.length === 0) continue;
      const stored = new Map(
        (await deps.outputs.listInProgramme(programme.programmeId)).map((o) => [`${o.groupId}/${o.outputId}`, o]),
      );
      for (const { group, expected } of candidates) {
        const status = stored.get(`${group.id}/${expected.id}`)?.status ?? 'notStarted';
        const offset = dueReminder(expected.dueDate, status, days, now);
        if (offset === undefined) continue;
        jobs.push({
          key: `output-reminder:${programme.programmeId}:${group.id}:${expected.id}:${offset}`,
          run: (job) => remind(deps, { programme, group, expected, offset }, now, job),
        });
      }
    }
    return jobs;
  };
}

type Due = { programme: Programme; group: Group; expected: ExpectedOutput; offset: number };

/** Sends one reminder, looking at the output again first: submitted since, there is nothing to remind of. */
async function remind(deps: OutputsDeps, due: Due, now: Date, job: JobContext): Promise<void> {
  const { programme, group, expected, offset } = due;
  const current: Output | undefined = await deps.outputs.get(programme.programmeId, group.id, expected.id);
  const status = current?.status ?? 'notStarted';
  if (dueReminder(expected.dueDate, status, deps.config.outputs.reminderDays, now) === undefined) return;
  const text = (language: Language) => {
    const t = translator(language);
    const left = daysLeft(expected.dueDate, now);
    const values = {
      output: expected.title,
      group: group.name,
      due: expected.dueDate,
      status: t(`outputs:statuses.${status}`),
    };
    return left <= 0
      ? t('outputs:channel.reminderToday', values)
      : t('outputs:channel.reminder', { ...values, count: left });
  };
  const key = `reminder:${group.id}:${expected.id}:${offset}`;
  const sender = job.sender(outputsOrigin(programme.programmeId));
  const address = conversationAddress(
    group.conversationId ? await deps.programmes.addressOf(group.conversationId) : undefined,
  );
  if (address) {
    await sender.send({
      key,
      to: { conversation: address },
      activity: { type: 'message', text: text(programme.language) },
      recipient: groupConversation(group),
    });
    return;
  }
  const members = (await deps.memberships.listInProgramme(programme.programmeId)).filter(
    (member) => member.groupIds.includes(group.id) && member.contact,
  );
  // One key per member: a job run again sends nobody a second reminder.
  await sender.sendAll(
    members.map((member): OutgoingMessage => ({
      key: `${key}:${member.person.id}`,
      to: { person: member.contact! },
      activity: { type: 'message', text: text(member.contact!.language) },
      recipient: { personId: member.person.id, name: member.person.name },
    })),
  );
}
