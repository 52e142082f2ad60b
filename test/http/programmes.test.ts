import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BOT,
  BotHarness,
  cardOf,
  cardText,
  postedCard,
  textOf,
  type BotReply,
  type Conversation,
  type TestPerson,
} from '../support/bot-harness.js';
import { cardProblems, validCard } from '../support/adaptive-cards.js';

const coordinator: TestPerson = { id: 'c0000000-0000-0000-0000-000000000001', name: 'Karin Samordnare' };
const colleague: TestPerson = { id: 'c0000000-0000-0000-0000-000000000002', name: 'Per Samordnare' };
const staff: TestPerson = { id: 's0000000-0000-0000-0000-000000000003', name: 'Sara Regional' };
const outsider: TestPerson = { id: 'f0000000-0000-0000-0000-000000000009', name: 'Olle Utanför' };

const channel: Conversation = {
  id: '19:abc@thread.tacv2',
  conversationType: 'channel',
  teamId: '19:team@thread.tacv2',
};
const otherChannel: Conversation = {
  id: '19:other@thread.tacv2',
  conversationType: 'channel',
  teamId: '19:team@thread.tacv2',
};

const example2019 = readFileSync(new URL('../../src/features/programmes/IMPORT.md', import.meta.url), 'utf8').match(
  /```json\n([\s\S]*?)```/,
)![1]!;

/** The 2019 example with changes, as JSON text. */
function importJson(change: (data: any) => void = () => {}): string {
  const data = JSON.parse(example2019);
  change(data);
  return JSON.stringify(data);
}

const newProgrammeForm = {
  name: 'Läsfrämjande Västernorrland',
  countyCode: '22',
  municipalityCodes: '',
  signUpDeadline: '2027-04-15',
  presentationDay: '2027-11-05',
  group1Name: 'Unga läsare',
  group1Description: 'Läslust bland tonåringar.',
  group1Output1Kind: 'video',
  group1Output1Title: 'Film om läsning',
  group1Output1DueDate: '2027-10-01',
  group2Name: '',
  group2Description: '',
  group2Output1Kind: '',
  group2Output1Title: '',
  group2Output1DueDate: '',
};

let bot: BotHarness;
let files: Server;
let filesUrl = '';
const served = new Map<string, string>();

beforeAll(async () => {
  bot = await BotHarness.start({ seedCoordinators: [coordinator] });
  // Stands in for SharePoint: Teams gives the bot a download URL for a file sent in chat.
  files = createServer((request, response) => {
    const body = served.get(request.url ?? '');
    response.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/json' });
    response.end(body ?? '');
  });
  await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', () => resolve()));
  filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await bot?.stop();
  files?.closeAllConnections();
  await new Promise((resolve) => files?.close(resolve));
});

const store = () => bot.storage().programmes;
const snapshot = async () => JSON.stringify(await store().list());

async function programmeNamed(name: string) {
  const programme = (await store().list()).find((p) => p.name === name);
  expect(programme, name).toBeDefined();
  return programme!;
}

/** A refusal is a text, and nothing stored changes. */
async function expectRefusedWithoutChange(run: () => Promise<BotReply>, expected: RegExp) {
  const before = await snapshot();
  const reply = await run();
  expect(textOf(reply)).toMatch(expected);
  expect(cardOf(reply)).toBeUndefined();
  expect(await snapshot()).toBe(before);
}

/** The card of an answer, checked the way a Teams client would parse it. */

function actionsOf(card: any): any[] {
  const found: any[] = [];
  const walk = (node: any) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    if (typeof node.type === 'string' && node.type.startsWith('Action.') && node.verb) found.push(node);
    Object.entries(node).forEach(([key, value]) => key !== 'fallback' && walk(value));
  };
  walk(card);
  return found;
}

/** A message carrying a file, as Teams delivers one sent to the bot in personal chat. */
function sendFile(person: TestPerson, downloadUrl: string, name = 'program.json'): Promise<BotReply> {
  return bot.sendFile(person, { downloadUrl, name });
}

