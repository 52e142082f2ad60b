import type { Container } from '@azure/cosmos';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localeResources, translator } from '../../src/platform/i18n.js';
import type { ListenerInfo } from '../../src/platform/teams/router.js';
import { BotHarness, cardOf, textOf, type BotReply, type TestPerson } from '../support/bot-harness.js';
import { JAMTLAND, coordinator, groupChannel, meetingForm, giveRole } from '../support/focus-group.js';
import { DEFAULT_RULES } from '../../src/features/kit/domain.js';
import { kitDocumentId, kitSchema } from '../../src/features/kit/schema.js';
import { KitStore } from '../../src/features/kit/store.js';

/**
 * Every command, card verb and file listener the bot registers × every kind of person: who may use it is what
 * the route's guard says, and nobody gets further than that. A refused cell must answer with an access refusal
 * and leave every container exactly as it was; an allowed cell must not be refused for access (a domain answer
 * such as "the poll is closed" is fine). The table below must cover the listener registry: a new verb without an
 * entry fails the first test.
 */

type Persona = 'foreign' | 'none' | 'otherGroup' | 'member' | 'staff' | 'coordinator';
const PERSONAS: Persona[] = ['foreign', 'none', 'otherGroup', 'member', 'staff', 'coordinator'];

/** Someone in another Microsoft 365 tenant, even one carrying the coordinator's object id, gets nowhere. */
const FOREIGN_TENANT = 'another-tenant';
/** Everyone in the region's tenant: what `anyone` means once the door has let them in. */
const IN_TENANT = PERSONAS.filter((persona) => persona !== 'foreign');

const people: Record<Persona, TestPerson> = {
  foreign: coordinator,
  coordinator,
  staff: { id: 'a1000000-0000-0000-0000-000000000002', name: 'Regina Regional' },
  member: { id: 'a1000000-0000-0000-0000-000000000003', name: 'Maja Medlem' },
  otherGroup: { id: 'a1000000-0000-0000-0000-000000000004', name: 'Olof Annangrupp' },
  none: { id: 'a1000000-0000-0000-0000-000000000005', name: 'Nils Ingen' },
};

/** Who each access label lets in (the creator rule is set to the coordinator for this test). */
const ALLOWED: Record<string, Persona[]> = {
  anyone: IN_TENANT,
  'group member': ['member'],
  'group reader': ['member', 'staff', 'coordinator'],
  'group present': ['member', 'staff', 'coordinator'],
  'group coordinator': ['coordinator'],
  'group staff': ['staff', 'coordinator'],
  'programme coordinator': ['coordinator'],
  'programme staff': ['staff', 'coordinator'],
  'programme creator': ['coordinator'],
  // Sent in the group's channel: the group's readers, and for `present` anyone in the channel.
  'here reader': ['member', 'staff', 'coordinator'],
  // The kit: anyone signed up for the programme (any group) books for their municipality; staff for any.
  'programme signed up': ['member', 'otherGroup', 'staff', 'coordinator'],
};

/** Commands that take their group from where they are said are said in MIK's channel, where `present` lets anyone in. */
const ALLOWED_IN_CHANNEL: Record<string, Persona[]> = { 'group present': IN_TENANT };

/** What the world holds, for building each listener's input. */
type World = { programmeId: string; mik: string; digital: string; pollId: string; meetingId: string; etag: string };

type Send =
  | { say: string; in?: 'channel' }
  | { verb: string; data: (w: World) => Record<string, unknown>; in?: 'channel' }
  | { file: 'json' | 'video' };

