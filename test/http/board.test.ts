import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotHarness, cardOf, cardText, postedCard, type TestPerson } from '../support/bot-harness.js';
import { cardProblems } from '../support/adaptive-cards.js';
import { coordinator, groupChannel } from '../support/focus-group.js';
import { boardEnvironment, LocalEntraKeys, outsider, programmeWithOutputs, staff } from '../support/board.js';

/**
 * The board's JSON API over real HTTP: tokens signed by a local stand-in for Entra ID and checked by the bot,
 * the same roles as in chat, reviews and the running order through the outputs feature, the group told in its channel.
 */
const onlyMik: TestPerson = { id: 'm1000000-0000-0000-0000-000000002326', name: 'Maja Bara-MIK' };

let bot: BotHarness;
let keys: LocalEntraKeys;
let programmeId: string;
let mik: string;
let digital: string;

beforeAll(async () => {
  keys = await LocalEntraKeys.start();
  bot = await BotHarness.start({ seedCoordinators: [coordinator], environment: boardEnvironment(keys) });
  ({ programmeId, mik, digital } = await programmeWithOutputs(bot));
  const now = bot.now;
  bot.now = new Date('2027-02-15T09:00:00Z'); // sign-up is still open
  await bot.execute(onlyMik, 'membership.signUp', {
    programmeId,
    groupIds: mik,
    municipalityCode: '2326',
    preferredChannel: 'teams',
  });
  bot.now = now;
}, 60_000);
afterAll(async () => {
  await bot?.stop();
  await keys?.stop();
});

