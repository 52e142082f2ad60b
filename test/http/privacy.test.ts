import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotHarness, cardOf, cardText, postedCard, textOf, type TestPerson } from '../support/bot-harness.js';
import { cardProblems, validCard } from '../support/adaptive-cards.js';
import {
  assembledFocusGroup,
  coordinator,
  groupChannel,
  meetingForm,
  members,
  giveRole,
} from '../support/focus-group.js';
import { documentsMentioning, everyDocument, hitCounts } from '../support/store-scan.js';
import { placeBooking } from '../../src/features/kit/domain.js';
import { kit, request } from '../support/kit-fixtures.js';

/**
 * A person's data is theirs: "mina uppgifter" shows everything stored about them and gives it as a file; "radera
 * mina uppgifter" erases it, after which a scan of every container finds nothing of them; a coordinator erases a
 * member on request; RETENTION_DAYS after the presentation day a programme's personal data goes by itself.
 */

/** A coordinator who is also a member, and has done a bit of everything, so her data is in every container. */
const anna: TestPerson = {
  id: 'e7a5e000-0000-4000-8000-000000000a11',
  name: 'Anna Erasmus',
  teamsId: '29:1AnnaErasmusTeamsAddress',
};
const annasMail = 'anna.erasmus@bibliotek.example.se';
const annaTerms = [anna.id, anna.teamsId!, anna.name, annasMail];
const [bertil, cecilia] = members as [TestPerson, TestPerson];
const digitalChannel = { ...groupChannel, id: '19:digital-group@thread.tacv2' };

/** Everything the bot logs, at every level, to check it names nobody. */
const logLines: string[] = [];
const logger = pino(
  { level: 'trace' },
  new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString());
      done();
    },
  }),
);

let bot: BotHarness;
let programmeId: string;
let mik: string;
let digital: string;

/** The link on a card's download button, reached on the bot's own HTTP server. */
function local(url: string): string {
  return url.replace(/^http:\/\/localhost:\d+/, bot.url);
}

function actionsOf(card: any): any[] {
  return [...(card?.actions ?? [])];
}

async function auditEntries(partition?: string): Promise<any[]> {
  const all = (await everyDocument(bot)).audit ?? [];
  return partition ? all.filter((entry) => entry.programmeId === partition) : all;
}

