import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localeResources } from '../../src/platform/i18n.js';
import {
  BotHarness,
  cardOf,
  cardText,
  postedCard,
  textOf,
  type BotReply,
  type TestPerson,
} from '../support/bot-harness.js';
import { validCard } from '../support/adaptive-cards.js';
import { assembledFocusGroup, coordinator, groupChannel, meetingForm, members } from '../support/focus-group.js';
import { everyDocument } from '../support/store-scan.js';
import { holdsWeeks } from '../../src/features/kit/domain.js';
import { KitStore } from '../../src/features/kit/store.js';

/**
 * The audit trail: every route that changes something is in the table below, keyed by its name in the listener
 * registry. A route that coordinators or regional staff use has a working example that must leave exactly one
 * audit entry; a route only people acting for themselves use says why it leaves none. A new route that changes
 * something fails the first test until it is in the table, and a staff route cannot be exempted.
 */

const staff: TestPerson = { id: 's0000000-0000-0000-0000-000000000003', name: 'Sara Regional' };
const creator: TestPerson = { id: 'f0000000-0000-0000-0000-000000000009', name: 'Olle Utanför' };
const colleague: TestPerson = { id: 'c0000000-0000-0000-0000-000000000002', name: 'Per Samordnare' };
const digitalChannel = { ...groupChannel, id: '19:digital-group@thread.tacv2' };
const example2019 = readFileSync(new URL('../../src/features/programmes/IMPORT.md', import.meta.url), 'utf8').match(
  /```json\n([\s\S]*?)```/,
)![1]!;
const completePlan = {
  name: 'MIK-lådan',
  purpose: 'Ett bokningsbart kit för att öva källkritik och medieproduktion.',
  targetGroups: '10–15 år, lärare och bibliotekarier',
  item1Name: 'Surfplatta',
  item1Quantity: '6',
  item1UnitPrice: '3 490',
  item1Supplier: 'Fotobutiken',
  loanPeriod: '4 veckor',
  whoMayBook: 'Folk- och skolbibliotek i Jämtlands län',
  pickupAndReturn: 'Skickas med transporten',
  maintainedBy: 'Regionbiblioteket',
};

let bot: BotHarness;
let files: Server;
let filesUrl = '';
let programmeId = '';
let mik = '';
let digital = '';
/** What one example leaves for the next: the poll, the meeting, the kit plan's version. */
const state = { pollId: '', meetingId: '', etag: '' };

/** A person's example, and who should be named as having done it. */
type Audited = { by: TestPerson | 'erased'; run: () => Promise<BotReply> };
/** A route only people acting for themselves use: why no entry, and optionally an example showing none is made. */
type Exempt = { exempt: string; run?: () => Promise<BotReply> };

const kitPlan = () => ({ programmeId, groupId: mik, outputId: 'kitPlan-1' });
const video = () => ({ programmeId, groupId: digital, outputId: 'video-1' });
const kitRef = () => ({ programmeId, kitId: `${mik}.kitPlan-1` });
const kitWeeks = (municipalityCode: string, startWeek: string) => ({
  ...kitRef(),
  startWeek,
  weekCount: '1',
  copyId: 'any',
  municipalityCode,
});
const storedKit = async () => (await new KitStore(bot.bot.storage.containers.kits).get(programmeId, kitRef().kitId))!;
/** The booking (or open offer) holding weeks for a municipality. */
const heldBy = async (municipalityCode: string) =>
  (await storedKit()).bookings.find((b) => b.municipalityCode === municipalityCode && holdsWeeks(b))!.bookingId;
const queuedFor = async (municipalityCode: string) =>
  (await storedKit()).waitingList.find((e) => e.municipalityCode === municipalityCode && e.status === 'waiting')!
    .entryId;
const storedEtag = async () => (await bot.outputStore().outputs.get(programmeId, mik, 'kitPlan-1'))!._etag;
const itemIds = async () =>
  (await bot.meetingStore().meetings.get(programmeId, state.meetingId))!.items.map((i) => i.id);
