import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotHarness, cardOf, type TestPerson } from '../support/bot-harness.js';
import { markupIn, renderMarkdown } from '../support/hostile-text.js';

/**
 * Finding: a member's free-text role/library (and display name) was shown unescaped in the member list:
 * `[Klicka](https://evil.example/login)` arrived as a clickable link for coordinators. Through the real bot now.
 */
const coordinator: TestPerson = { id: 'c0000000-0000-0000-0000-000000000001', name: 'Karin Samordnare' };
const LINK = '[Klicka](https://evil.example/login)';
const member: TestPerson = { id: 'a0000000-0000-0000-0000-000000000002', name: '**Anna** <at>Alla</at>' };

let bot: BotHarness;
let programmeId: string;
let groupId: string;

beforeAll(async () => {
  bot = await BotHarness.start({ seedCoordinators: [coordinator] });
  const [programme] = await bot.storage().programmes.list();
  programmeId = programme!.programmeId;
  groupId = programme!.groups[0]!.id;
});
afterAll(async () => bot?.stop());

/** Every fact (municipality: members) of the member list, as a markdown client renders it. */
function memberFacts(card: any) {
  const facts = (card.body as any[]).find((element) => element.type === 'FactSet').facts as { value: string }[];
  return facts.map((fact) => renderMarkdown(fact.value));
}

describe('what members typed, shown to a coordinator', () => {
  it('shows a role/library written as a link, and a name with markup, as text', async () => {
    const signedUp = await bot.execute(member, 'membership.signUp', {
      programmeId,
      groupIds: groupId,
      municipalityCode: '2380',
      preferredChannel: 'teams',
      otherChannel: '',
      roleOrLibrary: LINK,
    });
    expect(signedUp.status).toBe(200);

    const card = cardOf(await bot.execute(coordinator, 'membership.members', { programmeId, groupId }));
    const facts = memberFacts(card);
    expect(facts.flatMap((fact) => markupIn(fact))).toEqual([]);
    expect(facts.flatMap((fact) => fact.links)).toEqual([
      // The address itself may be linked by a client, showing exactly where it leads; "Klicka" is never a link.
      { href: 'https://evil.example/login', text: 'https://evil.example/login' },
    ]);
    expect(facts.map((fact) => fact.visible)).toContain(`**Anna** <at>Alla</at> (${LINK})`);
  });

  it('echoes what it did not understand as text, not markup', async () => {
    const reply = await bot.say(member, `${LINK} **fet** _kursiv_`);
    const text = reply.activities[0].text as string;
    const rendered = renderMarkdown(text);
    expect(markupIn(rendered)).toEqual([]);
    expect(rendered.visible).toContain(`${LINK} **fet** _kursiv_`);
  });
});