beforeAll(async () => {
  bot = await BotHarness.start({ seedCoordinators: [coordinator], logger });
  ({ programmeId, mik, digital } = await assembledFocusGroup(bot));
  await giveRole(bot, programmeId, anna, 'coordinator');
  // Anna signs up herself, with her e-mail as the channel she prefers.
  await bot.execute(anna, 'membership.signUp', {
    programmeId,
    groupIds: `${mik},${digital}`,
    municipalityCode: '2380',
    preferredChannel: 'other',
    otherChannel: annasMail,
    roleOrLibrary: 'Bibliotekschef',
  });
  // As coordinator she links the second group, signs someone up, runs a poll and plans a meeting...
  await bot.execute(anna, 'programmes.link', { target: `${programmeId}|${digital}` }, { conversation: digitalChannel });
  await bot.execute(anna, 'membership.add', {
    programmeId,
    personId: 'f0000000-0000-0000-0000-0000000000ad',
    personName: 'Doris Tillagd',
    groupIds: digital,
    municipalityCode: '2326',
    preferredChannel: 'teams',
  });
  const poll = cardOf(
    await bot.execute(anna, 'polls.create', {
      programmeId,
      groupId: mik,
      question: 'Vilken dag träffas vi?',
      kind: 'date',
      days: '2027-03-31/fullDay,2027-04-01/fullDay',
      deadlineDate: '2027-03-01',
      deadlineHour: '12',
    }),
  );
  const pollId = poll.refresh.action.data.pollId;
  await bot.execute(anna, 'polls.vote', { pollId, answer_d1: 'yes', answer_d2: 'no' }, { conversation: groupChannel });
  await bot.execute(
    bertil,
    'polls.vote',
    { pollId, answer_d1: 'no', answer_d2: 'yes' },
    { conversation: groupChannel },
  );
  await bot.execute(anna, 'polls.close', { pollId });
  await bot.execute(anna, 'polls.confirmDate', {
    pollId,
    optionId: 'd2',
    place: 'Kista bibliotek',
    startTime: '09:00',
    endTime: '16:00',
  });
  const secret = cardOf(
    await bot.execute(coordinator, 'polls.create', {
      programmeId,
      groupId: mik,
      question: 'Vilket studiebesök?',
      kind: 'single',
      options: 'Kista\nUmeå',
      anonymous: 'true',
      deadlineDate: '2027-03-01',
      deadlineHour: '12',
    }),
  );
  await bot.execute(anna, 'polls.vote', { pollId: secret.refresh.action.data.pollId, choice: 'o1' });
  await bot.execute(
    anna,
    'meetings.save',
    meetingForm(programmeId, mik, {
      fromPollId: '',
      title: 'Träff i Kista',
      saveAsDefault: 'true',
      programmeText: '',
    }),
  );
  const [meeting] = await bot.meetingStore().meetings.listForGroup(programmeId, mik);
  // ...and as a member she writes a note and works on the group's kit plan, which Karin reviews.
  await bot.execute(anna, 'meetings.addNote', {
    programmeId,
    meetingId: meeting!.meetingId,
    text: 'Vi provar temalådor i höst.',
    link: '',
  });
  const ref = { programmeId, groupId: mik, outputId: 'kitPlan-1' };
  await bot.execute(anna, 'outputs.kitPlanSave', { ...ref, etag: '', rows: '4', name: 'MIK-lådan' });
  await bot.execute(bertil, 'outputs.kitPlanSave', {
    ...ref,
    etag: (await bot.outputStore().outputs.get(programmeId, mik, 'kitPlan-1'))!._etag,
    rows: '4',
    name: 'MIK-lådan 2',
  });
  await bot.execute(anna, 'outputs.expectFile', { programmeId, groupId: digital, outputId: 'video-1' });
  await bot.say(anna, 'exportera');
  await bot.execute(anna, 'outputs.saveRunningOrder', { programmeId, startTime: '09:30' });
  // Kits are not booked in Teams yet (their routes come later), but their documents already name people.
  const annasLibrary = { person: { id: anna.id, name: anna.name }, municipalityCode: '2380', isStaff: false };
  const ids = () => ({ bookingId: 'b1', calendarToken: 't1' });
  const booked = placeBooking(kit({ programmeId }), annasLibrary, request('2380', '2027-W12'), ids, bot.now).kit!;
  const { kits } = bot.bot.storage.containers;
  await kits.create(booked);
  await kits.create({
    id: 'receipt:maker:l1',
    type: 'receipt',
    programmeId,
    kitId: 'maker',
    copyId: '1',
    legId: 'l1',
    municipalityCode: '2380',
    receivedBy: { id: anna.id, name: anna.name },
    receivedAt: bot.now.toISOString(),
    items: [],
    note: '',
  });
});
afterAll(async () => bot?.stop());

describe('where personal data is kept', () => {
  it('has a source for every container of the store, or a reason it holds none', () => {
    const covered = [...bot.bot.personalData.covered()];
    for (const documents of Object.values(bot.bot.storage.containers)) expect(covered).toContain(documents.name);
  });
});

