import { SharedReads } from '../../src/platform/shared-reads.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod/v4';
import { WriteConflict, type Documents } from '../../src/platform/cosmos/documents.js';
import { ProgrammeStore } from '../../src/features/programmes/store.js';
import { MembershipStore } from '../../src/features/membership/store.js';
import { createProgramme, exampleProgrammeDraft } from '../../src/features/programmes/domain.js';
import { signUp } from '../../src/features/membership/domain.js';
import { openTestStorage, type TestStorage } from '../support/test-storage.js';

/**
 * The data layer's promises, checked against a real Cosmos endpoint: the embedded server by default, Azure
 * Cosmos DB when COSMOS_ENDPOINT is set. Everything the features rely on is here, so a difference between the
 * two servers shows up as a failing contract rather than as a bug in production.
 */
const counterSchema = z.object({
  id: z.string(),
  programmeId: z.string(),
  type: z.literal('counter'),
  value: z.number(),
});
type Counter = z.infer<typeof counterSchema>;

let target: TestStorage;
let programmes: Documents;

beforeAll(async () => {
  target = await openTestStorage();
  programmes = target.storage.containers.programmes;
});
afterAll(async () => target?.cleanup());

const counter = (id: string, programmeId = 'p1', value = 0): Counter => ({ id, programmeId, type: 'counter', value });

describe(`Documents (${process.env.COSMOS_ENDPOINT ? 'Azure Cosmos DB' : 'embedded server'})`, () => {
  it('reads what it created, and a missing document as undefined', async () => {
    await programmes.create(counter('read-1'));
    expect(await programmes.read(counterSchema, 'read-1', 'p1')).toMatchObject({ id: 'read-1', value: 0 });
    expect(await programmes.read(counterSchema, 'missing', 'p1')).toBeUndefined();
  });

  it('refuses to create the same id twice in a partition', async () => {
    await programmes.create(counter('dup-1'));
    await expect(programmes.create(counter('dup-1'))).rejects.toEqual(new WriteConflict('exists'));
  });

  it('refuses a replace with a stale ETag', async () => {
    const created = await programmes.create(counter('etag-1'));
    await programmes.replace({ ...counter('etag-1'), value: 1 }, created._etag, 'p1');
    await expect(programmes.replace({ ...counter('etag-1'), value: 2 }, created._etag, 'p1')).rejects.toEqual(
      new WriteConflict('changed'),
    );
    expect((await programmes.read(counterSchema, 'etag-1', 'p1'))!.value).toBe(1);
  });

  it('loses no update when many writers change one document at once', async () => {
    await programmes.create(counter('race-1'));
    await Promise.all(
      Array.from({ length: 25 }, () =>
        programmes.update(counterSchema, 'race-1', 'p1', (current) => ({ ...current, value: current.value + 1 }), 100),
      ),
    );
    expect((await programmes.read(counterSchema, 'race-1', 'p1'))!.value).toBe(25);
  });

  it('upserts idempotently', async () => {
    await programmes.upsert(counter('upsert-1', 'p1', 5));
    await programmes.upsert(counter('upsert-1', 'p1', 5));
    const count = await programmes.scalar({
      query: "SELECT VALUE COUNT(1) FROM c WHERE c.programmeId = 'p1' AND c.id = 'upsert-1'",
    });
    expect(count).toBe(1);
  });

  it('queries one partition by filtering on the partition key in WHERE', async () => {
    await programmes.create(counter('part-a', 'p-a'));
    await programmes.create(counter('part-b', 'p-b'));
    const rows = await programmes.query(
      counterSchema,
      { query: 'SELECT * FROM c WHERE c.programmeId = @p', parameters: [{ name: '@p', value: 'p-a' }] },
      'p-a',
    );
    expect(rows.map((r) => r.id)).toEqual(['part-a']);
  });

  it('skips rows the schema cannot read instead of failing', async () => {
    await programmes.upsert({ id: 'odd-1', programmeId: 'p-odd', type: 'counter', value: 'not a number' });
    await programmes.upsert(counter('ok-1', 'p-odd', 1));
    const rows = await programmes.query(counterSchema, {
      query: "SELECT * FROM c WHERE c.programmeId = 'p-odd'",
    });
    expect(rows.map((r) => r.id)).toEqual(['ok-1']);
  });

  it('pages through more rows than one page holds', async () => {
    await Promise.all(Array.from({ length: 120 }, (_, n) => programmes.upsert(counter(`page-${n}`, 'p-page', n))));
    const rows = await programmes.query(counterSchema, {
      query: "SELECT * FROM c WHERE c.programmeId = 'p-page' ORDER BY c['value']",
    });
    expect(rows).toHaveLength(120);
    expect(rows[119]!.value).toBe(119);
  });

  it('deletes, and a second delete is harmless', async () => {
    await programmes.create(counter('del-1'));
    await programmes.delete('del-1', 'p1');
    await programmes.delete('del-1', 'p1');
    expect(await programmes.read(counterSchema, 'del-1', 'p1')).toBeUndefined();
  });

  it('counts every operation', async () => {
    const before = target.storage.meter.total;
    await programmes.read(counterSchema, 'read-1', 'p1');
    await programmes.upsert(counter('meter-1'));
    expect(target.storage.meter.total - before).toBe(2);
  });
});

