import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotHarness, cardOf, cardText, type TestPerson } from '../support/bot-harness.js';
import { assembledFocusGroup, coordinator, groupChannel, members, datePollForm } from '../support/focus-group.js';

/**
 * The vote path is exactly-once without a processed-activity record (two more Cosmos operations per vote): the vote
 * remembers the clicks that set it and is written over the version last seen, by ETag (polls/vote-once.ts).
 */
let bot: BotHarness;
let programmeId: string;
let mik: string;
const [ragunda, bracke] = members as [TestPerson, TestPerson];

beforeAll(async () => {
  bot = await BotHarness.start({ seedCoordinators: [coordinator] });
  ({ programmeId, mik } = await assembledFocusGroup(bot));
});
afterAll(async () => bot?.stop());

async function newPoll(): Promise<string> {
  const created = await bot.execute(coordinator, 'polls.create', datePollForm(programmeId, mik, 'Vilken dag passar?'), {
    conversation: groupChannel,
  });
  return cardOf(created).refresh.action.data.pollId;
}

const vote = (person: TestPerson, pollId: string, d1: string, d2: string) =>
  bot.execute(person, 'polls.vote', { pollId, seen: 0, answer_d1: d1, answer_d2: d2 }, { conversation: groupChannel });

const answersOf = async (pollId: string, person: TestPerson) =>
  (await bot.pollStore().polls.listVotes(pollId)).find((stored) => stored.voter?.id === person.id)?.answers;

describe('a vote delivered twice', () => {
  it('is one write the first time and none the second, with the same answer', async () => {
    const pollId = await newPoll();
    await vote(bracke, pollId, 'no', 'no'); // the shared read of the poll's votes is warm, as in a room voting
    bot.bot.storage.meter.reset();
    const first = await vote(ragunda, pollId, 'yes', 'no');
    const writes = bot.bot.storage.meter.total;
    const again = await bot.post(first.request);
    expect(cardText(cardOf(again))).toBe(cardText(cardOf(first)));
    expect(await answersOf(pollId, ragunda)).toEqual({ d1: 'yes', d2: 'no' });
    expect((await bot.pollStore().polls.listVotes(pollId)).length).toBe(2);
    expect(writes, 'Cosmos operations of the first delivery').toBe(1);
  });

  it('never undoes a newer answer given in between', async () => {
    const pollId = await newPoll();
    const yes = await vote(ragunda, pollId, 'yes', 'yes');
    await vote(ragunda, pollId, 'no', 'ifNeedBe');
    await bot.post(yes.request); // Teams delivers the first click again, late
    expect(await answersOf(pollId, ragunda)).toEqual({ d1: 'no', d2: 'ifNeedBe' });
  });

  it('from another instance, which has not seen the vote, still changes nothing', async () => {
    const pollId = await newPoll();
    const other = await BotHarness.startBeside(bot);
    try {
      const first = await vote(ragunda, pollId, 'ifNeedBe', 'yes');
      await vote(ragunda, pollId, 'no', 'no');
      await other.post(first.request);
      expect(await answersOf(pollId, ragunda)).toEqual({ d1: 'no', d2: 'no' });
    } finally {
      await other.stop();
    }
  });
});