describe('my data', () => {
  let downloadUrl = '';

  it('shows a person everything stored about them, in personal chat', async () => {
    const card = validCard(await bot.say(anna, 'mina uppgifter'));
    const text = cardText(card);
    expect(text).toContain('Det här har Fokusgrupper sparat om dig, Anna Erasmus.');
    for (const heading of [
      'Roller i program (1)',
      'Kanaler du kopplat till grupper (1)',
      'Anmälningar (2)', // her own, and Doris whom she signed up
      'Dina röster (2)',
      'Omröstningar du skapat, stängt eller bestämt dag i (1)',
      'Anteckningar (1)',
      'Mötesdagar du planerat (2)', // the meeting and the defaults she saved
      'Resultat du arbetat med eller granskat (3)', // the kit plan, the video she is sending, the running order
      'Exportlänkar (1)',
      'Länkar till dina uppgifter (1)',
      'Kit: bokningar, kö och mottagningar (2)', // the kit she booked, and the copy she received
    ]) {
      expect(text).toContain(heading);
    }
    expect(text).toContain('Fokusgrupper digitalt först 2027 · Samordnare');
    expect(text).toContain('Östersund: MIK & ungas medievärldar, Det digitala biblioteksrummet');
    expect(text).toContain('Vi provar temalådor i höst.');
    expect(text).toContain('sparas till 365 dagar efter programmets presentationsdag');
    downloadUrl = actionsOf(card).find((a) => a.type === 'Action.OpenUrl').url;
    expect(downloadUrl).toMatch(/^http:\/\/localhost:\d+\/privacy\/my-data\/[A-Za-z0-9_-]{32}\/mina-uppgifter\.json$/);
    expect(actionsOf(card).find((a) => a.verb === 'privacy.eraseConfirm')).toBeDefined();
  });

  it('gives the whole of it as a JSON file behind the link, for an hour', async () => {
    const response = await fetch(local(downloadUrl));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="mina-uppgifter.json"');
    const file = (await response.json()) as any;
    expect(file.person).toEqual({ id: anna.id, name: anna.name });
    const memberships = file.sources.find((s: any) => s.source === 'memberships');
    expect(memberships.title).toBe('Anmälningar');
    expect(memberships.items[0]).toMatchObject({
      programme: 'Fokusgrupper digitalt först 2027',
      details: { otherChannel: annasMail, roleOrLibrary: 'Bibliotekschef', contact: { teamsUserId: anna.teamsId } },
    });
    const votes = file.sources.find((s: any) => s.source === 'votes').items;
    expect(votes.map((v: any) => [v.what, v.details.anonymous, v.details.answers])).toEqual(
      expect.arrayContaining([
        ['Vilken dag träffas vi?', false, { d1: 'yes', d2: 'no' }],
        ['Vilket studiebesök?', true, { o1: 'yes' }],
      ]),
    );
    expect(file.sources.map((s: any) => s.source)).toContain('auditEntries');

    const token = downloadUrl.split('/').at(-2)!;
    const wrong = await fetch(
      `${bot.url}/privacy/my-data/${token.replace(/^./, token[0] === 'A' ? 'B' : 'A')}/mina-uppgifter.json`,
    );
    expect(wrong.status).toBe(404);
    const before = bot.now;
    bot.now = new Date(before.getTime() + 61 * 60_000);
    const late = await fetch(local(downloadUrl));
    expect(late.status).toBe(404);
    expect(await late.text()).toBe('Länken har gått ut. Skriv ”mina uppgifter” till mig för en ny.');
    bot.now = before;
  });

  it('speaks English, and keeps personal data out of channels', async () => {
    const card = validCard(await bot.say(bertil, 'my data', { locale: 'en-US' }));
    expect(cardText(card)).toContain('This is what Fokusgrupper has stored about you, Bibliotekarie Ragunda.');
    expect(cardText(card)).toContain('Sign-ups (1)');
    expect(cardText(card)).toContain('Your votes (1)');
    expect(textOf(await bot.say(anna, 'mina uppgifter', { conversation: groupChannel }))).toBe(
      'Personliga uppgifter visar och raderar jag bara i vår privata chatt. Skriv till mig där.',
    );
    expect(textOf(await bot.say(anna, 'erase my data', { conversation: groupChannel, locale: 'en-GB' }))).toBe(
      'I show and erase personal data only in our private chat. Write to me there.',
    );
  });
});