describe('the programme list', () => {
  it('shows every programme with its groups and outputs, and buttons by role', async () => {
    const card = validCard(await bot.say(coordinator, 'program'));
    const text = cardText(card);
    expect(text).toContain('Fokusgrupper digitalt först 2027');
    expect(text).toContain('Jämtlands län');
    expect(text).toContain('29 mars 2027');
    expect(text).toContain('17 september 2027');
    expect(text).toContain('Kitplan: Plan för ett regionalt bokningsbart MIK-kit, klart senast 1 september 2027');
    expect(text).toContain('Samordnare');
    expect(actionsOf(card).map((a) => a.verb)).toEqual([
      'membership.signUpForm',
      'membership.coverage',
      'programmes.manage',
    ]);

    const outsiderCard = validCard(await bot.say(outsider, 'programmes'));
    expect(actionsOf(outsiderCard).map((a) => a.verb)).toEqual(['membership.signUpForm']);
  });

  it('in English too', async () => {
    const card = validCard(await bot.say(coordinator, 'programmes', { locale: 'en-US' }));
    expect(cardText(card)).toContain('Sign-up deadline');
    expect(cardText(card)).toContain('29 March 2027');
    expect(actionsOf(card).map((a) => a.title)).toEqual([
      'Sign up for Fokusgrupper digitalt först 2027',
      'Coverage of Fokusgrupper digitalt först 2027',
      'Manage Fokusgrupper digitalt först 2027',
    ]);
  });
});

describe('creating a programme in one form', () => {
  it('offers the form in personal chat, with an import action that skips validation', async () => {
    const card = validCard(await bot.say(coordinator, 'nytt program'));
    expect(cardText(card)).toContain('Nytt program');
    const [create, importAction] = card.actions;
    expect(create.verb).toBe('programmes.create');
    expect(importAction).toMatchObject({
      verb: 'programmes.importForm',
      associatedInputs: 'none',
      title: 'Importera från JSON',
    });
    const counties = card.body.flatMap((e: any) => e.items ?? []).find((e: any) => e.id === 'countyCode');
    expect(counties.choices).toHaveLength(21);
  });

  it('refuses to create in a channel', async () => {
    await expectRefusedWithoutChange(
      () => bot.say(coordinator, 'nytt program', { conversation: channel }),
      /^Nya program skapar du i en personlig chatt/,
    );
  });

  it('creates the programme with its group, and the creator becomes coordinator', async () => {
    const card = validCard(await bot.execute(outsider, 'programmes.create', newProgrammeForm));
    expect(cardText(card)).toContain('Klart! Programmet ”Läsfrämjande Västernorrland” är skapat och du är samordnare.');
    const stored = await programmeNamed('Läsfrämjande Västernorrland');
    expect(stored.coordinators).toEqual([outsider]);
    expect(stored.region.countyCode).toBe('22');
    expect(stored.groups).toEqual([
      {
        id: 'unga-lasare',
        name: 'Unga läsare',
        description: 'Läslust bland tonåringar.',
        outputs: [{ id: 'video-1', kind: 'video', title: 'Film om läsning', dueDate: '2027-10-01' }],
      },
    ]);
  });

  it('refuses the same programme twice (a double click), a bad date naming the field, and an unknown municipality', async () => {
    await expectRefusedWithoutChange(
      () => bot.execute(outsider, 'programmes.create', newProgrammeForm),
      /^Det finns redan ett program som heter ”Läsfrämjande Västernorrland”/,
    );
    await expectRefusedWithoutChange(
      () =>
        bot.execute(outsider, 'programmes.create', { ...newProgrammeForm, name: 'Nytt', signUpDeadline: '2027-02-30' }),
      /^”2027-02-30” är inget giltigt datum för sista anmälningsdag/,
    );
    await expectRefusedWithoutChange(
      () =>
        bot.execute(outsider, 'programmes.create', {
          ...newProgrammeForm,
          name: 'Nytt',
          municipalityCodes: '2303, 9999',
        }),
      /^Kommunkoden 9999 finns inte i SCB:s lista/,
    );
  });
});