const outputRef = (w: World) => ({ programmeId: w.programmeId, groupId: w.mik, outputId: 'kitPlan-1' });
const group = (w: World) => ({ programmeId: w.programmeId, groupId: w.mik });
const programme = (w: World) => ({ programmeId: w.programmeId });
const poll = (w: World) => ({ pollId: w.pollId });
const meeting = (w: World) => ({ programmeId: w.programmeId, meetingId: w.meetingId });
const signUpData = (w: World) => ({
  programmeId: w.programmeId,
  groupIds: w.mik,
  municipalityCode: '2380',
  preferredChannel: 'teams',
});
const kitPlanForm = (w: World) => ({ ...outputRef(w), etag: w.etag, rows: '4', name: 'Matrisens kit' });
const runningOrderForm = (w: World) => ({ programmeId: w.programmeId, startTime: '09:00' });
const kitRef = (w: World) => ({ programmeId: w.programmeId, kitId: MATRIX_KIT });
const kitWeeks = (w: World) => ({
  ...kitRef(w),
  startWeek: '2027-W20',
  weekCount: '1',
  copyId: 'any',
  municipalityCode: JAMTLAND[0][0],
});

/** One way to reach each listener. Changing ones also name what they act on in group MIK. */
const SENDS: Record<string, Send> = {
  // commands
  help: { say: 'hjälp' },
  programmes: { say: 'program' },
  signUp: { say: 'anmäl' },
  myGroups: { say: 'mina grupper' },
  members: { say: 'medlemmar', in: 'channel' },
  coverage: { say: 'täckning' },
  linkGroup: { say: 'koppla grupp', in: 'channel' },
  newProgramme: { say: 'nytt program' },
  newPoll: { say: 'ny omröstning', in: 'channel' },
  newMeeting: { say: 'nytt möte', in: 'channel' },
  nextMeeting: { say: 'nästa möte', in: 'channel' },
  agenda: { say: 'dagordning', in: 'channel' },
  notes: { say: 'anteckningar', in: 'channel' },
  addNote: { say: 'anteckning Matrisen var här', in: 'channel' },
  outputs: { say: 'resultat', in: 'channel' },
  overview: { say: 'översikt' },
  export: { say: 'exportera' },
  presentationDay: { say: 'presentationsdag' },
  'help.show': { verb: 'help.show', data: () => ({}) },
  // programmes
  'programmes.createForm': { verb: 'programmes.createForm', data: () => ({}) },
  'programmes.create': {
    verb: 'programmes.create',
    data: () => ({
      name: 'Matrisprogram',
      countyCode: '23',
      signUpDeadline: '2027-03-29',
      presentationDay: '2027-09-17',
    }),
  },
  'programmes.importForm': { verb: 'programmes.importForm', data: () => ({}) },
  'programmes.import': {
    verb: 'programmes.import',
    data: () => ({
      json: JSON.stringify({
        name: 'Importerat',
        county: '23',
        signUpDeadline: '2027-03-29',
        presentationDay: '2027-09-17',
      }),
    }),
  },
  'programmes.importFile': { file: 'json' },
  'programmes.manage': { verb: 'programmes.manage', data: programme },
  'programmes.editForm': { verb: 'programmes.editForm', data: programme },
  'programmes.update': {
    verb: 'programmes.update',
    data: (w) => ({
      ...programme(w),
      name: 'Omdöpt',
      countyCode: '23',
      signUpDeadline: '2027-03-29',
      presentationDay: '2027-09-17',
    }),
  },
  'programmes.groupForm': { verb: 'programmes.groupForm', data: programme },
  'programmes.saveGroup': { verb: 'programmes.saveGroup', data: (w) => ({ ...programme(w), group1Name: 'Ny grupp' }) },
  'programmes.roleForm': { verb: 'programmes.roleForm', data: programme },
  'programmes.renewLinks': { verb: 'programmes.renewLinks', data: group },
  'programmes.addRole': {
    verb: 'programmes.addRole',
    data: (w) => ({ ...programme(w), personId: people.none.id, personName: people.none.name, role: 'coordinator' }),
  },
  'programmes.removeRole': {
    verb: 'programmes.removeRole',
    data: (w) => ({ ...programme(w), personId: people.staff.id, role: 'regionalStaff' }),
  },
  // membership
  'membership.signUpForm': { verb: 'membership.signUpForm', data: group },
  'membership.signUp': { verb: 'membership.signUp', data: signUpData },
  'membership.changeForm': { verb: 'membership.changeForm', data: programme },
  'membership.change': { verb: 'membership.change', data: signUpData },
  'membership.withdraw': { verb: 'membership.withdraw', data: group },
  'membership.undoWithdraw': { verb: 'membership.undoWithdraw', data: programme },
  'membership.myGroups': { verb: 'membership.myGroups', data: programme },
  'membership.addForm': { verb: 'membership.addForm', data: programme },
  'membership.add': {
    verb: 'membership.add',
    data: (w) => ({ ...signUpData(w), personId: people.none.id, personName: people.none.name }),
  },
  'membership.members': { verb: 'membership.members', data: group },
  'membership.coverage': { verb: 'membership.coverage', data: programme },
  'programmes.link': { verb: 'programmes.link', data: (w) => ({ target: `${w.programmeId}|${w.mik}` }), in: 'channel' },
  'programmes.unlink': { verb: 'programmes.unlink', data: group },
  // polls
  'polls.form': { verb: 'polls.form', data: group },
  'polls.proposeDays': {
    verb: 'polls.proposeDays',
    data: (w) => ({ ...group(w), from: '2027-04-12', to: '2027-04-16' }),
  },
  'polls.create': {
    verb: 'polls.create',
    data: (w) => ({
      ...group(w),
      question: 'Matris?',
      kind: 'single',
      options: 'Ja\nNej',
      deadlineDate: '2027-03-01',
      deadlineHour: '12',
    }),
  },
  'polls.vote': { verb: 'polls.vote', data: (w) => ({ ...poll(w), choice: 'o1' }) },
  'polls.refresh': { verb: 'polls.refresh', data: poll },
  'polls.results': { verb: 'polls.results', data: poll },
  'polls.close': { verb: 'polls.close', data: poll },
  'polls.confirmDate': { verb: 'polls.confirmDate', data: (w) => ({ ...poll(w), optionId: 'o1' }) },
  'polls.nonResponders': { verb: 'polls.nonResponders', data: poll },
  'polls.remind': { verb: 'polls.remind', data: poll },
  // meetings
  'meetings.form': { verb: 'meetings.form', data: (w) => ({ ...group(w), meetingId: '' }) },
  'meetings.save': {
    verb: 'meetings.save',
    data: (w) => ({ ...meeting(w), date: '2027-04-02', startTime: '09:00', endTime: '16:00', place: 'Matrisen' }),
  },
  'meetings.reviseForm': {
    verb: 'meetings.reviseForm',
    data: (w) => ({ ...group(w), date: '2027-04-20', programmeText: '09.30 Välkomna' }),
  },
  'meetings.edit': { verb: 'meetings.edit', data: meeting },
  'meetings.itemForm': { verb: 'meetings.itemForm', data: meeting },
  'meetings.saveItem': { verb: 'meetings.saveItem', data: (w) => ({ ...meeting(w), title: 'Matrispunkt' }) },
  'meetings.moveItem': { verb: 'meetings.moveItem', data: (w) => ({ ...meeting(w), itemId: 'none', direction: 'up' }) },
  'meetings.removeItem': { verb: 'meetings.removeItem', data: (w) => ({ ...meeting(w), itemId: 'none' }) },
  'meetings.pasteForm': { verb: 'meetings.pasteForm', data: meeting },
  'meetings.paste': { verb: 'meetings.paste', data: (w) => ({ ...meeting(w), text: 'Välkommen' }) },
  'meetings.publish': { verb: 'meetings.publish', data: meeting },
  'meetings.next': { verb: 'meetings.next', data: group },
  'meetings.agenda': { verb: 'meetings.agenda', data: group },
  'meetings.show': { verb: 'meetings.show', data: meeting },
  'meetings.notes': { verb: 'meetings.notes', data: group },
  'meetings.addNote': { verb: 'meetings.addNote', data: (w) => ({ ...meeting(w), text: 'Matrisanteckning' }) },
  // outputs
  'outputs.view': { verb: 'outputs.view', data: outputRef },
  'outputs.kitPlanForm': { verb: 'outputs.kitPlanForm', data: outputRef },
  'outputs.kitPlanMoreRows': { verb: 'outputs.kitPlanMoreRows', data: kitPlanForm },
  'outputs.kitPlanSave': { verb: 'outputs.kitPlanSave', data: kitPlanForm },
  'outputs.kitPlanSubmit': { verb: 'outputs.kitPlanSubmit', data: kitPlanForm },
  'outputs.submit': { verb: 'outputs.submit', data: (w) => ({ ...outputRef(w), etag: w.etag }) },
  'outputs.videoLinkForm': { verb: 'outputs.videoLinkForm', data: outputRef },
  'outputs.videoLink': {
    verb: 'outputs.videoLink',
    data: (w) => ({ ...outputRef(w), url: 'https://youtu.be/x', length: '2:00' }),
  },
  'outputs.expectFile': { verb: 'outputs.expectFile', data: outputRef },
  'outputs.videoFile': { file: 'video' },
  'outputs.approve': { verb: 'outputs.approve', data: (w) => ({ ...outputRef(w), etag: w.etag }) },
  'outputs.return': { verb: 'outputs.return', data: (w) => ({ ...outputRef(w), etag: w.etag, comment: 'Mer' }) },
  'outputs.reopen': { verb: 'outputs.reopen', data: (w) => ({ ...outputRef(w), etag: w.etag, comment: 'Igen' }) },
  'outputs.overview': { verb: 'outputs.overview', data: programme },
  'outputs.export': { verb: 'outputs.export', data: programme },
  'outputs.runningOrder': { verb: 'outputs.runningOrder', data: programme },
  'outputs.moveSlot': { verb: 'outputs.moveSlot', data: (w) => ({ ...group(w), direction: 'down' }) },
  'outputs.saveRunningOrder': { verb: 'outputs.saveRunningOrder', data: runningOrderForm },
  'outputs.postRunningOrder': { verb: 'outputs.postRunningOrder', data: runningOrderForm },
  // the kit (a kit with a booking, an open offer and a queue place of the member's municipality: see matrixKit)
  bookKit: { say: 'boka kit' },
  'kit.createForm': { verb: 'kit.createForm', data: outputRef },
  'kit.create': {
    verb: 'kit.create',
    data: (w) => ({ ...outputRef(w), name: 'Matriskit', copies: '1', homeLibrary: 'Matrisbiblioteket' }),
  },
  'kit.calendar': { verb: 'kit.calendar', data: (w) => ({ ...kitRef(w), from: '' }) },
  'kit.book': { verb: 'kit.book', data: kitWeeks },
  'kit.queue': { verb: 'kit.queue', data: (w) => ({ ...kitWeeks(w), startWeek: '2027-W12' }) },
  'kit.cancel': { verb: 'kit.cancel', data: (w) => ({ ...kitRef(w), bookingId: 'b1' }) },
  'kit.move': { verb: 'kit.move', data: (w) => ({ ...kitWeeks(w), bookingId: 'b1' }) },
  'kit.leaveQueue': { verb: 'kit.leaveQueue', data: (w) => ({ ...kitRef(w), entryId: 'q1' }) },
  'kit.returnForm': { verb: 'kit.returnForm', data: (w) => ({ ...kitRef(w), bookingId: 'b2' }) },
  'kit.return': { verb: 'kit.return', data: (w) => ({ ...kitRef(w), bookingId: 'b2', lastWeek: '2027-W07' }) },
  'kit.acceptOffer': { verb: 'kit.acceptOffer', data: (w) => ({ ...kitRef(w), bookingId: 'o1' }) },
  'kit.declineOffer': { verb: 'kit.declineOffer', data: (w) => ({ ...kitRef(w), bookingId: 'o1' }) },
  'kit.receivedForm': { verb: 'kit.receivedForm', data: (w) => ({ ...kitRef(w), legId: 'to:b1' }) },
  'kit.received': { verb: 'kit.received', data: (w) => ({ ...kitRef(w), legId: 'to:b1', missing1: '1' }) },
  'kit.fairness': { verb: 'kit.fairness', data: (w) => ({ ...kitRef(w), term: '' }) },
  'kit.postCalendar': { verb: 'kit.postCalendar', data: kitRef },
  // audit and privacy
  auditLog: { say: 'logg' },
  'audit.log': { verb: 'audit.log', data: programme },
  myData: { say: 'mina uppgifter' },
  eraseMyData: { say: 'radera mina uppgifter' },
  'privacy.eraseConfirm': { verb: 'privacy.eraseConfirm', data: () => ({}) },
  'privacy.erase': { verb: 'privacy.erase', data: () => ({}) },
  'privacy.cancel': { verb: 'privacy.cancel', data: () => ({}) },
  'privacy.eraseMemberConfirm': {
    verb: 'privacy.eraseMemberConfirm',
    data: (w) => ({ ...programme(w), personId: people.member.id }),
  },
  'privacy.eraseMember': {
    verb: 'privacy.eraseMember',
    data: (w) => ({ ...programme(w), personId: people.member.id }),
  },
};

