import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotHarness, cardOf, cardText, postedCard, textOf, type TestPerson } from '../support/bot-harness.js';
import { cardProblems } from '../support/adaptive-cards.js';

const coordinator: TestPerson = { id: 'c0000000-0000-0000-0000-000000000001', name: 'Karin Samordnare' };
const anna: TestPerson = { id: 'a0000000-0000-0000-0000-000000000001', name: 'Anna Berg' };

let bot: BotHarness;
beforeAll(async () => {
  bot = await BotHarness.start({ seedCoordinators: [coordinator] });
});
afterAll(async () => bot?.stop());

async function exampleProgramme() {
  const [programme] = await bot.storage().programmes.list();
  return programme!;
}

describe('sign-up in personal chat', () => {
  it('answers "anmäl" with a valid sign-up card for the example programme', async () => {
    const reply = await bot.say(anna, 'anmäl');
    expect(reply.status).toBe(200);
    const card = postedCard(reply);
    expect(cardProblems(card)).toEqual([]);
    expect(cardText(card)).toContain('Fokusgrupper digitalt först');
    expect(cardText(card)).toContain('MIK & ungas medievärldar');
    expect(cardText(card)).toContain('Berg');
  });
});