describe('editing a programme and its groups', () => {
  let programmeId: string;
  beforeAll(async () => {
    programmeId = (await programmeNamed('Läsfrämjande Västernorrland')).programmeId;
  });

  it('shows the management card to coordinators only', async () => {
    const card = validCard(await bot.execute(outsider, 'programmes.manage', { programmeId }));
    const text = cardText(card);
    expect(text).toContain('Västernorrlands län');
    expect(text).toContain('Inte kopplad ännu');
    expect(text).toContain('Olle Utanför');
    expect(actionsOf(card).map((a) => a.verb)).toEqual([
      'programmes.groupForm',
      'programmes.renewLinks',
      'programmes.removeRole',
      'programmes.editForm',
      'programmes.groupForm',
      'programmes.roleForm',
      'membership.addForm',
    ]);
    await expectRefusedWithoutChange(
      () => bot.execute(coordinator, 'programmes.manage', { programmeId }),
      /^Det kan bara samordnare för Läsfrämjande Västernorrland göra\./,
    );
  });

  it('edits the details in a prefilled form', async () => {
    const form = validCard(await bot.execute(outsider, 'programmes.editForm', { programmeId }));
    expect(JSON.stringify(form)).toContain('"value":"Läsfrämjande Västernorrland"');
    expect(JSON.stringify(form)).toContain('"value":"2027-04-15"');
    const cancel = form.actions.find((a: any) => a.verb === 'programmes.manage');
    expect(cancel.associatedInputs).toBe('none');

    const reply = await bot.execute(outsider, 'programmes.update', {
      programmeId,
      name: 'Läsfrämjande i Sundsvall och Timrå',
      countyCode: '22',
      municipalityCodes: '2281, 2262',
      signUpDeadline: '2027-04-20',
      presentationDay: '2027-11-05',
    });
    expect(cardText(validCard(reply))).toContain('Programmet ”Läsfrämjande i Sundsvall och Timrå” är uppdaterat.');
    expect(cardText(cardOf(reply))).toContain('Sundsvall, Timrå');
    const stored = (await store().get(programmeId))!;
    expect(stored).toMatchObject({
      name: 'Läsfrämjande i Sundsvall och Timrå',
      signUpDeadline: '2027-04-20',
      region: { countyCode: '22', municipalityCodes: ['2281', '2262'] },
    });
  });

  it('adds a group and edits it', async () => {
    const form = validCard(await bot.execute(outsider, 'programmes.groupForm', { programmeId }));
    expect(form.actions[0]).toMatchObject({ verb: 'programmes.saveGroup', data: { programmeId } });

    const added = await bot.execute(outsider, 'programmes.saveGroup', {
      programmeId,
      group1Name: 'Bokprat',
      group1Description: '',
      group1Output1Kind: 'other',
      group1Output1Title: 'Boktips',
      group1Output1DueDate: '2027-09-15',
      group1Output2Kind: '',
      group1Output2Title: '',
      group1Output2DueDate: '',
    });
    expect(cardText(validCard(added))).toContain('Gruppen ”Bokprat” är tillagd.');
    expect((await store().get(programmeId))!.groups.map((g) => g.id)).toEqual(['unga-lasare', 'bokprat']);

    const editForm = validCard(
      await bot.execute(outsider, 'programmes.groupForm', { programmeId, groupId: 'bokprat' }),
    );
    expect(JSON.stringify(editForm)).toContain('"value":"Boktips"');
    const edited = await bot.execute(outsider, 'programmes.saveGroup', {
      programmeId,
      groupId: 'bokprat',
      group1Name: 'Bokprat för vuxna',
      group1Description: 'Samtal om böcker.',
      group1Output1Kind: 'other',
      group1Output1Title: 'Boktips',
      group1Output1DueDate: '2027-09-15',
    });
    expect(cardText(validCard(edited))).toContain('Gruppen ”Bokprat för vuxna” är uppdaterad.');
    expect((await store().get(programmeId))!.groups[1]).toMatchObject({
      id: 'bokprat',
      name: 'Bokprat för vuxna',
      description: 'Samtal om böcker.',
    });
  });

  it('refuses a group without a name and a duplicate name', async () => {
    await expectRefusedWithoutChange(
      () => bot.execute(outsider, 'programmes.saveGroup', { programmeId, group1Name: '' }),
      /^Gruppen behöver ett namn/,
    );
    await expectRefusedWithoutChange(
      () => bot.execute(outsider, 'programmes.saveGroup', { programmeId, group1Name: 'unga läsare' }),
      /^Det finns redan en grupp som heter ”unga läsare”/,
    );
  });

  it('refuses someone who is not a coordinator, in Swedish and English', async () => {
    const details = {
      programmeId,
      name: 'Kapat',
      countyCode: '22',
      municipalityCodes: '',
      signUpDeadline: '2027-04-20',
      presentationDay: '2027-11-05',
    };
    await expectRefusedWithoutChange(
      () => bot.execute(coordinator, 'programmes.update', details),
      /^Det kan bara samordnare/,
    );
    await expectRefusedWithoutChange(
      () =>
        bot.execute(
          coordinator,
          'programmes.addRole',
          { programmeId, personId: coordinator.id, personName: coordinator.name, role: 'coordinator' },
          { locale: 'en-US' },
        ),
      /^Only coordinators of Läsfrämjande i Sundsvall och Timrå can do that\./,
    );
    await expectRefusedWithoutChange(
      () => bot.execute(coordinator, 'programmes.saveGroup', { programmeId, group1Name: 'Kapad' }),
      /^Det kan bara samordnare/,
    );
  });
});