const runningOrder = () => ({
  programmeId,
  startTime: '09:30',
  [`minutes_${mik}`]: '20',
  [`minutes_${digital}`]: '25',
});

/** Every route that changes something, in the order the examples run (each may build on the one before). */
const ROUTES: Record<string, Audited | Exempt> = {
  'programmes.create': {
    by: creator,
    run: () =>
      bot.execute(creator, 'programmes.create', {
        name: 'Läsfrämjande Västernorrland',
        countyCode: '22',
        municipalityCodes: '',
        signUpDeadline: '2027-04-15',
        presentationDay: '2027-11-05',
        group1Name: 'Unga läsare',
      }),
  },
  'programmes.import': { by: creator, run: () => bot.execute(creator, 'programmes.import', { json: example2019 }) },
  'programmes.importFile': {
    by: creator,
    run: () => bot.sendFile(creator, { downloadUrl: `${filesUrl}/program.json`, name: 'program.json' }),
  },
  'programmes.update': {
    by: coordinator,
    run: () =>
      bot.execute(coordinator, 'programmes.update', {
        programmeId,
        name: 'Fokusgrupper digitalt först 2027',
        countyCode: '23',
        municipalityCodes: '',
        signUpDeadline: '2027-03-31',
        presentationDay: '2027-09-17',
      }),
  },
  'programmes.saveGroup': {
    by: coordinator,
    run: () => bot.execute(coordinator, 'programmes.saveGroup', { programmeId, group1Name: 'Bokprat' }),
  },
  'programmes.addRole': {
    by: coordinator,
    run: () =>
      bot.execute(coordinator, 'programmes.addRole', {
        programmeId,
        personId: staff.id,
        personName: staff.name,
        role: 'regionalStaff',
      }),
  },
  'programmes.renewLinks': {
    by: coordinator,
    run: () => bot.execute(coordinator, 'programmes.renewLinks', { programmeId, groupId: mik }),
  },
  'programmes.removeRole': {
    by: coordinator,
    run: async () => {
      await bot.execute(coordinator, 'programmes.addRole', {
        programmeId,
        personId: colleague.id,
        personName: colleague.name,
        role: 'coordinator',
      });
      return bot.execute(coordinator, 'programmes.removeRole', {
        programmeId,
        personId: colleague.id,
        role: 'coordinator',
      });
    },
  },
  'membership.signUp': {
    exempt: 'the person signs themselves up (anyone may): their own data, shown to them under "my data"',
    run: () =>
      bot.execute(coordinator, 'membership.signUp', {
        programmeId,
        groupIds: `${mik},${digital}`,
        municipalityCode: '2380',
        preferredChannel: 'teams',
      }),
  },
  'membership.change': {
    exempt: 'the person changes their own sign-up',
    run: () =>
      bot.execute(coordinator, 'membership.change', {
        programmeId,
        groupIds: `${mik},${digital}`,
        municipalityCode: '2380',
        preferredChannel: 'teams',
        roleOrLibrary: 'Samordnare',
      }),
  },
  'membership.withdraw': {
    exempt: 'the person leaves a group themselves',
    run: () => bot.execute(coordinator, 'membership.withdraw', { programmeId, groupId: digital }),
  },
  'membership.undoWithdraw': {
    exempt: 'the person undoes their own leaving',
    run: () => bot.execute(coordinator, 'membership.undoWithdraw', { programmeId }),
  },
  'membership.add': {
    by: coordinator,
    run: () =>
      bot.execute(coordinator, 'membership.add', {
        programmeId,
        personId: 'f0000000-0000-0000-0000-0000000000ad',
        personName: 'Doris Tillagd',
        groupIds: digital,
        municipalityCode: '2326',
        preferredChannel: 'teams',
      }),
  },
  'programmes.link': {
    by: coordinator,
    run: () =>
      bot.execute(
        coordinator,
        'programmes.link',
        { target: `${programmeId}|${digital}` },
        { conversation: digitalChannel },
      ),
  },
  'programmes.unlink': {
    by: coordinator,
    run: () => bot.execute(coordinator, 'programmes.unlink', { programmeId, groupId: digital }),
  },
  'polls.create': {
    by: coordinator,
    run: async () => {
      const reply = await bot.execute(coordinator, 'polls.create', {
        programmeId,
        groupId: mik,
        question: 'Vilken dag träffas vi?',
        kind: 'date',
        days: '2027-03-31/fullDay,2027-04-01/fullDay',
        deadlineDate: '2027-03-01',
        deadlineHour: '12',
      });
      state.pollId = cardOf(reply).refresh.action.data.pollId;
      return reply;
    },
  },
  'polls.vote': {
    exempt:
      "a vote is the person's own answer (a members-only route): in an anonymous poll, who voted must not be told",
    run: () =>
      bot.execute(
        coordinator,
        'polls.vote',
        { pollId: state.pollId, answer_d1: 'yes', answer_d2: 'no' },
        {
          conversation: groupChannel,
        },
      ),
  },
  'polls.remind': { by: coordinator, run: () => bot.execute(coordinator, 'polls.remind', { pollId: state.pollId }) },
  'polls.close': { by: coordinator, run: () => bot.execute(coordinator, 'polls.close', { pollId: state.pollId }) },
  'polls.confirmDate': {
    by: coordinator,
    run: () =>
      bot.execute(coordinator, 'polls.confirmDate', {
        pollId: state.pollId,
        optionId: 'd2',
        place: 'Kista bibliotek',
        startTime: '09:00',
        endTime: '16:00',
      }),
  },
  'meetings.save': {
    by: coordinator,
    run: async () => {
      const reply = await bot.execute(
        coordinator,
        'meetings.save',
        meetingForm(programmeId, mik, {
          fromPollId: '',
          title: 'Träff i Kista',
          saveAsDefault: 'false',
          programmeText: '',
        }),
      );
      state.meetingId = (await bot.meetingStore().meetings.listForGroup(programmeId, mik))[0]!.meetingId;
      return reply;
    },
  },
  'meetings.saveItem': {
    by: coordinator,
    run: () =>
      bot.execute(coordinator, 'meetings.saveItem', {
        programmeId,
        meetingId: state.meetingId,
        itemId: '',
        sessionId: 'morning',
        startTime: '10:00',
        title: 'Fika',
      }),
  },
  'meetings.paste': {
    by: coordinator,
    run: async () => {
      // The text is shown as read first (nothing saved, no entry); the card's button saves it.
      const preview = cardOf(
        await bot.execute(coordinator, 'meetings.paste', {
          programmeId,
          meetingId: state.meetingId,
          sessionId: 'afternoon',
          text: 'Workshop: ett regionalt MIK-kit\nAnja Dahlstedt, avdelningschef, KB.\n\nSammanfattning',
        }),
      );
      const accept = preview.actions.find((action: any) => action.style === 'positive').data as object;
      const text = preview.body.find((element: any) => element.id === 'text').value as string;
      return bot.execute(coordinator, 'meetings.paste', { ...accept, text });
    },
  },
  'meetings.moveItem': {
    by: coordinator,
    run: async () =>
      bot.execute(coordinator, 'meetings.moveItem', {
        programmeId,
        meetingId: state.meetingId,
        itemId: (await itemIds()).at(-1)!,
        direction: 'up',
      }),
  },
  'meetings.removeItem': {
    by: coordinator,
    run: async () =>
      bot.execute(coordinator, 'meetings.removeItem', {
        programmeId,
        meetingId: state.meetingId,
        itemId: (await itemIds())[0]!,
      }),
  },
  'meetings.publish': {
    by: coordinator,
    run: () => bot.execute(coordinator, 'meetings.publish', { programmeId, meetingId: state.meetingId }),
  },
  addNote: {
    by: coordinator,
    run: () => {
      bot.now = new Date('2027-04-01T15:00:00Z'); // notes are written once the meeting day has come
      return bot.say(coordinator, 'anteckning Vi provar temalådor', { conversation: groupChannel });
    },
  },
  'meetings.addNote': {
    by: coordinator,
    run: () =>
      bot.execute(coordinator, 'meetings.addNote', {
        programmeId,
        meetingId: state.meetingId,
        text: 'Budget klar',
        link: '',
      }),
  },
  'outputs.kitPlanSave': {
    by: coordinator,
    run: () => bot.execute(coordinator, 'outputs.kitPlanSave', { ...kitPlan(), etag: '', rows: '4', ...completePlan }),
  },
  'outputs.submit': {
    by: coordinator,
    run: async () => bot.execute(coordinator, 'outputs.submit', { ...kitPlan(), etag: await storedEtag() }),
  },
  'outputs.return': {
    by: staff,
    run: async () =>
      bot.execute(staff, 'outputs.return', { ...kitPlan(), etag: await storedEtag(), comment: 'Lägg till en budget.' }),
  },
  'outputs.kitPlanSubmit': {
    by: coordinator,
    run: async () =>
      bot.execute(coordinator, 'outputs.kitPlanSubmit', {
        ...kitPlan(),
        etag: await storedEtag(),
        rows: '4',
        ...completePlan,
      }),
  },
  'outputs.approve': {
    by: staff,
    run: async () => bot.execute(staff, 'outputs.approve', { ...kitPlan(), etag: await storedEtag(), comment: '' }),
  },
  // The kit, made of the approved plan (before it is reopened below); staff book and act for any municipality.
  'kit.create': {
    by: staff,
    run: () =>
      bot.execute(staff, 'kit.create', {
        ...kitPlan(),
        name: 'MIK-lådan',
        copies: '1',
        homeLibrary: 'Regionbiblioteket',
        homeMunicipality: '2380',
        minLoanWeeks: '1',
        maxLoanWeeks: '2',
        bookAheadWeeks: '26',
        maxWeeksPerTerm: '4',
        handoverDays: '1',
        offerHours: '48',
        count1: '6',
      }),
  },
  'kit.postCalendar': { by: staff, run: () => bot.execute(staff, 'kit.postCalendar', kitRef()) },
  'kit.book': { by: staff, run: () => bot.execute(staff, 'kit.book', kitWeeks('2303', '2027-W20')) },
  'kit.move': {
    by: staff,
    run: async () =>
      bot.execute(staff, 'kit.move', { ...kitWeeks('2303', '2027-W21'), bookingId: await heldBy('2303') }),
  },
  'kit.queue': { by: staff, run: () => bot.execute(staff, 'kit.queue', kitWeeks('2305', '2027-W21')) },
  'kit.leaveQueue': {
    by: staff,
    run: async () => {
      await bot.execute(staff, 'kit.queue', kitWeeks('2309', '2027-W21'));
      return bot.execute(staff, 'kit.leaveQueue', { ...kitRef(), entryId: await queuedFor('2309') });
    },
  },
  'kit.cancel': {
    by: staff,
    run: async () => bot.execute(staff, 'kit.cancel', { ...kitRef(), bookingId: await heldBy('2303') }),
  },
  'kit.acceptOffer': {
    by: staff,
    run: async () => bot.execute(staff, 'kit.acceptOffer', { ...kitRef(), bookingId: await heldBy('2305') }),
  },
  'kit.declineOffer': {
    by: staff,
    run: async () => {
      await bot.execute(staff, 'kit.queue', kitWeeks('2313', '2027-W21'));
      await bot.execute(staff, 'kit.cancel', { ...kitRef(), bookingId: await heldBy('2305') });
      return bot.execute(staff, 'kit.declineOffer', { ...kitRef(), bookingId: await heldBy('2313') });
    },
  },
  'kit.received': {
    by: staff,
    run: async () => {
      await bot.execute(staff, 'kit.book', kitWeeks('2321', '2027-W22'));
      const legId = `to:${await heldBy('2321')}`;
      return bot.execute(staff, 'kit.received', { ...kitRef(), legId, missing1: '1' });
    },
  },
  'kit.return': {
    by: staff,
    run: async () => {
      // Booked in week 11 for weeks 13–14; on 1 April (week 13) Berg has the kit and gives week 14 back. The clock
      // then moves on a minute, so what follows is newer than the many entries of 15:00 in the log's latest 25.
      bot.now = new Date('2027-03-16T10:00:00Z');
      await bot.execute(staff, 'kit.book', { ...kitWeeks('2326', '2027-W13'), weekCount: '2' });
      bot.now = new Date('2027-04-01T15:01:00Z');
      const bookingId = await heldBy('2326');
      return bot.execute(staff, 'kit.return', { ...kitRef(), bookingId, lastWeek: '2027-W13' });
    },
  },
  'outputs.reopen': {
    by: staff,
    run: async () =>
      bot.execute(staff, 'outputs.reopen', { ...kitPlan(), etag: await storedEtag(), comment: 'En gång till.' }),
  },
  'outputs.expectFile': { by: coordinator, run: () => bot.execute(coordinator, 'outputs.expectFile', video()) },
  'outputs.videoFile': {
    exempt:
      'a file sent in personal chat is admitted for anyone and matched to the output its sender chose; that choice (outputs.expectFile) is audited',
  },
  'outputs.videoLink': {
    by: coordinator,
    run: () =>
      bot.execute(coordinator, 'outputs.videoLink', {
        ...video(),
        url: 'https://regionjh.sharepoint.com/:v:/s/fokus/EaBcD',
        length: '2:58',
      }),
  },
  export: { by: staff, run: () => bot.say(staff, 'exportera') },
  'outputs.export': { by: staff, run: () => bot.execute(staff, 'outputs.export', { programmeId }) },
  'outputs.moveSlot': {
    by: staff,
    run: () => bot.execute(staff, 'outputs.moveSlot', { programmeId, groupId: digital, direction: 'up' }),
  },
  'outputs.saveRunningOrder': { by: staff, run: () => bot.execute(staff, 'outputs.saveRunningOrder', runningOrder()) },
  'outputs.postRunningOrder': { by: staff, run: () => bot.execute(staff, 'outputs.postRunningOrder', runningOrder()) },
  myData: {
    exempt: 'the person reads their own data (the route writes the short-lived link to the file)',
    run: () => bot.say(coordinator, 'mina uppgifter'),
  },
  'privacy.erase': { by: 'erased', run: () => bot.execute(members[7]!, 'privacy.erase', {}) },
  'privacy.eraseMember': {
    by: coordinator,
    run: () => bot.execute(coordinator, 'privacy.eraseMember', { programmeId, personId: members[6]!.id }),
  },
};

