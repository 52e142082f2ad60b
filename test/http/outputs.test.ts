import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotHarness, cardText, textOf, type TestPerson } from '../support/bot-harness.js';
import { validCard } from '../support/adaptive-cards.js';
import { assembledFocusGroup, coordinator, groupChannel, members, giveRole } from '../support/focus-group.js';

/** The kit plan from the first draft to approval, over HTTP, with everything that must be refused on the way. */

const staff: TestPerson = { id: 's0000000-0000-0000-0000-000000000003', name: 'Sara Regional' };
const outsider: TestPerson = { id: 'f0000000-0000-0000-0000-000000000009', name: 'Olle Utanför' };
const [anna, bertil, cecilia, david] = members as [TestPerson, TestPerson, TestPerson, TestPerson];

let bot: BotHarness;
let programmeId: string;
let mik: string;
const outputId = 'kitPlan-1';

beforeAll(async () => {
  bot = await BotHarness.start({ seedCoordinators: [coordinator] });
  ({ programmeId, mik } = await assembledFocusGroup(bot));
  await giveRole(bot, programmeId, staff, 'regionalStaff');
  bot.now = new Date('2027-08-10T08:00:00Z');
});
afterAll(async () => bot?.stop());

const ref = () => ({ programmeId, groupId: mik, outputId });
const stored = () => bot.outputStore().outputs.get(programmeId, mik, outputId);
const snapshot = async () => JSON.stringify(await stored());

/** The card of an answer, checked the way a Teams client would parse it. */

/** The data every button of a card sends (the form's hidden data), by verb. */
function actionData(card: any, verb: string): Record<string, string> {
  let found: any;
  const walk = (node: any) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    if (node.type === 'Action.Execute' && node.verb === verb) found ??= node;
    Object.entries(node).forEach(([key, value]) => key !== 'fallback' && walk(value));
  };
  walk(card);
  expect(found, `a ${verb} button`).toBeDefined();
  return found.data;
}

function verbsOf(card: any): string[] {
  const verbs: string[] = [];
  const walk = (node: any) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    if (node.type === 'Action.Execute') verbs.push(node.verb);
    Object.entries(node).forEach(([key, value]) => key !== 'fallback' && walk(value));
  };
  walk(card);
  return verbs;
}

/** The text under an input: its error, if the card shows one. */
function errorUnder(card: any, inputId: string): string | undefined {
  let result: string | undefined;
  const walk = (node: any) => {
    if (Array.isArray(node)) {
      const at = node.findIndex((element) => element?.id === inputId);
      if (at >= 0) {
        const next = node[at + 1];
        result = next?.type === 'TextBlock' && next.color === 'Attention' ? next.text : undefined;
        return;
      }
      return node.forEach(walk);
    }
    if (!node || typeof node !== 'object') return;
    Object.values(node).forEach(walk);
  };
  walk(card);
  return result;
}

const completePlan = {
  name: 'MIK-lådan',
  purpose: 'Ett bokningsbart kit för att öva källkritik och medieproduktion.',
  targetGroups: '10–15 år, lärare och bibliotekarier',
  item1Name: 'Surfplatta',
  item1Description: 'Med appar för filmredigering',
  item1Quantity: '6',
  item1UnitPrice: '3 490',
  item1Supplier: 'https://www.example.se/surfplatta',
  item2Name: '',
  item2Quantity: '',
  item2UnitPrice: '',
  item3Name: 'Green screen',
  item3Quantity: '1',
  item3UnitPrice: '899,50',
  item3Supplier: 'Fotobutiken',
  loanPeriod: '4 veckor',
  whoMayBook: 'Folk- och skolbibliotek i Jämtlands län',
  pickupAndReturn: 'Skickas med transporten, lämnas tillbaka till Regionbiblioteket',
  maintainedBy: 'Regionbiblioteket Jämtland Härjedalen',
};