describe('erasing my data', () => {
  it('asks first, showing what goes and what stays without the name; cancelling erases nothing', async () => {
    const before = JSON.stringify(await everyDocument(bot));
    const card = validCard(await bot.say(anna, 'radera mina uppgifter'));
    const text = cardText(card);
    expect(text).toContain('Radera dina uppgifter?');
    expect(text).toContain('Anmälningar\n2 · Raderas.');
    expect(text).toContain('Anteckningar\n1 · Texten finns kvar för gruppen; ditt namn byts mot ”Raderad person”.');
    expect(text).toContain('Det går inte att ångra.');
    const english = validCard(await bot.say(anna, 'erase my data', { locale: 'en-US' }));
    expect(cardText(english)).toContain('Your votes\n2 · Deleted, votes in anonymous polls too.');
    expect(textOf(await bot.execute(anna, 'privacy.cancel', {}))).toBe('Ingenting har raderats.');
    expect(JSON.stringify(await everyDocument(bot))).toBe(before);
  });

  it('erases her from every container: nothing of her object id, Teams id, name or e-mail is left', async () => {
    const all = await everyDocument(bot);
    const before = hitCounts(documentsMentioning(all, annaTerms));
    // Her data is everywhere a feature keeps people (and in the answers kept a day for redeliveries): the scan below
    // is only worth something if so.
    expect(Object.keys(before).sort()).toEqual(
      [
        'activities',
        'audit',
        'conversations',
        'downloads',
        'kits',
        'meetings',
        'outputs',
        'polls',
        'programmes',
      ].sort(),
    );
    for (const term of annaTerms) {
      expect(Object.keys(hitCounts(documentsMentioning(all, [term]))).length, term).toBeGreaterThan(0);
    }

    const reply = await bot.execute(anna, 'privacy.erase', {});
    const card = validCard(reply);
    expect(cardText(card)).toMatch(/^Dina uppgifter är raderade\n\d+ dokument är raderade eller avidentifierade\./);
    const reference = /Referens för raderingen: ([A-Za-z0-9_-]{16})\./.exec(cardText(card))![1]!;

    const after = await everyDocument(bot);
    expect(hitCounts(documentsMentioning(after, annaTerms))).toEqual({});

    // The erasure's own entry proves it happened: when, the keyed reference, what it touched; not who she was.
    const proof = (await auditEntries('_region')).find((entry) => entry.action === 'privacy.erase');
    expect(proof).toMatchObject({
      object: { kind: 'person', id: reference },
      actor: { id: `erased:${reference}`, name: 'Raderad person' },
    });
    expect(proof.changed).toEqual({
      activities: expect.any(Number), // the day's answers kept for redeliveries may name anyone: all cleared
      audit: before.audit, // every entry naming her, as actor or as the person a change was about
      conversations: 1, // the link she made: her name and Teams address out
      downloads: 1, // her "my data" link: deleted
      kits: 2, // the kit she booked and the copy she received: the placeholder in
      meetings: 3, // her note, her meeting day, the meeting defaults she saved: the placeholder in
      outputs: 4, // the kit plan and the video she was sending, the running order: placeholder; her export link: deleted
      polls: 3, // her named and her anonymous vote: deleted; the poll she ran: placeholder
      programmes: 3, // her role: removed; her membership: deleted; the sign-up she made for Doris: placeholder
    });
    console.log(
      `erasure scan: documents naming her before ${JSON.stringify(before)}; touched ${JSON.stringify(proof.changed)}; ` +
        `documents naming her after: ${Object.keys(hitCounts(documentsMentioning(after, annaTerms))).length}`,
    );
  });

  it('keeps the groups’ shared records with the placeholder, and everyone else’s data as it was', async () => {
    const notes = await bot.meetingStore().meetings.listNotes(programmeId, mik);
    expect(notes.map((n) => [n.text, n.author.name])).toEqual([['Vi provar temalådor i höst.', 'Raderad person']]);
    const output = (await bot.outputStore().outputs.get(programmeId, mik, 'kitPlan-1'))!;
    expect(output.history.map((h) => h.by.name)).toEqual(['Raderad person', bertil.name]);
    expect(output.kitPlan?.name).toBe('MIK-lådan 2');
    const { memberships, programmes } = bot.storage();
    expect(await memberships.get(programmeId, anna.id)).toBeUndefined();
    expect((await memberships.get(programmeId, 'f0000000-0000-0000-0000-0000000000ad'))!.addedBy).toEqual({
      id: 'erased',
      name: 'Raderad person',
    });
    expect((await memberships.listInProgramme(programmeId)).length).toBe(9);
    expect((await programmes.get(programmeId))!.coordinators).toEqual([coordinator]);
    const link = (await everyDocument(bot)).conversations!.find((c) => c.id === digitalChannel.id)!;
    expect(link).toMatchObject({ groupId: digital, linkedBy: { name: 'Raderad person' } });
    expect((link.reference as any).user).toBeUndefined();
    // Posting to the group's channel still works without the linker's address.
    const channelCard = postedCard(await bot.say(cecilia, 'medlemmar', { conversation: digitalChannel }));
    expect(cardProblems(channelCard)).toEqual([]);
  });

  it('finds nothing more to show her', async () => {
    const card = validCard(await bot.say(anna, 'mina uppgifter'));
    expect(cardText(card)).toContain('Länkar till dina uppgifter (1)'); // only the link just made
    expect(cardText(card)).not.toContain('Anmälningar');
  });
});