describe('feature stores', () => {
  const now = new Date('2027-01-10T10:00:00Z');
  const karin = { id: 'karin', name: 'Karin' };

  it('keeps programmes and their memberships apart per partition', async () => {
    const store = new ProgrammeStore(programmes, target.storage.containers.conversations);
    const memberships = new MembershipStore(programmes, new SharedReads());
    const first = await store.create(createProgramme(exampleProgrammeDraft(now), karin, now, 'aaaaaa'));
    const second = await store.create(createProgramme(exampleProgrammeDraft(now), karin, now, 'bbbbbb'));
    const input = {
      programmeId: first.programmeId,
      groupIds: [first.groups[0]!.id],
      municipalityCode: '2380',
      preferredChannel: 'teams',
      otherChannel: '',
      roleOrLibrary: '',
    };
    await memberships.save(first.programmeId, 'anna', (current) =>
      signUp(first, current, { id: 'anna', name: 'Anna' }, input, now),
    );
    await memberships.save(second.programmeId, 'anna', (current) =>
      signUp(second, current, { id: 'anna', name: 'Anna' }, { ...input, programmeId: second.programmeId }, now),
    );
    expect(await memberships.listInProgramme(first.programmeId)).toHaveLength(1);
    expect((await store.list()).map((p) => p.programmeId)).toEqual(
      expect.arrayContaining([first.programmeId, second.programmeId]),
    );
  });

  it('applies concurrent membership saves one after the other', async () => {
    const store = new ProgrammeStore(programmes, target.storage.containers.conversations);
    const memberships = new MembershipStore(programmes, new SharedReads());
    const programme = await store.create(createProgramme(exampleProgrammeDraft(now), karin, now, 'cccccc'));
    const [mik, digital] = programme.groups.map((g) => g.id) as [string, string];
    const base = {
      programmeId: programme.programmeId,
      municipalityCode: '2380',
      preferredChannel: 'teams',
      otherChannel: '',
      roleOrLibrary: '',
    };
    // The same person in two windows joins each group at the same moment: both joins must survive.
    await Promise.all(
      [mik, digital].map((groupId) =>
        memberships.save(programme.programmeId, 'bo', (current) =>
          signUp(programme, current, { id: 'bo', name: 'Bo' }, { ...base, groupIds: [groupId] }, now),
        ),
      ),
    );
    expect((await memberships.get(programme.programmeId, 'bo'))!.groupIds.sort()).toEqual([mik, digital].sort());
  });
});