async function call(person: TestPerson | undefined, path: string, body?: unknown, token?: string) {
  const bearer = token ?? (person ? await keys.token(person) : undefined);
  const response = await fetch(`${bot.url}/api/board${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      'accept-language': 'en-GB',
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as any };
}

describe('signing in', () => {
  it('answers 401 without a token, with a sentence and nothing internal', async () => {
    const answer = await call(undefined, '/me');
    expect(answer).toEqual({
      status: 401,
      body: { error: 'signIn', message: 'Open the board in Teams to sign in.' },
    });
  });

  it('answers 401 to a token from a tenant that is not allowed, or for another app', async () => {
    const otherTenant = await keys.token(coordinator, { tenantId: '99999999-8888-7777-6666-555555555555' });
    expect((await call(undefined, '/me', undefined, otherTenant)).status).toBe(401);
    const otherApp = await keys.token(coordinator, { audience: '00000003-0000-0000-c000-000000000000' });
    expect((await call(undefined, '/me', undefined, otherApp)).status).toBe(401);
  });

  it('does not take the local sign-in of npm start: a browser on this machine without a token is nobody', async () => {
    expect((await call(undefined, `/programmes/${programmeId}`)).status).toBe(401);
  });
});

describe('what each role sees', () => {
  it('shows a coordinator the whole programme: every group, representatives, outputs to review, the day', async () => {
    expect((await call(coordinator, '/me')).body).toEqual({
      name: coordinator.name,
      programmes: [{ programmeId, name: expect.any(String), role: 'coordinator' }],
    });
    const { status, body } = await call(coordinator, `/programmes/${programmeId}`);
    expect(status).toBe(200);
    expect(body.role).toBe('coordinator');
    expect(body.groups.map((g: any) => g.id)).toEqual([mik, digital]);
    expect(body.municipalities).toHaveLength(8);
    expect(body.municipalities.every((m: any) => m.representation === 'every')).toBe(true);
    const berg = body.municipalities.find((m: any) => m.name === 'Berg');
    expect(berg.groups).toEqual([
      { groupId: mik, representatives: ['Bibliotekarie Berg', onlyMik.name] },
      { groupId: digital, representatives: ['Bibliotekarie Berg'] },
    ]);
    expect(body.outputs.map((o: any) => [o.groupId, o.status, o.mayApprove])).toEqual([
      [mik, 'submitted', true],
      [digital, 'submitted', true],
    ]);
    expect(body.outputs[0].kitPlan).toMatchObject({ name: 'MIK-lådan', total: 6 * 3490 + 899.5 });
    expect(body.outputs[1].video).toEqual({ source: 'file', fileName: 'studiebesok.webm', durationSeconds: 4 });
    expect(body.runningOrder.slots.map((s: any) => s.groupId)).toEqual([mik, digital]);
    expect(body.polls).toHaveLength(1);
    expect(body.polls[0].days.map((d: any) => [d.date, d.yes, d.ifNeedBe, d.no, d.missing.length])).toEqual([
      ['2027-04-13', 3, 1, 1, 4],
      ['2027-04-14', 3, 1, 1, 4],
      ['2027-04-15', 2, 1, 2, 5],
    ]);
    expect(body.polls[0].recommendedOptionId).toBe('d1');
    expect(JSON.stringify(body.polls)).not.toContain('Bibliotekarie'); // counts and municipalities, never voters
  });

  it('shows regional staff the same programme in their role', async () => {
    const { body } = await call(staff, `/programmes/${programmeId}`);
    expect(body.role).toBe('regionalStaff');
    expect(body.may).toEqual({ review: true, planDay: true });
    expect(body.groups).toHaveLength(2);
  });

  it('shows a member only their own group: its coverage, outputs and no review or running order', async () => {
    const { body } = await call(onlyMik, `/programmes/${programmeId}`);
    expect(body.role).toBe('member');
    expect(body.may).toEqual({ review: false, planDay: false });
    expect(body.groups.map((g: any) => g.id)).toEqual([mik]);
    expect(body.outputs.map((o: any) => [o.groupId, o.mayApprove, o.mayReturn])).toEqual([[mik, false, false]]);
    expect(body.runningOrder).toBeUndefined();
    expect(JSON.stringify(body)).not.toContain('studiebesok');
    const video = await call(onlyMik, `/programmes/${programmeId}/outputs/${digital}/video-1/video`);
    expect(video).toEqual({
      status: 403,
      body: { error: 'board:errors.notYourGroup', message: 'This belongs to a group you are not in.' },
    });
  });

  it('refuses someone who has no part in the programme', async () => {
    expect((await call(outsider, '/me')).body.programmes).toEqual([]);
    expect((await call(outsider, `/programmes/${programmeId}`)).status).toBe(403);
    expect((await call(outsider, `/programmes/${programmeId}/map`)).status).toBe(403);
  });

  it('says a programme that does not exist is not found', async () => {
    expect((await call(coordinator, '/programmes/no-such-programme')).status).toBe(404);
  });
});

describe('the map and the video', () => {
  it("draws the region's eight municipalities as SVG paths, fitted to the map", async () => {
    const { body } = await call(staff, `/programmes/${programmeId}/map`);
    expect(body.width).toBe(560);
    expect(body.height).toBeLessThanOrEqual(640);
    expect(body.municipalities.every((m: any) => /^m[\d.,-]+l[\d., -]+z/.test(m.path))).toBe(true);
    for (const { centre } of body.municipalities) {
      expect(centre[0]).toBeGreaterThan(0);
      expect(centre[0]).toBeLessThan(body.width);
      expect(centre[1]).toBeGreaterThan(0);
      expect(centre[1]).toBeLessThan(body.height);
    }
    expect(body.municipalities.map((m: any) => m.code).sort()).toEqual(
      ['2303', '2305', '2309', '2313', '2321', '2326', '2361', '2380'].sort(),
    );
  });

  it('gives a short-lived read link to the video file, never the container', async () => {
    const { status, body } = await call(staff, `/programmes/${programmeId}/outputs/${digital}/video-1/video`);
    expect(status).toBe(200);
    const link = new URL(body.url);
    expect(link.pathname).toMatch(/\/videos\/.+\.webm$/);
    expect(link.searchParams.get('sp')).toBe('r');
    expect(new Date(body.expiresOn).getTime() - Date.now()).toBeLessThanOrEqual(15 * 60_000);
    const video = await fetch(body.url);
    expect(video.status).toBe(200);
    expect(video.headers.get('content-type')).toBe('video/webm');
  });
});

describe('the map in chat', () => {
  it('is an image in the coverage card, within the size a Teams message allows, with its colours in words', async () => {
    const card = postedCard(await bot.say(coordinator, 'täckning'));
    expect(cardProblems(card)).toEqual([]);
    const image = card.body.find((element: any) => element.type === 'Image');
    expect(image.altText).toMatch(/^Karta över regionens kommuner/);
    const [, base64] = /^data:image\/png;base64,(.+)$/.exec(image.url)!;
    const png = Buffer.from(base64!, 'base64');
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(image.url.length).toBeLessThan(40_000);
    expect(cardText(card)).toContain(
      'Kartan: grönt = med i alla grupper (8), gult = med i några grupper (0), grått = inte med (0).',
    );
  });
});

describe('reviewing from the board', () => {
  it('refuses a member, and a review of a version nobody saw changes nothing', async () => {
    const ref = `/programmes/${programmeId}/outputs/${mik}/kitPlan-1/review`;
    const { body: view } = await call(coordinator, `/programmes/${programmeId}`);
    const etag = view.outputs[0].etag;
    expect((await call(onlyMik, ref, { action: 'approve', etag })).status).toBe(403);
    const stale = await call(staff, ref, { action: 'approve', etag: '"old"' });
    expect(stale.body.outcome).toBe('stale');
    expect((await bot.outputStore().outputs.get(programmeId, mik, 'kitPlan-1'))!.status).toBe('submitted');
  });

  it('needs a comment to return an output', async () => {
    const { body: view } = await call(coordinator, `/programmes/${programmeId}`);
    const answer = await call(staff, `/programmes/${programmeId}/outputs/${digital}/video-1/review`, {
      action: 'return',
      etag: view.outputs[1].etag,
      comment: ' ',
    });
    expect(answer.status).toBe(403);
    expect(answer.body.error).toBe('outputs:errors.commentRequired');
  });

  it("approves through the outputs domain and tells the group in its channel, in the group's language", async () => {
    const { body: view } = await call(coordinator, `/programmes/${programmeId}`);
    const before = bot.connector.calls.length;
    const answer = await call(staff, `/programmes/${programmeId}/outputs/${mik}/kitPlan-1/review`, {
      action: 'approve',
      etag: view.outputs[0].etag,
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ outcome: 'saved', output: { status: 'approved', mayApprove: false } });
    expect(answer.body.message).toBe('Approved. The group has been told in its channel.');
    const told = bot.connector.calls.slice(before).find((c) => c.method === 'POST' && c.path.includes(groupChannel.id));
    expect(told?.body.text).toBe('✅ Sara Regional har godkänt ”Plan för ett regionalt bokningsbart MIK-kit”.');
    const stored = await bot.outputStore().outputs.get(programmeId, mik, 'kitPlan-1');
    expect(stored).toMatchObject({ status: 'approved', reviewedBy: staff });
    // Chat shows the same change.
    const overview = cardOf(await bot.execute(staff, 'outputs.overview', { programmeId }));
    expect(JSON.stringify(overview)).toMatch(/Godkänt|Approved/);
  });

  it('records each change in the audit trail as chat does, and only changes', async () => {
    const { resources } = await bot.bot.storage.database.container('audit').items.readAll().fetchAll();
    const fromBoard = resources.filter(
      (entry) => entry.action === 'outputs.approve' || entry.action === 'outputs.return',
    );
    // The stale approval and the return without a comment changed nothing, so only the approval is there.
    expect(fromBoard).toHaveLength(1);
    expect(fromBoard[0]).toMatchObject({
      programmeId,
      actor: staff,
      role: 'regionalStaff',
      object: { kind: 'output', id: `${mik}/kitPlan-1` },
      changed: { outputs: 1 },
    });
  });
});

describe('the presentation day', () => {
  it('moves a group earlier with a button, refuses members, and posts to the linked channels', async () => {
    expect(
      (await call(onlyMik, `/programmes/${programmeId}/running-order/move`, { groupId: digital, direction: 'up' }))
        .status,
    ).toBe(403);
    const moved = await call(coordinator, `/programmes/${programmeId}/running-order/move`, {
      groupId: digital,
      direction: 'up',
    });
    expect(moved.body.slots.map((s: any) => [s.groupId, s.start])).toEqual([
      [digital, '10:00'],
      [mik, '10:20'],
    ]);
    const before = bot.connector.calls.length;
    const posted = await call(coordinator, `/programmes/${programmeId}/running-order/post`, {});
    expect(posted.status).toBe(200);
    expect(posted.body.runningOrder.postedAt).toBeDefined();
    expect(posted.body.message).toContain('MIK & ungas medievärldar');
    const agenda = bot.connector.calls.slice(before).find((c) => c.path.includes(groupChannel.id));
    expect(agenda?.body.attachments?.[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    const { resources } = await bot.bot.storage.database.container('audit').items.readAll().fetchAll();
    expect(resources.filter((e) => e.actor?.id === coordinator.id).map((e) => e.action)).toEqual(
      expect.arrayContaining(['outputs.moveSlot', 'outputs.postRunningOrder']),
    );
  });
});

describe('the page itself', () => {
  it('is served under /board/ and may be framed only by Teams and Microsoft 365', async () => {
    const page = await fetch(`${bot.url}/board/`);
    expect(page.status, 'dist/web is built by npm test (npm run build:web)').toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain('frame-ancestors https://teams.microsoft.com');
    expect(await page.text()).toContain('<div id="root">');
    expect((await fetch(`${bot.url}/board/..%2Fpackage.json`)).status).toBe(404);
    expect((await fetch(`${bot.url}/board/assets/nothing.js`)).status).toBe(404);
  });
});