/** Route access labels that mean coordinators or regional staff: such a route can never be exempt. */
const STAFF_ACCESS = /coordinator|staff/;

beforeAll(async () => {
  bot = await BotHarness.start({ seedCoordinators: [coordinator] });
  ({ programmeId, mik, digital } = await assembledFocusGroup(bot));
  const served = JSON.stringify({ ...JSON.parse(example2019), name: 'Fokusgrupper 2020' });
  files = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(served);
  });
  await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', () => resolve()));
  filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await bot?.stop();
  files?.closeAllConnections();
  await new Promise((resolve) => files?.close(resolve));
});

async function entriesFor(action: string): Promise<any[]> {
  return ((await everyDocument(bot)).audit ?? []).filter((entry) => entry.action === action);
}

describe('the audit trail covers every route that changes something', () => {
  it('has a row for every such route in the listener registry, and no staff route is exempt', () => {
    const changing = bot.bot.listeners.filter((listener) => listener.effect !== 'reads');
    expect(Object.keys(ROUTES).sort()).toEqual([...new Set(changing.map((listener) => listener.name))].sort());
    for (const listener of changing) {
      const row = ROUTES[listener.name]!;
      if ('exempt' in row) expect(listener.access, `${listener.name} is a staff route`).not.toMatch(STAFF_ACCESS);
    }
    const audited = Object.values(ROUTES).filter((row) => 'by' in row).length;
    console.log(`audit coverage: ${audited} of ${Object.keys(ROUTES).length} routes that change something are audited`);
    expect(`${audited} of ${Object.keys(ROUTES).length} routes that change something are audited`).toBe(
      '49 of 56 routes that change something are audited',
    );
  });

  it.each(Object.entries(ROUTES))('%s', async (action, row) => {
    const before = (await entriesFor(action)).map((entry) => entry.id);
    const reply = row.run ? await row.run() : undefined;
    const added = (await entriesFor(action)).filter((entry) => !before.includes(entry.id));
    if ('exempt' in row) {
      expect(added, row.exempt).toEqual([]);
      return;
    }
    const answer = reply ? textOf(reply) || cardText(cardOf(reply) ?? postedCard(reply) ?? {}) : '';
    expect(added, `one entry for ${action}; the answer was: ${answer.slice(0, 300)}`).toHaveLength(1);
    const [entry] = added;
    if (row.by === 'erased') {
      expect(entry.actor).toMatchObject({ id: expect.stringMatching(/^erased:/), name: 'Raderad person' });
    } else {
      expect(entry.actor).toEqual({ id: row.by.id, name: row.by.name });
    }
    expect(entry.at).toBe(bot.now.toISOString());
    // Every entry can be read in both languages.
    for (const language of ['sv', 'en'] as const) {
      const actions = (localeResources()[language].audit as { actions: Record<string, unknown> }).actions;
      const label = action.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)?.[key], actions);
      expect(typeof label, `${language} audit:actions.${action}`).toBe('string');
    }
  });
});