/** Listeners that no person sends on their own: Teams raises them (install, meetings) or they answer leftovers. */
const NOT_SENT_BY_PEOPLE = new Set([
  'installed',
  'meetingStarted',
  'meetingEnded',
  'unknownCommand',
  'emptyMessage',
  'unknownCardAction',
]);

/** Every refusal a guard can give, as patterns over the Swedish texts. */
const ACCESS_REFUSALS = [
  'membership:errors.notInThisGroup',
  'membership:errors.coverageNotAllowed',
  'membership:errors.noGroupsYet',
  'membership:errors.unknownGroupName',
  'programmes:errors.notCoordinator',
  'programmes:errors.notStaff',
  'programmes:errors.notCreator',
  'polls:errors.notMember',
  'polls:errors.noGroupToPollIn',
  'meetings:errors.notInGroup',
  'meetings:errors.noGroups',
  'meetings:errors.noGroupToPlan',
  'meetings:errors.noteWhere',
  'outputs:errors.notInGroup',
  'outputs:errors.staffOnly',
  'audit:errors.coordinatorsOnly',
  'kit:errors.notSignedUp',
  'kit:errors.notSignedUpAnywhere',
].map((key) => {
  const [namespace, path] = key.split(':') as [string, string];
  const template = path
    .split('.')
    .reduce<unknown>(
      (node, part) => (node as Record<string, unknown>)[part],
      localeResources().sv[namespace],
    ) as string;
  const escaped = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\{[^}]+\}\}/g, '.*');
  return { key, pattern: new RegExp(`^${escaped}$`, 's') };
});