describe('a coordinator erasing a member on request', () => {
  it('offers it on the member list in personal chat, never in the channel', async () => {
    const card = validCard(await bot.say(coordinator, `medlemmar ${'MIK & ungas medievärldar'}`));
    const erase = actionsOf(card).find((a) => a.type === 'Action.ShowCard');
    expect(erase.title).toBe('Radera en medlems uppgifter på begäran');
    const choices = erase.card.body.find((b: any) => b.id === 'personId').choices;
    expect(choices.map((c: any) => c.title)).toContain(bertil.name);
    expect(erase.card.actions[0]).toMatchObject({ verb: 'privacy.eraseMemberConfirm', data: { programmeId } });
    const inChannel = postedCard(await bot.say(coordinator, 'medlemmar', { conversation: groupChannel }));
    expect(actionsOf(inChannel)).toEqual([]);
    const forMember = validCard(await bot.say(cecilia, 'medlemmar MIK & ungas medievärldar'));
    expect(actionsOf(forMember)).toEqual([]);
  });

  it('refuses members, unknown people and the coordinator herself', async () => {
    expect(textOf(await bot.execute(cecilia, 'privacy.eraseMember', { programmeId, personId: bertil.id }))).toMatch(
      /^Det kan bara samordnare/,
    );
    expect(
      textOf(await bot.execute(coordinator, 'privacy.eraseMemberConfirm', { programmeId, personId: 'nobody' })),
    ).toBe('Personen är inte anmäld till Fokusgrupper digitalt först 2027.');
    expect(textOf(await bot.execute(coordinator, 'privacy.eraseMemberConfirm', { programmeId, personId: '' }))).toBe(
      'Välj vilken medlem det gäller.',
    );
    expect(textOf(await bot.say(coordinator, 'radera mina uppgifter'))).toBe(
      'Du är enda samordnare för Fokusgrupper digitalt först 2027. Lägg till en annan samordnare först, sedan kan du radera dina uppgifter.',
    );
  });

  it('confirms, erases, and logs it with the coordinator and a reference instead of the member', async () => {
    const confirm = validCard(
      await bot.execute(coordinator, 'privacy.eraseMemberConfirm', { programmeId, personId: bertil.id }),
    );
    expect(cardText(confirm)).toContain('Gör det bara när Bibliotekarie Ragunda själv har bett om det.');
    const go = actionsOf(confirm).find((a) => a.verb === 'privacy.eraseMember');
    expect(go.data).toEqual({ programmeId, personId: bertil.id });
    const done = validCard(await bot.execute(coordinator, 'privacy.eraseMember', go.data, { locale: 'en-US' }));
    expect(cardText(done)).toMatch(/^The member's data is erased\n\d+ documents were deleted or anonymised\./);
    expect(cardText(done)).not.toContain(bertil.name);

    const terms = [bertil.id, `29:${bertil.id}`, bertil.name];
    expect(hitCounts(documentsMentioning(await everyDocument(bot), terms))).toEqual({});
    const entry = (await auditEntries(programmeId)).find((e) => e.action === 'privacy.eraseMember');
    expect(entry).toMatchObject({
      actor: coordinator,
      role: 'coordinator',
      object: { kind: 'person' },
      subject: { name: 'Raderad person' },
    });
    expect(entry.changed.programmes).toBe(1);
    expect(entry.changed.polls).toBe(1);
    const log = validCard(await bot.say(coordinator, 'logg'));
    expect(cardText(log)).toContain('Raderade en medlems uppgifter på begäran → Raderad person');
  });
});

describe('retention', () => {
  it('removes expired links daily, as the embedded store ignores their Cosmos TTL', async () => {
    bot.now = new Date('2027-06-01T10:00:00Z');
    await bot.say(coordinator, 'exportera');
    await bot.say(coordinator, 'mina uppgifter');
    const links = () =>
      everyDocument(bot).then((all) => [...all.downloads!, ...all.outputs!.filter((d) => d.type === 'export')]);
    expect((await links()).length).toBeGreaterThanOrEqual(2);
    expect((await links()).every((link) => typeof link.ttl === 'number')).toBe(true);
    bot.now = new Date('2027-06-03T10:00:00Z');
    expect(await bot.bot.scheduler.tick()).toContain('expired-links:2027-06-03');
    expect(await links()).toEqual([]);
  });

  it('keeps everything until RETENTION_DAYS after the presentation day', async () => {
    bot.now = new Date('2028-09-16T10:00:00Z'); // presentation day 2027-09-17 + 365 days = the last day kept
    const ran = await bot.bot.scheduler.tick();
    expect(ran.filter((key) => key.startsWith('retention:'))).toEqual([]);
    expect((await bot.storage().memberships.listInProgramme(programmeId)).length).toBeGreaterThan(0);
  });

  it('then erases or anonymises the programme once, even with two instances ticking', async () => {
    await bot.say(coordinator, 'exportera'); // an export link, to expire
    const second = await BotHarness.startBeside(bot, {});
    try {
      bot.now = second.now = new Date('2028-09-17T23:30:00Z');
      const ran = (await Promise.all([bot.bot.scheduler.tick(), second.bot.scheduler.tick()])).flat();
      expect(ran.filter((key) => key.startsWith('retention:'))).toEqual([`retention:${programmeId}`]);
    } finally {
      await second.stop();
    }
    const all = await everyDocument(bot);
    const people = [coordinator, ...members].flatMap((p) => [p.id, p.name]).concat('Regina Region'); // kit staff
    expect(hitCounts(documentsMentioning(all, people))).toEqual({});
    expect(all.programmes!.filter((d) => d.type === 'membership')).toEqual([]);
    expect(all.polls!.filter((d) => d.type === 'vote')).toEqual([]);
    expect(all.conversations).toEqual([]);
    expect(all.outputs!.filter((d) => d.type === 'export')).toEqual([]);
    const programme = (await bot.storage().programmes.get(programmeId))!;
    expect(programme).toMatchObject({ coordinators: [], regionalStaff: [], name: 'Fokusgrupper digitalt först 2027' });
    expect(programme.personalDataRemovedAt).toBe('2028-09-17T23:30:00.000Z');
    const notes = await bot.meetingStore().meetings.listNotes(programmeId, mik);
    expect(notes.map((n) => [n.text, n.author.name])).toEqual([['Vi provar temalådor i höst.', 'Raderad person']]);
    const entry = (await auditEntries(programmeId)).find((e) => e.action === 'privacy.retention');
    expect(entry).toMatchObject({ before: '2028-09-16' });
    expect(entry.actor).toBeUndefined();

    bot.now = new Date('2028-09-18T10:00:00Z');
    expect((await bot.bot.scheduler.tick()).filter((key) => key.startsWith('retention:'))).toEqual([]);
  });
});

describe('logs', () => {
  it('name nobody: no names, e-mails, Entra or Teams ids, and no link tokens, at any level', () => {
    const text = logLines.join('');
    expect(logLines.length).toBeGreaterThan(0);
    for (const person of [anna, coordinator, ...members]) {
      expect(text).not.toContain(person.id);
      expect(text).not.toContain(person.name);
    }
    expect(text).not.toContain(anna.teamsId);
    expect(text).not.toContain(annasMail);
    expect(text).not.toMatch(/[A-Za-z0-9_-]{32}\/(mina-uppgifter\.json|report\.html)/);
  });
});