describe('coordinators and regional staff', () => {
  let programmeId: string;
  beforeAll(async () => {
    programmeId = (await programmeNamed('Fokusgrupper digitalt först 2027')).programmeId;
  });

  it('offers a people picker, and no name to type again, in English too', async () => {
    const card = validCard(await bot.execute(coordinator, 'programmes.roleForm', { programmeId }, { locale: 'en-US' }));
    const picker = card.body.find((e: any) => e.id === 'personId');
    expect(picker['choices.data']).toEqual({ type: 'Data.Query', dataset: 'graph.microsoft.com/users' });
    expect(card.body.find((e: any) => e.id === 'personName')).toBeUndefined();
    expect(cardText(card)).toContain('Regional staff');
  });

  it('adds a coordinator and a regional staff member, who can then see coverage', async () => {
    await expectRefusedWithoutChange(
      () => bot.execute(staff, 'membership.coverage', { programmeId }),
      /^Det visas bara för samordnare och regional personal/,
    );

    const first = await bot.execute(coordinator, 'programmes.addRole', {
      programmeId,
      personId: colleague.id,
      personName: colleague.name,
      role: 'coordinator',
    });
    expect(cardText(validCard(first))).toContain('Per Samordnare är nu samordnare.');
    const second = await bot.execute(coordinator, 'programmes.addRole', {
      programmeId,
      personId: staff.id,
      personName: staff.name,
      role: 'regionalStaff',
    });
    expect(cardText(validCard(second))).toContain('Sara Regional är nu med som regional personal.');

    const stored = (await store().get(programmeId))!;
    expect(stored.coordinators).toEqual([coordinator, colleague]);
    expect(stored.regionalStaff).toEqual([staff]);
    expect(cardText(validCard(await bot.execute(staff, 'membership.coverage', { programmeId })))).toContain(
      'Täckning: Fokusgrupper digitalt först 2027',
    );
    expect(cardOf(await bot.execute(colleague, 'membership.coverage', { programmeId }))).toBeDefined();
    expect(cardOf(await bot.execute(colleague, 'programmes.manage', { programmeId }))).toBeDefined();
  });

  it('asks for the name of a person Teams does not know, storing nothing until then', async () => {
    const before = JSON.stringify(await store().get(programmeId));
    const card = validCard(
      await bot.execute(coordinator, 'programmes.addRole', {
        programmeId,
        personId: outsider.id,
        personName: ' ',
        role: 'regionalStaff',
      }),
    );
    expect(cardText(card)).toContain('Jag hittar inte personens namn i Teams');
    expect(card.body.find((e: any) => e.id === 'personName').isRequired).toBe(true);
    expect(card.body.find((e: any) => e.id === 'personId').value).toBe(outsider.id);
    expect(JSON.stringify(await store().get(programmeId))).toBe(before);
  });

  it('removes people, but never the last coordinator', async () => {
    const removed = await bot.execute(coordinator, 'programmes.removeRole', {
      programmeId,
      personId: staff.id,
      role: 'regionalStaff',
    });
    expect(cardText(validCard(removed))).toContain('Sara Regional är inte längre med som regional personal.');
    expect((await store().get(programmeId))!.regionalStaff).toEqual([]);

    const steppedDown = await bot.execute(colleague, 'programmes.removeRole', {
      programmeId,
      personId: colleague.id,
      role: 'coordinator',
    });
    expect(textOf(steppedDown)).toBe('Per Samordnare är inte längre samordnare.');
    await expectRefusedWithoutChange(
      () =>
        bot.execute(coordinator, 'programmes.removeRole', {
          programmeId,
          personId: coordinator.id,
          role: 'coordinator',
        }),
      /^Programmet måste ha minst en samordnare/,
    );
  });
});

