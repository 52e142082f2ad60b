import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod/v4';
import { BotHarness, cardOf, cardText } from '../support/bot-harness.js';
import { assembledFocusGroup, coordinator, groupChannel, members } from '../support/focus-group.js';

/** The findings of issue 10 about sending: nothing the bot sends on its own is lost, doubled or slow to answer. */
let bot: BotHarness;
let programmeId: string;
let mik: string;

beforeAll(async () => {
  bot = await BotHarness.start({ seedCoordinators: [coordinator] });
  ({ programmeId, mik } = await assembledFocusGroup(bot));
});
afterAll(async () => bot?.stop());

async function createPoll(question: string, deadlineDate = '2027-03-01'): Promise<string> {
  bot.now = new Date('2027-02-15T09:00:00Z');
  const created = cardOf(
    await bot.execute(coordinator, 'polls.create', {
      programmeId,
      groupId: mik,
      question,
      kind: 'date',
      days: '2027-04-13/fullDay,2027-04-14/fullDay',
      showResults: 'true',
      anonymous: 'false',
      deadlineDate,
      deadlineHour: '12',
    }),
  );
  await bot.delivered();
  return created.refresh.action.data.pollId;
}

const jobSchema = z.object({ status: z.string(), delivered: z.number().optional() });
const job = (key: string) => bot.bot.storage.containers.jobs.read(jobSchema, key, key);
const texts = (from: number) => bot.connector.calls.slice(from).map((call) => call.body?.text ?? '');

describe('sending on its own, through the outbox', () => {
  it('announces a deadline and freezes the card although the connector failed at first; the job waits for them', async () => {
    const pollId = await createPoll('Trots avbrott?');
    bot.now = new Date('2027-03-01T11:00:30Z'); // 12:00:30 Swedish time
    const before = bot.connector.calls.length;
    bot.connector.failNext(6, 503); // Teams is having a bad minute
    await bot.bot.scheduler.tick();
    expect((await job(`poll-close:${pollId}`))?.status).toMatch(/^(delivering|done)$/);
    await bot.delivered();

    expect(texts(before).filter((text) => text.includes('”Trots avbrott?” är stängd'))).toHaveLength(1);
    const puts = bot.connector.calls.slice(before).filter((call) => call.method === 'PUT');
    expect(puts).toHaveLength(1);
    expect(cardText(puts[0]!.body.attachments[0].content)).toContain('Resultat: Trots avbrott?');
    await expect.poll(async () => (await job(`poll-close:${pollId}`))?.status, { timeout: 10_000 }).toBe('done');
    expect(await job(`poll-close:${pollId}`)).toMatchObject({ delivered: 2 });
  });

  it('answers "remind" at once with the connector down, then tells the coordinator who was not reached', async () => {
    const pollId = await createPoll('Nås alla?', '2027-03-20');
    const blocked = members[0]!; // has blocked the bot: every message to them is refused
    bot.connector.refuse(new RegExp(`^/v3/conversations/a:personal-${blocked.id}/`), 403);
    bot.connector.setFaultRate(1); // and the connector fails everything for now
    const before = bot.connector.calls.length;

    const started = performance.now();
    const answer = await bot.execute(coordinator, 'polls.remind', { pollId });
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(cardText(cardOf(answer))).toContain('Påminnelser skickas nu till 8.');

    bot.connector.setFaultRate(0);
    await bot.delivered();
    const sent = texts(before);
    expect(sent.filter((text) => text.startsWith('Påminnelse: svara gärna på ”Nås alla?”'))).toHaveLength(7);
    expect(sent).toContain(
      `Påminnelserna om ”Nås alla?” gick fram till 7 av 8. De här nådde jag inte: ${blocked.name}.`,
    );
    const report = await bot.bot.outbox.report(`poll:${pollId}`);
    expect(report.failed).toEqual([
      expect.objectContaining({ recipient: { personId: blocked.id, name: blocked.name }, status: 403 }),
    ]);
    expect(groupChannel.id).toBeTruthy();
  });
});
