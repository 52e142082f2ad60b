import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod/v4';
import { BotHarness, cardOf, cardText, textOf, type BotReply } from '../support/bot-harness.js';
import {
  assembledFocusGroup,
  coordinator,
  datePollForm,
  groupChannel,
  meetingForm,
  members,
  smallKitPlanForm,
} from '../support/focus-group.js';
import { markupIn, renderMarkdown } from '../support/hostile-text.js';

/**
 * Everything the bot sends on its own goes through the outbox (issue 10): with Teams failing (503s) or hanging, the
 * answer comes within Teams' limits and says the message is on its way; each message arrives exactly once when Teams
 * is back; and what fails for good is named to the coordinator, 1:1 (work they started) or on their card (timed
 * work). A poll, a decided day, an agenda and its updates, meeting and output reminders, and a review notice.
 */
let bot: BotHarness;
let programmeId: string;
let mik: string;
let digital: string;

beforeAll(async () => {
  bot = await BotHarness.start({ seedCoordinators: [coordinator] });
  ({ programmeId, mik, digital } = await assembledFocusGroup(bot));
});
afterAll(async () => bot?.stop());
beforeEach(async () => {
  await bot.delivered();
  bot.connector.setFaultRate(0);
  bot.connector.stopRefusing();
});

const channelPath = `/v3/conversations/${groupChannel.id}/activities`;
const coordinatorChat = `/v3/conversations/a:personal-${coordinator.id}/activities`;
const since = (before: number) => bot.connector.calls.slice(before);
/** Messages the coordinator was sent 1:1 since `before` (follow-ups). */
const toldCoordinator = (before: number) =>
  since(before)
    .filter((call) => call.method === 'POST' && call.path === coordinatorChat)
    .map((call) => call.body.text as string);

async function timed(send: () => Promise<BotReply>): Promise<{ reply: BotReply; ms: number }> {
  const started = performance.now();
  const reply = await send();
  return { reply, ms: performance.now() - started };
}

const pollForm = (question: string) => datePollForm(programmeId, mik, question);

describe('a poll, while Teams fails', () => {
  let pollId = '';

  it('is answered as on its way, arrives once when Teams is back, and a close made meanwhile freezes that card', async () => {
    bot.now = new Date('2027-02-15T09:00:00Z');
    bot.connector.setFaultRate(1);
    const before = bot.connector.calls.length;
    const { reply, ms } = await timed(() => bot.execute(coordinator, 'polls.create', pollForm('Trots strul?')));
    expect(ms).toBeLessThan(3_000);
    const answer = cardOf(reply);
    expect(cardText(answer)).toContain(
      'Omröstningen är på väg till gruppens kanal. Jag skriver till dig när den är där.',
    );
    pollId = answer.refresh.action.data.pollId;
    expect((await bot.pollStore().polls.get(pollId))?.posted).toBeUndefined();
    // Closed before its card ever arrived: the frozen card waits for the card.
    await bot.execute(coordinator, 'polls.close', { pollId });

    bot.connector.setFaultRate(0);
    await bot.delivered();
    const posts = since(before).filter((call) => call.method === 'POST' && call.path === channelPath);
    expect(posts).toHaveLength(1);
    const { posted } = (await bot.pollStore().polls.get(pollId))!;
    expect(posted?.activityId).toMatch(/^activity-/);
    const puts = since(before).filter((call) => call.method === 'PUT');
    expect(puts.map((call) => call.path)).toEqual([`${channelPath}/${posted!.activityId}`]);
    expect(cardText(puts[0]!.body.attachments[0].content)).toContain('Resultat: Trots strul?');
    expect(toldCoordinator(before)).toEqual([
      'Omröstningen ”Trots strul?” är nu publicerad i kanalen för MIK & ungas medievärldar.',
    ]);
  });

  it('is removed when Teams refuses it for good, and the coordinator is told which conversation was not reached', async () => {
    bot.connector.hold(); // Teams hangs: the answer cannot wait for it
    const before = bot.connector.calls.length;
    const { reply, ms } = await timed(() => bot.execute(coordinator, 'polls.create', pollForm('Aldrig framme?')));
    expect(ms).toBeLessThan(3_000);
    const lost = cardOf(reply).refresh.action.data.pollId;
    bot.connector.refuse(new RegExp(`^${channelPath}$`), 403); // ...and then refuses: the bot was removed
    await bot.connector.release();
    await bot.delivered();
    expect(await bot.pollStore().polls.get(lost)).toBeUndefined();
    expect(toldCoordinator(before)).toEqual([
      'Omröstningen ”Aldrig framme?” kunde inte publiceras: jag nådde inte kanalen eller chatten för MIK & ungas medievärldar. Den är borttagen, så skapa den igen när kanalen fungerar.',
    ]);
  });

  it('announces the decided day once when Teams is back', async () => {
    bot.connector.setFaultRate(1);
    const before = bot.connector.calls.length;
    const { reply, ms } = await timed(() =>
      bot.execute(coordinator, 'polls.confirmDate', {
        pollId,
        optionId: 'd2',
        place: 'Kista bibliotek',
        startTime: '09:00',
        endTime: '16:00',
      }),
    );
    expect(ms).toBeLessThan(3_000);
    expect(cardText(cardOf(reply))).toContain('Dagen meddelas nu i gruppens kanal.');
    bot.connector.setFaultRate(0);
    await bot.delivered();
    const announcements = since(before).filter((call) => call.method === 'POST' && call.path === channelPath);
    expect(announcements.map((call) => cardText(call.body.attachments[0].content))).toEqual([
      expect.stringContaining('MIK & ungas medievärldar träffas onsdag 14 april 2027, kl. 09:00–16:00.'),
    ]);
    expect(toldCoordinator(before)).toEqual([]); // it arrived: nothing to tell
  });

  it('answers "remind" within 3 s with Teams hanging, and reminds each person once when it answers again', async () => {
    const { pollId: open } = cardOf(await bot.execute(coordinator, 'polls.create', pollForm('Påminn alla?'))).refresh
      .action.data;
    await bot.delivered();
    bot.connector.hold();
    const before = bot.connector.calls.length;
    const { reply, ms } = await timed(() => bot.execute(coordinator, 'polls.remind', { pollId: open }));
    expect(ms).toBeLessThan(3_000);
    expect(cardText(cardOf(reply))).toContain(
      'Påminnelser skickas nu till 8. Jag skriver till dig när de har gått fram.',
    );
    await bot.connector.release();
    await bot.delivered();
    const reminders = since(before).filter((call) => String(call.body?.text).startsWith('Påminnelse: svara gärna'));
    expect(new Set(reminders.map((call) => call.path)).size).toBe(8);
    expect(reminders).toHaveLength(8);
    expect(toldCoordinator(before)).toEqual(['Påminnelserna om ”Påminn alla?” har gått fram till alla 8.']);
  });

  it('sends what people typed as text, not markup, as replies are', async () => {
    const question = '**Fet** [Klicka](https://evil.example/login) <at>Alla</at>';
    const { pollId: open } = cardOf(await bot.execute(coordinator, 'polls.create', pollForm(question))).refresh.action
      .data;
    const before = bot.connector.calls.length;
    await bot.execute(coordinator, 'polls.remind', { pollId: open });
    await bot.delivered();
    const texts = since(before)
      .filter((call) => call.method === 'POST' && /a:personal-/.test(call.path))
      .map((call) => renderMarkdown(call.body.text as string));
    // Eight reminders, and the coordinator's report unless the answer could already tell how they went.
    expect(texts.length).toBeGreaterThanOrEqual(8);
    for (const rendered of texts) {
      expect(markupIn(rendered)).toEqual([]);
      expect(rendered.visible).toContain(question);
    }
  });
});