describe('members see their outputs', () => {
  it("lists every output of the member's groups in personal chat, and the group's in its channel", async () => {
    const mine = validCard(await bot.say(anna, 'resultat'));
    expect(cardText(mine)).toContain('Dina gruppers resultat');
    expect(cardText(mine)).toContain('Plan för ett regionalt bokningsbart MIK-kit');
    expect(cardText(mine)).toContain('Videorapport från studiebesök (3 minuter)');
    expect(cardText(mine)).toContain('MIK & ungas medievärldar · Kitplan · klart senast 1 september 2027');
    expect(cardText(mine)).toContain('Inte påbörjat');
    const inChannel = validCard(await bot.say(anna, 'resultat', { conversation: groupChannel }));
    expect(cardText(inChannel)).toContain('Resultat för MIK & ungas medievärldar');
    expect(cardText(inChannel)).not.toContain('Videorapport');
    const english = validCard(await bot.say(anna, 'outputs', { locale: 'en-US' }));
    expect(cardText(english)).toContain("Your groups' outputs");
    expect(cardText(english)).toContain('MIK & ungas medievärldar · Kit plan · due 1 September 2027');
  });

  it("shows nobody else a group's output", async () => {
    expect(textOf(await bot.execute(outsider, 'outputs.view', ref()))).toBe(
      'Resultaten för MIK & ungas medievärldar visas bara för gruppens medlemmar, regional personal och samordnare.',
    );
    expect(textOf(await bot.say(outsider, 'resultat'))).toBe(
      'Du är inte med i någon grupp ännu. Skriv ”anmäl” för att gå med i en.',
    );
    expect(textOf(await bot.execute(outsider, 'outputs.kitPlanForm', ref()))).toMatch(/^Resultaten för MIK/);
  });
});