/** The door's answers to another tenant: 403 to a card action, one short line (once an hour) to a message. */
const doorRefusal = (localeResources().sv.common as { door: { otherOrganisation: string } }).door.otherOrganisation;
function turnedAwayAtTheDoor(reply: BotReply): string | undefined {
  if (reply.status === 403) return 'door: 403';
  const texts = reply.activities.map((activity: { text?: string }) => activity.text ?? '');
  if (reply.status === 200 && texts.every((text) => text === doorRefusal)) return 'door: refused';
  return undefined;
}

const accessRefusalOf = (text: string) => ACCESS_REFUSALS.find(({ pattern }) => pattern.test(text))?.key;
const unexpected = translator('sv')('common:errors.unexpected');

/** Every document of every container (new containers included), to prove a refused cell changed nothing. */
async function snapshot(
  bot: BotHarness,
): Promise<Map<string, { container: Container; key: string; docs: Map<string, string> }>> {
  const { database } = bot.bot.storage;
  const { resources } = await database.containers.readAll().fetchAll();
  const all = new Map<string, { container: Container; key: string; docs: Map<string, string> }>();
  for (const definition of resources) {
    const container = database.container(definition.id);
    const key = definition.partitionKey!.paths[0]!.slice(1);
    const { resources: items } = await container.items.readAll().fetchAll();
    const docs = new Map(
      items.map((item) => {
        const { _etag, _ts, _rid, _self, _attachments, ...rest } = item as Record<string, unknown>;
        return [`${String(rest[key])}/${String(rest.id)}`, JSON.stringify({ ...rest, _etag })];
      }),
    );
    all.set(definition.id, { container, key, docs });
  }
  return all;
}