describe('what the entries say, and who reads them', () => {
  it('names the object, the person a change was about, and a short before and after', async () => {
    const [role] = await entriesFor('programmes.addRole');
    expect(role).toMatchObject({
      programmeId,
      role: 'coordinator',
      object: { kind: 'programme', label: 'Fokusgrupper digitalt först 2027' },
      subject: staff,
      after: 'regionalStaff',
    });
    const [approved] = await entriesFor('outputs.approve');
    expect(approved).toMatchObject({
      role: 'regionalStaff',
      object: { kind: 'output', id: `${mik}/kitPlan-1`, label: 'Plan för ett regionalt bokningsbart MIK-kit' },
      group: { id: mik, name: 'MIK & ungas medievärldar' },
      before: 'submitted',
      after: 'approved',
      changed: { outputs: 1 },
    });
    const [reminded] = await entriesFor('polls.remind');
    expect(reminded.after).toMatch(/^\d+\/\d+$/);
  });

  it('shows coordinators the latest entries of their programme, in Swedish and English, in personal chat only', async () => {
    const log = validCard(await bot.say(coordinator, 'logg'));
    const text = cardText(log);
    expect(text).toContain('Ändringslogg: Fokusgrupper digitalt först 2027');
    expect(text).toContain('Sara Regional (regional personal)');
    expect(text).toContain('Öppnade igen: Plan för ett regionalt bokningsbart MIK-kit (MIK & ungas medievärldar)');
    expect(text).toContain('Godkänt → Återsänt');
    const english = cardText(validCard(await bot.say(coordinator, 'audit log', { locale: 'en-GB' })));
    expect(english).toContain('Audit log: Fokusgrupper digitalt först 2027');
    expect(english).toContain('Reopened: Plan för ett regionalt bokningsbart MIK-kit (MIK & ungas medievärldar)');
    expect(english).toContain('Approved → Returned');
    expect(textOf(await bot.say(coordinator, 'logg', { conversation: groupChannel }))).toBe(
      'Ändringsloggen visar jag bara i vår privata chatt, eftersom den namnger vem som gjort vad.',
    );
    expect(textOf(await bot.say(staff, 'logg'))).toBe('Ändringsloggen är för programmets samordnare.');
    expect(textOf(await bot.say(members[0]!, 'audit log', { locale: 'en-US' }))).toBe(
      "The audit log is for the programme's coordinators.",
    );
  });

  it('writes no entry for a form sent back with errors', async () => {
    const before = (await entriesFor('outputs.kitPlanSave')).length;
    const reply = await bot.execute(coordinator, 'outputs.kitPlanSave', {
      ...kitPlan(),
      etag: await storedEtag(),
      rows: '4',
      name: '',
    });
    expect(cardText(cardOf(reply))).toContain('Ingenting har sparats.');
    expect(await entriesFor('outputs.kitPlanSave')).toHaveLength(before);
  });
});