describe('an agenda, while Teams fails', () => {
  let meetingId = '';
  let cardPath = '';
  const meetingsNow = async () => (await bot.meetingStore().meetings.get(programmeId, meetingId))!;
  const addItem = (title: string) =>
    bot.execute(coordinator, 'meetings.saveItem', {
      programmeId,
      meetingId,
      itemId: '',
      sessionId: 'morning',
      startTime: '',
      title,
      description: '',
      presenters: '',
      links: '',
    });

  beforeAll(async () => {
    bot.now = new Date('2027-02-15T09:00:00Z');
    const planned = cardOf(
      await bot.execute(
        coordinator,
        'meetings.save',
        meetingForm(programmeId, mik, {
          fromPollId: '',
          title: 'Vårträff',
          date: '2027-04-13',
          saveAsDefault: 'false',
        }),
      ),
    );
    meetingId = String(JSON.stringify(planned).match(/"meetingId":"([^"]+)"/)?.[1]);
    const published = cardOf(await bot.execute(coordinator, 'meetings.publish', { programmeId, meetingId }));
    await bot.delivered();
    expect(cardText(published)).toMatch(/Dagordningen är (publicerad i|på väg till) gruppens kanal\./);
    cardPath = `${channelPath}/${(await meetingsNow()).posted!.activityId}`;
  });

  it('updates the card and tells the group once when Teams is back', async () => {
    bot.connector.setFaultRate(1);
    const before = bot.connector.calls.length;
    const { reply, ms } = await timed(() => addItem('Välkomna!'));
    expect(ms).toBeLessThan(3_000);
    expect(cardText(cardOf(reply))).toContain('Punkten ”Välkomna!” är tillagd.');
    bot.connector.setFaultRate(0);
    await bot.delivered();
    const puts = since(before).filter((call) => call.method === 'PUT');
    expect(puts.map((call) => call.path)).toEqual([cardPath]);
    expect(cardText(puts[0]!.body.attachments[0].content)).toContain('Välkomna!');
    const lines = since(before).filter((call) => call.method === 'POST' && call.path === channelPath);
    expect(lines.map((call) => call.body.text)).toEqual([
      'Dagordningen för tisdag 13 april 2027 är ändrad: ny punkt ”Välkomna!”.',
    ]);
  });

  it('tells the coordinator 1:1 when the card cannot be updated, naming the conversation', async () => {
    bot.connector.refuse(new RegExp(`^${cardPath}$`), 404); // the card was deleted in Teams
    const before = bot.connector.calls.length;
    await addItem('Fika');
    await bot.delivered();
    expect(toldCoordinator(before)).toEqual([
      'Ändringen av MIK & ungas medievärldar: Vårträff · tisdag 13 april 2027 är sparad, men jag nådde inte kanalen eller chatten för MIK & ungas medievärldar, så gruppen har inte sett den.',
    ]);
  });

  it('sends a reminder that failed for good nowhere else, and names it on the editor card', async () => {
    bot.connector.refuse(new RegExp(`^${channelPath}$`), 403);
    bot.now = new Date('2027-04-06T07:00:30Z'); // 09:00 in Stockholm, a week before
    expect(await bot.bot.scheduler.tick()).toContain(`meeting-reminder:${meetingId}:2027-04-13:7`);
    await bot.delivered();
    bot.connector.stopRefusing();
    const editor = cardOf(await bot.execute(coordinator, 'meetings.edit', { programmeId, meetingId }));
    expect(cardText(editor)).toContain(
      'Meddelanden jag skickat härifrån nådde inte fram till: kanalen eller chatten för MIK & ungas medievärldar.',
    );
  });
});