function differences(before: Awaited<ReturnType<typeof snapshot>>, after: Awaited<ReturnType<typeof snapshot>>) {
  const changed: string[] = [];
  for (const [name, { docs }] of after) {
    // The record that an activity was answered (for redeliveries) is not an effect of it.
    if (name === 'activities') continue;
    const previous = before.get(name)?.docs ?? new Map<string, string>();
    for (const [id, body] of docs) {
      // The outbox worker moves messages along on its own: a new message is an effect, a delivered one is not.
      if (previous.get(id) !== body && !(name === 'outbox' && previous.has(id))) changed.push(`${name}/${id}`);
    }
    for (const id of previous.keys()) if (!docs.has(id)) changed.push(`${name}/${id} (deleted)`);
  }
  return changed;
}

/** Puts every container back as it was, so an allowed change in one cell does not shape the next. */
async function restore(bot: BotHarness, saved: Awaited<ReturnType<typeof snapshot>>) {
  const now = await snapshot(bot);
  for (const [name, { container, key, docs }] of now) {
    const keep = saved.get(name)?.docs ?? new Map<string, string>();
    for (const id of docs.keys()) {
      if (keep.has(id)) continue;
      const [partition, ...rest] = id.split('/');
      await container.item(rest.join('/'), partition).delete();
    }
    for (const [id, body] of keep) {
      if (docs.get(id) === body) continue;
      const { _etag, ...document } = JSON.parse(body) as Record<string, unknown>;
      void _etag;
      void key;
      await container.items.upsert(document);
    }
  }
}

