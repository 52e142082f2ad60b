import { translator, type Language } from '../../platform/i18n.js';
import type { DueJob } from '../../platform/scheduler.js';
import type { OutputsDeps } from './deps.js';
import { daysLeft, dueReminder } from './domain.js';
import type { ExpectedOutput, Group, Programme } from '../programmes/schema.js';
import type { Output } from './schema.js';

/**
 * Reminders before outputs' due dates (OUTPUT_REMINDER_DAYS, e.g. 14 and 3 days before) while they are not
 * submitted. Each has a stable key, `output-reminder:<programme>:<group>:<output>:<days>`, so the scheduler sends
 * it once however many instances tick. The group is reminded in its linked channel; a group without one is
 * reminded 1:1, each member the bot can reach.
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
          run: () => remind(deps, programme, group, expected, now),
        });
      }
    }
    return jobs;
  };
}

/** Sends one reminder, looking at the output again first: submitted since, there is nothing to remind of. */
async function remind(deps: OutputsDeps, programme: Programme, group: Group, expected: ExpectedOutput, now: Date) {
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
  const address = group.conversationId ? await deps.programmes.addressOf(group.conversationId) : undefined;
  if (address) {
    const posted = await deps.messenger.post(address, { type: 'message', text: text(programme.language) });
    // Thrown, the job is tried again on a later tick (the scheduler gives up after five attempts).
    if (!posted.ok) throw new Error(`reminder not delivered: ${posted.error}`);
    return;
  }
  const members = (await deps.memberships.listInProgramme(programme.programmeId)).filter((m) =>
    m.groupIds.includes(group.id),
  );
  // 1:1 sends are not retried as a whole: those that arrived would get the reminder twice.
  for (const member of members) {
    if (member.contact)
      await deps.messenger.sendToPerson(member.contact, { type: 'message', text: text(member.contact.language) });
  }
}