describe('importing from JSON', () => {
  it('shows a paste form whose way back skips validation', async () => {
    const card = validCard(await bot.execute(coordinator, 'programmes.importForm', {}));
    expect(card.body.find((e: any) => e.id === 'json')).toMatchObject({ isMultiline: true, isRequired: true });
    expect(card.actions[1]).toMatchObject({ verb: 'programmes.createForm', associatedInputs: 'none' });
  });

  it('imports pasted JSON: the 2019 call', async () => {
    const reply = await bot.execute(coordinator, 'programmes.import', { json: example2019 });
    expect(cardText(validCard(reply))).toContain('Klart! Programmet ”Fokusgrupper digitalt först 2019” är importerat');
    const stored = await programmeNamed('Fokusgrupper digitalt först 2019');
    expect(stored.coordinators).toEqual([coordinator]);
    expect(stored.region.municipalityCodes).toHaveLength(8);
    expect(stored.groups.map((g) => g.outputs[0]!.kind)).toEqual(['kitPlan', 'video']);
  });

  it.each([
    [
      'invalid JSON',
      '{ "name": "Trasig" "region": {} }',
      /^Det där är inte giltig JSON: något stämmer inte på rad 1, tecken 20\./,
    ],
    ['a missing field', importJson((d) => delete d.signUpDeadline), /^Fältet ”signUpDeadline” saknas\./],
    [
      'an unknown county',
      importJson((d) => {
        d.name = 'Narnia 2019';
        d.region = { county: 'Narnia' };
      }),
      /^Jag känner inte igen länet ”Narnia”/,
    ],
    [
      'a bad date',
      importJson((d) => {
        d.name = 'Datum 2019';
        d.groups[1].outputs[0].dueDate = '2019-13-01';
      }),
      /^Fältet ”groups\[1\]\.outputs\[0\]\.dueDate”: ”2019-13-01” är inget giltigt datum/,
    ],
    [
      'an unknown municipality',
      importJson((d) => {
        d.name = 'Kommuner 2019';
        d.region = { municipalities: ['2303', '2399'] };
      }),
      /^Kommunkoden 2399 finns inte/,
    ],
  ])('refuses %s with a message naming it, storing nothing', async (_case, json, expected) => {
    await expectRefusedWithoutChange(() => bot.execute(coordinator, 'programmes.import', { json }), expected);
  });

  it('refuses in English too', async () => {
    await expectRefusedWithoutChange(
      () =>
        bot.execute(
          coordinator,
          'programmes.import',
          { json: importJson((d) => (d.groups[0].outputs[0].kind = 'podcast')) },
          { locale: 'en-US' },
        ),
      /^The field “groups\[0\]\.outputs\[0\]\.kind” can only be one of: kitPlan, video, other\./,
    );
  });

  it('imports a JSON file sent in personal chat', async () => {
    served.set(
      '/2020.json',
      importJson((d) => (d.name = 'Fokusgrupper digitalt först 2020')),
    );
    const reply = await sendFile(coordinator, `${filesUrl}/2020.json`);
    expect(cardText(validCard(reply))).toContain('Klart! Programmet ”Fokusgrupper digitalt först 2020” är importerat');
    expect((await programmeNamed('Fokusgrupper digitalt först 2020')).groups).toHaveLength(2);
  });

  it('refuses a file that is broken, too large or gone, storing nothing', async () => {
    served.set('/broken.json', '{ "name": ');
    await expectRefusedWithoutChange(
      () => sendFile(coordinator, `${filesUrl}/broken.json`),
      /^Det där är inte giltig JSON/,
    );
    served.set('/huge.json', JSON.stringify({ name: 'x'.repeat(300 * 1024) }));
    await expectRefusedWithoutChange(
      () => sendFile(coordinator, `${filesUrl}/huge.json`),
      /^Filen är för stor: den får vara högst 256 kB\./,
    );
    await expectRefusedWithoutChange(
      () => sendFile(coordinator, `${filesUrl}/missing.json`),
      /^Jag kunde inte hämta filen/,
    );
  });
});