const MATRIX_KIT = 'matrix-kit';

/**
 * A kit written straight into the store (the route that makes one needs an approved plan, which would change what
 * the outputs' cells find): a confirmed booking `b1` and an open offer `o1` for the member's municipality, and a
 * queue place `q1` of it, so every kit verb has something to act on; and the other group's municipality holding
 * the kit now (`b2`, weeks 7–8), for returning it early.
 */
function matrixKit(programmeId: string, groupId: string, regionCodes: string[]) {
  const at = '2027-02-15T09:00:00.000Z';
  const municipalityCode = JAMTLAND[0][0];
  const holders = { member: municipalityCode, otherGroup: JAMTLAND[1][0] };
  const booking = (
    bookingId: string,
    startWeek: string,
    status: 'confirmed' | 'offered',
    holder: keyof typeof holders = 'member',
    weekCount = 1,
  ) => ({
    bookingId,
    copyId: '1',
    municipalityCode: holders[holder],
    libraryName: '',
    startWeek,
    weekCount,
    bookedBy: people[holder],
    contact: people[holder],
    status,
    ...(status === 'offered' ? { offer: { entryId: 'q0', offeredAt: at, expiresAt: '2027-12-31T00:00:00.000Z' } } : {}),
    calendarToken: `token-${bookingId}`,
    createdAt: at,
    updatedAt: at,
  });
  return kitSchema.parse({
    id: kitDocumentId(MATRIX_KIT),
    type: 'kit',
    programmeId,
    kitId: MATRIX_KIT,
    name: 'Matriskit',
    source: { groupId, outputId: 'kitPlan-1' },
    contents: [{ itemId: 'item1', name: 'Micro:bit', count: 4 }],
    copies: [{ copyId: '1', label: 'Matriskit', homeLibrary: { name: 'Regionbiblioteket', municipalityCode: '2380' } }],
    rules: DEFAULT_RULES,
    administrators: [people.staff],
    regionCodes,
    bookings: [
      booking('b2', '2027-W07', 'confirmed', 'otherGroup', 2),
      booking('b1', '2027-W12', 'confirmed'),
      booking('o1', '2027-W14', 'offered'),
    ],
    waitingList: [
      {
        entryId: 'q1',
        municipalityCode,
        libraryName: '',
        person: people.member,
        startWeek: '2027-W16',
        weekCount: 1,
        createdAt: at,
        status: 'waiting',
      },
    ],
    createdBy: people.staff,
    createdAt: at,
    updatedBy: people.staff,
    updatedAt: at,
  });
}

