import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotHarness, cardText, type TestPerson } from '../support/bot-harness.js';
import { validCard } from '../support/adaptive-cards.js';
import {
  assembledFocusGroup,
  coordinator,
  members,
  regionalStaff as staff,
  withRegionalStaff,
} from '../support/focus-group.js';

/**
 * Issue 12, items 10 and 15: a second representative of a municipality is welcomed and told who else represents
 * it; a review of an output whose group has no conversation is told to the person who submitted it, 1:1.
 */
let bot: BotHarness;
let programmeId: string;
let mik: string;
let digital: string;
const bracke = members[1]!;
const bo: TestPerson = { id: 'n0000000-0000-0000-0000-000000000001', name: 'Bo Ragunda' };
const cecilia: TestPerson = { id: 'n0000000-0000-0000-0000-000000000002', name: 'Cecilia Ragunda' };

beforeAll(async () => {
  bot = await BotHarness.start({ seedCoordinators: [coordinator] });
  ({ programmeId, mik, digital } = await assembledFocusGroup(bot));
  await withRegionalStaff(bot, programmeId);
});
afterAll(async () => bot?.stop());

const signUp = (person: TestPerson, groupIds: string, code: string, locale?: string) =>
  bot.execute(
    person,
    'membership.signUp',
    { programmeId, groupIds, municipalityCode: code, preferredChannel: 'teams' },
    locale ? { locale } : {},
  );

describe('a municipality with several representatives (item 10)', () => {
  it('accepts a second representative and tells them who else represents the municipality there', async () => {
    const card = validCard(await signUp(bo, mik, '2303'));
    expect(cardText(card)).toContain('Tack, du är anmäld!');
    expect(cardText(card)).toContain(
      'Du är med i: MIK & ungas medievärldar. Du kan ändra eller lämna när du vill under ”Mina grupper”. Bibliotekarie Ragunda representerar också Ragunda i MIK & ungas medievärldar.',
    );
    expect((await bot.storage().memberships.get(programmeId, bo.id))!.groupIds).toEqual([mik]);
  });

  it('names everyone already there, in English too, group by group', async () => {
    const card = validCard(await signUp(cecilia, `${mik},${digital}`, '2303', 'en-GB'));
    expect(cardText(card)).toContain(
      'Bibliotekarie Ragunda, Bo Ragunda also represent Ragunda in MIK & ungas medievärldar. Bibliotekarie Ragunda also represents Ragunda in Det digitala biblioteksrummet.',
    );
  });

  it('tells someone who moves to a represented municipality, and nobody when nothing changed', async () => {
    const moved = validCard(
      await bot.execute(bracke, 'membership.change', {
        programmeId,
        groupIds: digital,
        municipalityCode: '2303',
        preferredChannel: 'teams',
      }),
    );
    expect(cardText(moved)).toContain(
      'Bibliotekarie Ragunda, Cecilia Ragunda representerar också Ragunda i Det digitala biblioteksrummet.',
    );
    const unchanged = validCard(
      await bot.execute(bracke, 'membership.change', {
        programmeId,
        groupIds: digital,
        municipalityCode: '2303',
        preferredChannel: 'whatsapp',
      }),
    );
    expect(cardText(unchanged)).not.toContain('representerar också');
  });
});

describe('a review when the group has no conversation (item 15)', () => {
  const video = { programmeId: '', groupId: '', outputId: 'video-1' };
  const latestEtag = async () => (await bot.outputStore().outputs.get(programmeId, digital, 'video-1'))!._etag;
  const personalMessages = async (before: number) =>
    (await bot.delivered(), bot.connector.calls)
      .slice(before)
      .filter((call) => /^\/v3\/conversations\/(conversation-\d+|a:personal-[^/]+)\/activities$/.test(call.path))
      .map((call) => call.body.text as string);

  beforeAll(async () => {
    Object.assign(video, { programmeId, groupId: digital });
    bot.now = new Date('2027-08-10T08:00:00Z');
    // Östersund's member submits the digital group's video as a link, with Teams in English.
    const ostersund = members[7]!;
    await bot.execute(
      ostersund,
      'membership.change',
      {
        programmeId,
        groupIds: `${mik},${digital}`,
        municipalityCode: '2380',
        preferredChannel: 'teams',
      },
      { locale: 'en-GB' },
    );
    await bot.execute(
      ostersund,
      'outputs.videoLink',
      { ...video, url: 'https://www.youtube.com/watch?v=abc123', length: '2:40' },
      { locale: 'en-GB' },
    );
  });

  it('tells the submitter 1:1, in their language, when the output is returned, and the reviewer says so', async () => {
    const before = bot.connector.calls.length;
    const card = validCard(
      await bot.execute(staff, 'outputs.return', { ...video, etag: await latestEtag(), comment: 'Ljudet saknas.' }),
    );
    expect(cardText(card)).toContain(
      'Skickat tillbaka med din kommentar. Det digitala biblioteksrummet är inte kopplad till någon kanal, så jag skrev till Bibliotekarie Östersund, som skickade in, i en personlig chatt.',
    );
    expect(await personalMessages(before)).toEqual([
      '↩️ Sara Regional has returned “Videorapport från studiebesök (3 minuter)”, which you submitted for Det digitala biblioteksrummet, with comments: Ljudet saknas. Write “outputs” to me to carry on.',
    ]);
  });

  it('tells the submitter 1:1 when the output is approved', async () => {
    await bot.execute(members[7]!, 'outputs.videoLink', {
      ...video,
      url: 'https://www.youtube.com/watch?v=abc124',
      length: '2:45',
    });
    const before = bot.connector.calls.length;
    await bot.execute(staff, 'outputs.approve', { ...video, etag: await latestEtag(), comment: '' });
    expect(await personalMessages(before)).toEqual([
      '✅ Sara Regional has approved “Videorapport från studiebesök (3 minuter)”, which you submitted for Det digitala biblioteksrummet.',
    ]);
  });

  it('says nobody could be told when the submitter has never talked with the bot', async () => {
    const added: TestPerson = { id: 'n0000000-0000-0000-0000-000000000009', name: 'Ada Tillagd' };
    await bot.execute(coordinator, 'membership.add', {
      programmeId,
      personId: added.id,
      personName: added.name,
      groupIds: digital,
      municipalityCode: '2361',
      preferredChannel: 'teams',
    });
    await bot.execute(staff, 'outputs.reopen', { ...video, etag: await latestEtag(), comment: 'En sak till.' });
    await bot.execute(added, 'outputs.videoLink', { ...video, url: 'https://vimeo.com/123456', length: '1:00' });
    const before = bot.connector.calls.length;
    const card = validCard(
      await bot.execute(
        staff,
        'outputs.approve',
        { ...video, etag: await latestEtag(), comment: '' },
        { locale: 'en-GB' },
      ),
    );
    expect(cardText(card)).toContain(
      'Det digitala biblioteksrummet is not linked to any channel and I could not reach Ada Tillagd, who submitted it, so nobody has been told. Please tell them yourself.',
    );
    expect(await personalMessages(before)).toEqual([]);
  });
});