describe('linking a group to a channel', () => {
  let programmeId: string;
  let mik: string;
  let digital: string;
  beforeAll(async () => {
    const programme = await programmeNamed('Fokusgrupper digitalt först 2027');
    programmeId = programme.programmeId;
    [mik, digital] = programme.groups.map((g) => g.id) as [string, string];
  });

  it('is done in the channel, not in personal chat', async () => {
    await expectRefusedWithoutChange(
      () => bot.say(coordinator, 'koppla grupp'),
      /^Grupper kopplas i den kanal eller gruppchatt där gruppen ska prata/,
    );
    await expectRefusedWithoutChange(
      () => bot.say(coordinator, 'link group', { locale: 'en-US' }),
      /^Groups are linked in the channel or group chat/,
    );
  });

  it('offers the groups the person coordinates', async () => {
    const card = validCard(await bot.say(coordinator, 'koppla grupp', { conversation: channel }));
    const choices = card.body.find((e: any) => e.id === 'target').choices.map((c: any) => c.value);
    expect(choices).toContain(`${programmeId}|${mik}`);
    expect(choices).not.toContain(expect.stringMatching(/^lasframjande/));
    await expectRefusedWithoutChange(
      () => bot.say(staff, 'koppla grupp', { conversation: channel }),
      /^Grupper kopplas av programmets samordnare, och du är inte samordnare för något program med grupper/,
    );
  });

  it('refuses someone who is not a coordinator', async () => {
    await expectRefusedWithoutChange(
      () => bot.execute(outsider, 'programmes.link', { target: `${programmeId}|${mik}` }, { conversation: channel }),
      /^Det kan bara samordnare för Fokusgrupper digitalt först 2027 göra\./,
    );
    expect(await store().findLink(channel.id)).toBeUndefined();
  });

  it('links the group, keeps the conversation reference, and then answers "medlemmar" for that group', async () => {
    const reply = await bot.execute(
      coordinator,
      'programmes.link',
      { target: `${programmeId}|${mik}` },
      { conversation: channel },
    );
    const text = cardText(validCard(reply));
    expect(text).toContain('Den här kanalen är nu kopplad till gruppen MIK & ungas medievärldar.');
    expect(text).toContain('@Fokusgrupper medlemmar');

    const link = (await store().findLink(channel.id))!;
    expect(link).toMatchObject({ programmeId, groupId: mik, linkedBy: coordinator });
    expect(link.reference).toMatchObject({
      serviceUrl: bot.connector.url,
      channelId: 'msteams',
      conversation: { id: channel.id },
      bot: { id: BOT.id },
    });
    expect(link.reference).not.toHaveProperty('activityId');
    expect((await store().get(programmeId))!.groups[0]!.conversationId).toBe(channel.id);

    const members = validCard(await bot.say(coordinator, 'medlemmar', { conversation: channel }));
    expect(cardText(members)).toContain('Medlemmar i MIK & ungas medievärldar');
    expect(cardText(validCard(await bot.execute(coordinator, 'programmes.manage', { programmeId })))).toContain(
      'Kopplad till en kanal eller gruppchatt i Teams.',
    );
  });

  it('moves a group to another channel, and gives a channel to another group', async () => {
    await bot.execute(
      coordinator,
      'programmes.link',
      { target: `${programmeId}|${mik}` },
      { conversation: otherChannel },
    );
    expect(await store().findLink(channel.id)).toBeUndefined();
    expect((await store().findLink(otherChannel.id))!.groupId).toBe(mik);

    await bot.execute(
      coordinator,
      'programmes.link',
      { target: `${programmeId}|${digital}` },
      { conversation: otherChannel },
    );
    expect((await store().findLink(otherChannel.id))!.groupId).toBe(digital);
    const groups = (await store().get(programmeId))!.groups;
    expect(groups.map((g) => g.conversationId)).toEqual([undefined, otherChannel.id]);
  });

  it('unlinks from the management card', async () => {
    const reply = await bot.execute(coordinator, 'programmes.unlink', { programmeId, groupId: digital });
    expect(cardText(validCard(reply))).toContain(
      'Gruppen ”Det digitala biblioteksrummet” är inte längre kopplad till någon kanal.',
    );
    expect(await store().findLink(otherChannel.id)).toBeUndefined();
    expect((await store().get(programmeId))!.groups[1]!.conversationId).toBeUndefined();
    await expectRefusedWithoutChange(
      () => bot.execute(coordinator, 'programmes.unlink', { programmeId, groupId: digital }),
      /^Gruppen ”Det digitala biblioteksrummet” är inte kopplad/,
    );
  });
  it("adds a Teams meeting chat beside the group's channel instead of moving the group away from it", async () => {
    const groupChannel = {
      id: '19:mik-channel@thread.tacv2',
      conversationType: 'channel' as const,
      teamId: '19:team@thread.tacv2',
    };
    await bot.execute(
      coordinator,
      'programmes.link',
      { target: `${programmeId}|${mik}` },
      { conversation: groupChannel },
    );
    const channelBefore = (await store().get(programmeId))!.groups[0]!.conversationId;
    expect(channelBefore).toBe(groupChannel.id);
    const meetingChat = { id: '19:meeting_abc123@thread.v2', conversationType: 'groupChat' as const };
    const reply = await bot.execute(
      coordinator,
      'programmes.link',
      { target: `${programmeId}|${mik}` },
      { conversation: meetingChat },
    );
    expect(cardText(validCard(reply))).toContain('Det här mötets chatt är nu kopplad till MIK & ungas medievärldar.');
    expect((await store().get(programmeId))!.groups[0]!.conversationId).toBe(channelBefore);
    expect(await store().findLink(meetingChat.id)).toMatchObject({ programmeId, groupId: mik });
    expect(await store().findLink(channelBefore!)).toMatchObject({ programmeId, groupId: mik });
  });
});

describe('when only some people may create programmes', () => {
  let restricted: BotHarness;
  beforeAll(async () => {
    restricted = await BotHarness.start({ environment: { PROGRAMME_CREATOR_IDS: coordinator.id } });
  });
  afterAll(async () => restricted?.stop());

  it('shows an empty list', async () => {
    expect(cardText(validCard(await restricted.say(outsider, 'program')))).toContain('Det finns inga program ännu.');
  });

  it('lets them create and politely refuses everyone else', async () => {
    expect(cardProblems(postedCard(await restricted.say(coordinator, 'new programme', { locale: 'en-US' })))).toEqual(
      [],
    );
    const refused = await restricted.say(outsider, 'nytt program');
    expect(textOf(refused)).toMatch(/^Nya program skapas av de personer som regionen har gett behörighet/);
    const create = await restricted.execute(outsider, 'programmes.import', { json: example2019 });
    expect(textOf(create)).toMatch(/^Nya program skapas av de personer/);
    expect(await restricted.storage().programmes.list()).toEqual([]);
  });
});