describe('outputs, while Teams fails', () => {
  const jobSchema = z.object({ status: z.string(), delivered: z.number().optional(), undelivered: z.number() });

  it('reminds the channel and each member once when Teams is back, and names who was not reached on the overview', async () => {
    const blocked = members[0]!; // has blocked the bot
    bot.connector.refuse(new RegExp(`^/v3/conversations/a:personal-${blocked.id}/`), 403);
    bot.connector.setFaultRate(1);
    bot.now = new Date('2027-08-18T07:05:00Z'); // 14 days before the outputs are due
    const before = bot.connector.calls.length;
    const ran = await bot.bot.scheduler.tick();
    expect(ran.filter((key) => key.startsWith('output-reminder')).sort()).toEqual([
      `output-reminder:${programmeId}:${digital}:video-1:14`,
      `output-reminder:${programmeId}:${mik}:kitPlan-1:14`,
    ]);
    const digitalJob = `output-reminder:${programmeId}:${digital}:video-1:14`;
    const job = () => bot.bot.storage.containers.jobs.read(jobSchema.partial(), digitalJob, digitalJob);
    expect((await job())?.status).toBe('delivering');
    bot.connector.setFaultRate(0);
    await bot.delivered();
    const reminders = since(before).filter((call) => String(call.body?.text).startsWith('Påminnelse: ”'));
    expect(reminders.filter((call) => call.path === channelPath)).toHaveLength(1);
    const personal = reminders.filter((call) => call.path.includes('a:personal-'));
    expect(personal).toHaveLength(7); // the digital group has no channel: its members 1:1, all but the one blocked
    expect(new Set(personal.map((call) => call.path)).size).toBe(7);
    await expect.poll(async () => (await job())?.status).toBe('done');
    expect(await job()).toMatchObject({ delivered: 7, undelivered: 1 });
    const overview = cardOf(await bot.execute(coordinator, 'outputs.overview', { programmeId }));
    expect(cardText(overview)).toContain(`Meddelanden jag skickat härifrån nådde inte fram till: ${blocked.name}.`);
  });

  it('tells the group of a review once when Teams is back, and the reviewer 1:1 when it never arrives', async () => {
    const ref = { programmeId, groupId: mik, outputId: 'kitPlan-1' };
    await bot.execute(members[1]!, 'outputs.kitPlanSubmit', smallKitPlanForm(ref));
    const etag = async () => (await bot.outputStore().outputs.get(programmeId, mik, 'kitPlan-1'))!._etag;
    bot.connector.setFaultRate(1);
    let before = bot.connector.calls.length;
    const { reply, ms } = await timed(async () =>
      bot.execute(coordinator, 'outputs.approve', { ...ref, etag: await etag(), comment: '' }),
    );
    expect(ms).toBeLessThan(3_000);
    expect(cardText(cardOf(reply))).toContain('Godkänt. Gruppen får veta det i sin kanal; meddelandet är på väg.');
    bot.connector.setFaultRate(0);
    await bot.delivered();
    const notices = since(before).filter((call) => call.method === 'POST' && call.path === channelPath);
    expect(notices.map((call) => call.body.text)).toEqual([
      '✅ Karin Samordnare har godkänt ”Plan för ett regionalt bokningsbart MIK-kit”.',
    ]);

    bot.connector.hold();
    before = bot.connector.calls.length;
    const reopened = await bot.execute(coordinator, 'outputs.reopen', {
      ...ref,
      etag: await etag(),
      comment: 'Budget?',
    });
    expect(textOf(reopened)).toBe('');
    bot.connector.refuse(new RegExp(`^${channelPath}$`), 403);
    await bot.connector.release();
    await bot.delivered();
    expect(toldCoordinator(before)).toEqual([
      'Beskedet om ”Plan för ett regionalt bokningsbart MIK-kit” för MIK & ungas medievärldar gick inte fram: jag nådde inte kanalen eller chatten för MIK & ungas medievärldar.',
    ]);
  });
});