describe('a kit plan from draft to approval', () => {
  it('opens an empty form with rows for items and no version yet', async () => {
    const card = validCard(await bot.execute(anna, 'outputs.kitPlanForm', ref()));
    expect(cardText(card)).toContain('Kitplan: Plan för ett regionalt bokningsbart MIK-kit');
    expect(actionData(card, 'outputs.kitPlanSave')).toMatchObject({ ...ref(), etag: '', rows: '4' });
    expect(JSON.stringify(card)).toContain('"id":"item4UnitPrice"');
    const more = validCard(
      await bot.execute(anna, 'outputs.kitPlanMoreRows', {
        ...ref(),
        etag: '',
        rows: '4',
        name: 'Utkast',
        item2Name: 'Kamera',
      }),
    );
    expect(actionData(more, 'outputs.kitPlanSave').rows).toBe('7');
    expect(JSON.stringify(more)).toContain('"id":"item2Name","label":"Namn, rad 2","value":"Kamera"');
    // Rows stop at twelve, where a full form still fits in a Teams card (about 28 KB).
    const full = validCard(
      await bot.execute(anna, 'outputs.kitPlanMoreRows', { ...ref(), etag: '', rows: '11', ...completePlan }),
    );
    expect(actionData(full, 'outputs.kitPlanSave').rows).toBe('12');
    expect(JSON.stringify(full).length).toBeLessThan(28_000);
  });

  it('refuses bad values with an error next to each field, keeps what was typed, and saves nothing', async () => {
    const before = await snapshot();
    const reply = await bot.execute(anna, 'outputs.kitPlanSave', {
      ...ref(),
      etag: '',
      rows: '4',
      name: '',
      item1Name: 'Surfplatta',
      item1Quantity: '0',
      item1UnitPrice: 'gratis',
      item2Name: '',
      item2Description: 'Något utan namn',
      item2Quantity: '1,5',
      item2UnitPrice: '-100',
    });
    const card = validCard(reply);
    expect(cardText(card)).toContain('Kontrollera de markerade fälten. Ingenting har sparats.');
    expect(errorUnder(card, 'name')).toBe('Fyll i det här fältet.');
    expect(errorUnder(card, 'item1Quantity')).toBe('Skriv antalet som ett heltal, 1 eller mer.');
    expect(errorUnder(card, 'item1UnitPrice')).toMatch(/^Skriv ett pris i kronor, 0 eller mer/);
    expect(errorUnder(card, 'item2Name')).toBe('Fyll i det här fältet.');
    expect(errorUnder(card, 'item2Quantity')).toBe('Skriv antalet som ett heltal, 1 eller mer.');
    expect(errorUnder(card, 'item2UnitPrice')).toMatch(/^Skriv ett pris/);
    expect(errorUnder(card, 'purpose')).toBeUndefined(); // a draft may leave it empty
    expect(JSON.stringify(card)).toContain('"id":"item1UnitPrice","label":"À-pris (kr), rad 1","value":"gratis"');
    expect(await snapshot()).toBe(before);
    expect(await stored()).toBeUndefined();

    const english = validCard(
      await bot.execute(
        anna,
        'outputs.kitPlanSave',
        { ...ref(), etag: '', rows: '4', name: '', item1Name: 'x', item1Quantity: 'two' },
        { locale: 'en-US' },
      ),
    );
    expect(errorUnder(english, 'item1Quantity')).toBe('Write the quantity as a whole number, 1 or more.');
    expect(cardText(english)).toContain('Check the marked fields. Nothing has been saved.');
  });

  let version = '';

  it('saves a draft that the next member continues from', async () => {
    const card = validCard(
      await bot.execute(anna, 'outputs.kitPlanSave', {
        ...ref(),
        etag: '',
        rows: '4',
        name: 'MIK-lådan',
        item1Name: 'Surfplatta',
        item1Quantity: '6',
      }),
    );
    expect(cardText(card)).toContain('Utkastet är sparat.');
    expect(cardText(card)).toContain('Total kostnad hittills: 0,00\u00a0kr');
    const saved = (await stored())!;
    expect(saved).toMatchObject({
      status: 'draft',
      updatedBy: anna,
      kitPlan: { name: 'MIK-lådan', items: [{ name: 'Surfplatta', quantity: 6 }] },
    });
    version = saved._etag;
    expect(actionData(card, 'outputs.kitPlanSave').etag).toBe(version);

    const bertilsForm = validCard(await bot.execute(bertil, 'outputs.kitPlanForm', ref()));
    expect(JSON.stringify(bertilsForm)).toContain('"id":"item1Quantity","label":"Antal, rad 1","value":"6"');
    expect(actionData(bertilsForm, 'outputs.kitPlanSave').etag).toBe(version);
  });

  it('lets only one of two members saving at once win, and tells the other with the latest version', async () => {
    const [fromBertil, fromCecilia] = await Promise.all([
      bot.execute(bertil, 'outputs.kitPlanSave', {
        ...ref(),
        etag: version,
        rows: '4',
        name: 'MIK-lådan',
        item1Name: 'Surfplatta',
        item1Quantity: '6',
        item1UnitPrice: '3490',
      }),
      bot.execute(cecilia, 'outputs.kitPlanSave', {
        ...ref(),
        etag: version,
        rows: '4',
        name: 'Källkritikslådan',
        item1Name: 'VR-glasögon',
        item1Quantity: '2',
      }),
    ]);
    const texts = [cardText(validCard(fromBertil)), cardText(validCard(fromCecilia))];
    const winner = texts[0]!.includes('Utkastet är sparat.') ? bertil : cecilia;
    const loser = winner === bertil ? cecilia : bertil;
    const loserText = texts[winner === bertil ? 1 : 0]!;
    expect(texts.filter((text) => text.includes('Utkastet är sparat.'))).toHaveLength(1);
    expect(loserText).toContain(
      `${winner.name} sparade en ny version medan du hade kortet öppet, så ingenting av det du skickade har sparats. Här är den senaste versionen.`,
    );
    const saved = (await stored())!;
    expect(saved.updatedBy).toEqual(winner);
    expect(saved.kitPlan!.name).toBe(winner === bertil ? 'MIK-lådan' : 'Källkritikslådan');
    expect(saved.history.filter((entry) => entry.by.id === loser.id)).toEqual([]);
    // The loser's card is the latest version, so saving from it now works.
    const loserCard = validCard(winner === bertil ? fromCecilia : fromBertil);
    expect(actionData(loserCard, 'outputs.kitPlanSave').etag).toBe(saved._etag);
    version = saved._etag;
  });

  it('refuses a save from a form opened before someone else saved, in English too', async () => {
    const before = await snapshot();
    const reply = await bot.execute(
      david,
      'outputs.kitPlanSave',
      { ...ref(), etag: '"stale-version"', rows: '4', name: 'Min version' },
      { locale: 'en-US' },
    );
    expect(cardText(validCard(reply))).toMatch(
      /saved a new version while you had the card open, so nothing you sent has been saved\. Here is the latest version\./,
    );
    expect(await snapshot()).toBe(before);
  });

  it('will not submit an incomplete plan, showing what is missing', async () => {
    const before = await snapshot();
    const card = validCard(
      await bot.execute(anna, 'outputs.kitPlanSubmit', {
        ...ref(),
        etag: version,
        rows: '4',
        name: 'MIK-lådan',
        item1Name: 'Surfplatta',
        item1Quantity: '6',
      }),
    );
    expect(cardText(card)).toContain('Kontrollera de markerade fälten. Ingenting har sparats.');
    expect(errorUnder(card, 'purpose')).toBe('Fyll i det här fältet.');
    expect(errorUnder(card, 'maintainedBy')).toBe('Fyll i det här fältet.');
    expect(errorUnder(card, 'item1UnitPrice')).toBe('Fyll i det här fältet.');
    expect(await snapshot()).toBe(before);
  });

  it('submits a complete plan with its total, and then holds it for review', async () => {
    const card = validCard(
      await bot.execute(anna, 'outputs.kitPlanSubmit', { ...ref(), etag: version, rows: '4', ...completePlan }),
    );
    const text = cardText(card);
    expect(text).toContain('Inskickat! Regional personal granskar det nu.');
    expect(text).toContain('Inskickat, väntar på granskning');
    expect(text).toContain('Total kostnad: 21\u00a0839,50\u00a0kr');
    expect(text).toContain('Folk- och skolbibliotek i Jämtlands län');
    expect(verbsOf(card)).not.toContain('outputs.kitPlanForm');
    const saved = (await stored())!;
    expect(saved).toMatchObject({ status: 'submitted', submittedBy: anna, submittedAt: bot.now.toISOString() });
    expect(saved.kitPlan!.items).toHaveLength(2);
    version = saved._etag;

    const before = await snapshot();
    expect(textOf(await bot.execute(bertil, 'outputs.kitPlanForm', ref()))).toBe(
      'Resultatet är inskickat och väntar på granskning, så det kan inte ändras nu. Ingenting har ändrats.',
    );
    expect(
      textOf(
        await bot.execute(bertil, 'outputs.kitPlanSave', {
          ...ref(),
          etag: version,
          rows: '4',
          ...completePlan,
          name: 'Ändrad',
        }),
      ),
    ).toMatch(/^Resultatet är inskickat/);
    expect(await snapshot()).toBe(before);
  });

  it('lets only regional staff and coordinators review', async () => {
    const before = await snapshot();
    const memberView = validCard(await bot.execute(anna, 'outputs.view', ref()));
    expect(verbsOf(memberView)).not.toContain('outputs.approve');
    expect(textOf(await bot.execute(anna, 'outputs.approve', { ...ref(), etag: version }))).toBe(
      'Det kan bara regional personal och samordnare för Fokusgrupper digitalt först 2027 göra. Ingenting har ändrats.',
    );
    expect(textOf(await bot.execute(outsider, 'outputs.return', { ...ref(), etag: version, comment: 'Nej' }))).toMatch(
      /^Resultaten för MIK/,
    );
    expect(
      textOf(
        await bot.execute(anna, 'outputs.return', { ...ref(), etag: version, comment: 'Nej' }, { locale: 'en-US' }),
      ),
    ).toBe(
      'Only regional staff and coordinators of Fokusgrupper digitalt först 2027 can do that. Nothing has changed.',
    );
    expect(await snapshot()).toBe(before);
    const staffView = validCard(await bot.execute(staff, 'outputs.view', ref()));
    expect(verbsOf(staffView)).toEqual(['outputs.approve', 'outputs.return']);
    expect(actionData(staffView, 'outputs.approve').etag).toBe(version);
  });

  it('returns the plan with a comment, telling the group in its channel', async () => {
    const before = await snapshot();
    expect(textOf(await bot.execute(staff, 'outputs.return', { ...ref(), etag: version, comment: '  ' }))).toBe(
      'Skriv en kommentar till gruppen om vad som behöver ändras. Ingenting har ändrats.',
    );
    expect(await snapshot()).toBe(before);
    const calls = bot.connector.calls.length;
    const card = validCard(
      await bot.execute(staff, 'outputs.return', {
        ...ref(),
        etag: version,
        comment: 'Lägg till laddare till surfplattorna.',
      }),
    );
    expect(cardText(card)).toContain('Skickat tillbaka med din kommentar. Gruppen har fått veta det i sin kanal.');
    expect(cardText(card)).toContain('Tillbaka med kommentarer');
    const told = bot.connector.calls
      .slice(calls)
      .find((c) => c.path === `/v3/conversations/${groupChannel.id}/activities`);
    expect(told?.body.text).toBe(
      '↩️ Sara Regional har skickat tillbaka ”Plan för ett regionalt bokningsbart MIK-kit” med kommentarer: Lägg till laddare till surfplattorna. Skriv ”resultat” till mig för att arbeta vidare.',
    );
    expect((await stored())!).toMatchObject({
      status: 'returned',
      reviewComment: 'Lägg till laddare till surfplattorna.',
      reviewedBy: staff,
    });
    const list = validCard(await bot.say(bertil, 'resultat', { conversation: groupChannel }));
    expect(cardText(list)).toContain('Kommentar från Sara Regional: Lägg till laddare till surfplattorna.');
  });

  it('lets the group change and resubmit it, and refuses a review of the version the reviewer did not see', async () => {
    const old = (await stored())!._etag;
    const form = validCard(await bot.execute(bertil, 'outputs.kitPlanForm', ref()));
    const { etag } = actionData(form, 'outputs.kitPlanSave');
    const card = validCard(
      await bot.execute(bertil, 'outputs.kitPlanSubmit', {
        ...ref(),
        etag,
        rows: '4',
        ...completePlan,
        item2Name: 'Laddare',
        item2Quantity: '6',
        item2UnitPrice: '249',
      }),
    );
    expect(cardText(card)).toContain('Total kostnad: 23\u00a0333,50\u00a0kr');
    expect((await stored())!).toMatchObject({ status: 'submitted', submittedBy: bertil });
    const before = await snapshot();
    const stale = validCard(await bot.execute(staff, 'outputs.approve', { ...ref(), etag: old, comment: '' }));
    expect(cardText(stale)).toContain('Bibliotekarie Bräcke sparade en ny version medan du hade kortet öppet');
    expect(await snapshot()).toBe(before);
    version = (await stored())!._etag;
  });

  it('is approved by a coordinator, and nobody edits it after that', async () => {
    const calls = bot.connector.calls.length;
    const card = validCard(
      await bot.execute(
        coordinator,
        'outputs.approve',
        { ...ref(), etag: version, comment: 'Snyggt!' },
        { locale: 'en-US' },
      ),
    );
    expect(cardText(card)).toContain('Approved. The group has been told in its channel.');
    expect(cardText(card)).toContain('Total cost: SEK\u00a023,333.50');
    const told = bot.connector.calls
      .slice(calls)
      .find((c) => c.path === `/v3/conversations/${groupChannel.id}/activities`);
    expect(told?.body.text).toBe(
      '✅ Karin Samordnare har godkänt ”Plan för ett regionalt bokningsbart MIK-kit”. Kommentar: Snyggt!',
    );
    const saved = (await stored())!;
    expect(saved).toMatchObject({ status: 'approved', reviewedBy: coordinator });
    expect(saved.history.map((entry) => `${entry.by.name}: ${entry.from}→${entry.to}`)).toEqual([
      'Bibliotekarie Ragunda: notStarted→draft',
      `${saved.history[1]!.by.name}: draft→draft`,
      'Bibliotekarie Ragunda: draft→submitted',
      'Sara Regional: submitted→returned',
      'Bibliotekarie Bräcke: returned→submitted',
      'Karin Samordnare: submitted→approved',
    ]);
    const before = await snapshot();
    expect(textOf(await bot.execute(anna, 'outputs.kitPlanForm', ref()))).toBe(
      'Resultatet är godkänt och kan inte ändras längre. Be regional personal öppna det igen om något behöver ändras.',
    );
    expect(textOf(await bot.execute(anna, 'outputs.submit', { ...ref(), etag: saved._etag }))).toMatch(
      /^Resultatet är godkänt/,
    );
    expect(textOf(await bot.execute(staff, 'outputs.approve', { ...ref(), etag: saved._etag }))).toMatch(
      /^Resultatet är godkänt/,
    );
    expect(await snapshot()).toBe(before);
    const staffView = validCard(await bot.execute(staff, 'outputs.view', ref()));
    expect(verbsOf(staffView)).toEqual(['kit.createForm', 'outputs.reopen']);
  });

  it('can be reopened by staff with a comment, and submitted again from the output card', async () => {
    const saved = (await stored())!;
    const reopened = validCard(
      await bot.execute(staff, 'outputs.reopen', {
        ...ref(),
        etag: saved._etag,
        comment: 'Leverantören finns inte längre.',
      }),
    );
    expect(cardText(reopened)).toContain('Öppnat igen med din kommentar.');
    const memberView = validCard(await bot.execute(anna, 'outputs.view', ref()));
    expect(verbsOf(memberView)).toEqual(['outputs.kitPlanForm', 'outputs.submit']);
    const resubmitted = validCard(
      await bot.execute(anna, 'outputs.submit', { ...ref(), etag: actionData(memberView, 'outputs.submit').etag }),
    );
    expect(cardText(resubmitted)).toContain('Inskickat!');
    expect((await stored())!.status).toBe('submitted');
  });
});
