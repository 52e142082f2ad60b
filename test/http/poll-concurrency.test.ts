import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp } from '../../src/features/membership/domain.js';
import { BotHarness, cardOf, type TestPerson } from '../support/bot-harness.js';
import { assembledFocusGroup, coordinator, JAMTLAND } from '../support/focus-group.js';

const VOTERS = 350;

let bot: BotHarness;
let programmeId: string;
let mik: string;

/** A regional conference's worth of members, signed up straight into the store: this test is about voting. */
async function seedMembers(count: number): Promise<TestPerson[]> {
  const { programmes, memberships } = bot.storage();
  const programme = (await programmes.get(programmeId))!;
  const people = Array.from({ length: count }, (_, n) => ({
    id: `voter-${String(n).padStart(4, '0')}`,
    name: `Röstare ${n}`,
  }));
  for (let start = 0; start < people.length; start += 50) {
    await Promise.all(
      people.slice(start, start + 50).map((person, offset) => {
        const input = {
          programmeId,
          groupIds: [mik],
          municipalityCode: JAMTLAND[(start + offset) % JAMTLAND.length]![0],
          preferredChannel: 'teams',
          otherChannel: '',
          roleOrLibrary: '',
        };
        return memberships.save(programmeId, person.id, (current) =>
          signUp(programme, current, person, input, bot.now),
        );
      }),
    );
  }
  return people;
}

beforeAll(async () => {
  bot = await BotHarness.start({ seedCoordinators: [coordinator] });
  ({ programmeId, mik } = await assembledFocusGroup(bot));
});
afterAll(async () => bot?.stop());

describe(`${VOTERS} members voting at once`, () => {
  it('are all counted exactly once, with exact tallies', async () => {
    const voters = await seedMembers(VOTERS);
    const created = cardOf(
      await bot.execute(coordinator, 'polls.create', {
        programmeId,
        groupId: mik,
        question: 'Vilken dag passar för regionträffen?',
        kind: 'date',
        days: '2027-04-13/fullDay,2027-04-14/fullDay',
        showResults: 'true',
        deadlineDate: '2027-03-01',
        deadlineHour: '12',
      }),
    );
    const pollId: string = created.refresh.action.data.pollId;
    const ballot = (n: number) => ({
      answer_d1: n % 3 === 0 ? 'yes' : 'no',
      answer_d2: n % 2 === 0 ? 'ifNeedBe' : 'yes',
    });

    const replies = await Promise.all(
      voters.map((voter, n) => bot.execute(voter, 'polls.vote', { pollId, ...ballot(n) })),
    );

    expect(replies.filter((reply) => reply.status === 200 && cardOf(reply))).toHaveLength(VOTERS);
    const votes = await bot.pollStore().polls.listVotes(pollId);
    expect(votes).toHaveLength(VOTERS);
    expect(new Set(votes.map((vote) => vote.voter!.id)).size).toBe(VOTERS);
    const count = (option: string, answer: string) => votes.filter((vote) => vote.answers[option] === answer).length;
    const expectedYesD1 = voters.filter((_, n) => n % 3 === 0).length;
    expect([count('d1', 'yes'), count('d1', 'no')]).toEqual([expectedYesD1, VOTERS - expectedYesD1]);
    expect([count('d2', 'ifNeedBe'), count('d2', 'yes')]).toEqual([VOTERS / 2, VOTERS / 2]);
  });
});