let bot: BotHarness;
let world: World;
let files: { url: string; close(): Promise<void> };

async function startFileServer() {
  const { createServer } = await import('node:http');
  const server = createServer((request, response) => {
    response.writeHead(200, { 'content-type': 'application/octet-stream' });
    response.end(request.url?.endsWith('.json') ? '{"name":"Fil"}' : 'not a video');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

beforeAll(async () => {
  bot = await BotHarness.start({
    seedCoordinators: [coordinator],
    environment: { PROGRAMME_CREATOR_IDS: coordinator.id },
  });
  files = await startFileServer();
  const [stored] = await bot.storage().programmes.list();
  const programmeId = stored!.programmeId;
  const [mik, digital] = stored!.groups.map((g) => g.id) as [string, string];
  await giveRole(bot, programmeId, people.staff, 'regionalStaff');
  const signUp = (person: TestPerson, groupId: string, code: string) =>
    bot.execute(person, 'membership.signUp', {
      programmeId,
      groupIds: groupId,
      municipalityCode: code,
      preferredChannel: 'teams',
    });
  await signUp(people.member, mik, JAMTLAND[0][0]);
  await signUp(people.otherGroup, digital, JAMTLAND[1][0]);
  await bot.execute(
    coordinator,
    'programmes.link',
    { target: `${programmeId}|${mik}` },
    { conversation: groupChannel },
  );
  const created = await bot.execute(coordinator, 'polls.create', {
    programmeId,
    groupId: mik,
    question: 'Vilken dag?',
    kind: 'date',
    days: '2027-04-13/fullDay,2027-04-14/fullDay',
    deadlineDate: '2027-03-01',
    deadlineHour: '12',
  });
  const pollId = String(JSON.stringify(cardOf(created)).match(/"pollId":"([^"]+)"/)?.[1]);
  const planned = await bot.execute(
    coordinator,
    'meetings.save',
    meetingForm(programmeId, mik, { date: '2027-04-13', place: 'Östersunds bibliotek' }),
  );
  const meetingId = String(JSON.stringify(cardOf(planned)).match(/"meetingId":"([^"]+)"/)?.[1]);
  await bot.execute(people.member, 'outputs.kitPlanSave', {
    programmeId,
    groupId: mik,
    outputId: 'kitPlan-1',
    etag: '',
    rows: '4',
    name: 'Temalådor',
  });
  await new KitStore(bot.bot.storage.containers.kits).create(
    matrixKit(programmeId, mik, stored!.region.municipalityCodes),
  );
  const output = await bot.outputStore().outputs.get(programmeId, mik, 'kitPlan-1');
  world = { programmeId, mik, digital, pollId, meetingId, etag: output!._etag };
  expect([pollId, meetingId, world.etag].every((value) => value && value !== 'undefined')).toBe(true);
}, 120_000);
afterAll(async () => {
  await files?.close();
  await bot?.stop();
});

async function send(persona: Persona, how: Send): Promise<BotReply> {
  const person = people[persona];
  const options = {
    ...('in' in how && how.in === 'channel' ? { conversation: groupChannel } : {}),
    ...(persona === 'foreign' ? { tenantId: FOREIGN_TENANT } : {}),
  };
  if ('say' in how) return bot.say(person, how.say, options);
  if ('file' in how) {
    const name = how.file === 'json' ? 'program.json' : 'film.mp4';
    return bot.sendFile(person, { downloadUrl: `${files.url}/${name}`, name }, options);
  }
  return bot.execute(person, how.verb, how.data(world), options);
}

describe('the access matrix', () => {
  let listeners: readonly ListenerInfo[];
  beforeAll(() => {
    listeners = bot.bot.listeners.filter((listener) => !NOT_SENT_BY_PEOPLE.has(listener.kind));
  });

  it('has a way to reach every listener the bot registers, and a rule for every access label', () => {
    expect(listeners.map((l) => l.name).sort()).toEqual(Object.keys(SENDS).sort());
    for (const listener of listeners) expect(Object.keys(ALLOWED), listener.name).toContain(listener.access);
  });

  it('lets in exactly whom each guard names: no escalation, nothing changed by a refusal', async () => {
    const escalations: string[] = [];
    const wronglyRefused: string[] = [];
    const errors: string[] = [];
    let cells = 0;
    for (const listener of listeners) {
      for (const persona of PERSONAS) {
        cells += 1;
        const how = SENDS[listener.name]!;
        const inChannel = 'in' in how && how.in === 'channel';
        const allowed = ((inChannel && ALLOWED_IN_CHANNEL[listener.access]) || ALLOWED[listener.access]!).includes(
          persona,
        );
        const before = await snapshot(bot);
        const reply = await send(persona, how);
        const text = textOf(reply);
        const refusedFor =
          persona === 'foreign' ? turnedAwayAtTheDoor(reply) : text ? accessRefusalOf(text) : undefined;
        if (reply.status >= 500 || text === unexpected)
          errors.push(`${listener.name} × ${persona}: ${reply.status} ${text}`);
        if (allowed) {
          if (refusedFor) wronglyRefused.push(`${listener.name} × ${persona}: ${refusedFor}`);
          // What it sent is delivered first: a delivery's hook (a poll learning its card's id) must not land later.
          if (listener.effect !== 'reads') await bot.delivered().then(() => restore(bot, before));
        } else {
          const changed = differences(before, await snapshot(bot));
          if (!refusedFor || changed.length > 0)
            escalations.push(
              `${listener.name} × ${persona}: "${text.slice(0, 80)}" changed ${changed.join(', ') || 'nothing'}`,
            );
          if (changed.length > 0) await restore(bot, before);
        }
      }
    }
    console.log(`access matrix: ${listeners.length} listeners × ${PERSONAS.length} people = ${cells} cells`);
    expect(escalations).toEqual([]);
    expect(wronglyRefused).toEqual([]);
    expect(errors).toEqual([]);
  }, 600_000);

  it('takes every change once when Teams delivers the same activity twice, and answers the same', async () => {
    const doubled: string[] = [];
    const changing = listeners.filter((listener) => listener.effect !== 'reads');
    for (const listener of changing) {
      const allowed = ALLOWED[listener.access]!;
      const persona = (['coordinator', 'member', 'staff'] as const).find((p) => allowed.includes(p)) ?? allowed[0]!;
      const world = await snapshot(bot);
      const first = await send(persona, SENDS[listener.name]!);
      await bot.delivered(); // what the outbox does with the first delivery's messages is not the redelivery's
      const afterFirst = await snapshot(bot);
      const again = await bot.post(first.request);
      const changed = differences(afterFirst, await snapshot(bot));
      // The answer is the invoke's body and the messages sent in reply to the activity; the outbox may deliver its own
      // messages (a reminder) while the request is open, and those are not part of the answer.
      const replies = (reply: BotReply) =>
        JSON.stringify(reply.activities.filter((activity) => activity?.replyToId === reply.request.id));
      const sameAnswer = JSON.stringify(again.body) === JSON.stringify(first.body) && replies(again) === replies(first);
      const answered = first.body !== undefined || JSON.parse(replies(first)).length > 0;
      if (!answered) doubled.push(`${listener.name}: no answer to compare`);
      if (changed.length > 0 || !sameAnswer)
        doubled.push(`${listener.name}: ${changed.join(', ') || 'a different answer'}`);
      await restore(bot, world);
    }
    console.log(`redelivery: ${changing.length} changing listeners, each delivered twice`);
    expect(doubled).toEqual([]);
  }, 600_000);
});
