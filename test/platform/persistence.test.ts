import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod/v4';
import { createCosmosClient } from '../../src/platform/cosmos/client.js';
import { openStorage } from '../../src/platform/cosmos/containers.js';
import { journalFileIn, startEmbeddedCosmos } from '../../src/platform/cosmos/embedded-server.js';
import { silentLogger } from '../../src/platform/logger.js';

const directory = mkdtempSync(join(tmpdir(), 'fokusgrupper-journal-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const noteSchema = z.object({ id: z.string(), programmeId: z.string(), text: z.string() });

/** One run of `npm start`'s store: open, load what the last run kept, do some work, stop. */
async function run(work: (storage: Awaited<ReturnType<typeof openStorage>>) => Promise<void>) {
  const embedded = await startEmbeddedCosmos({ journalFile: journalFileIn(directory) });
  const client = createCosmosClient(embedded.connection);
  const storage = await openStorage(client, 'fokusgrupper', silentLogger);
  for (const { collection, document } of embedded.journalledDocuments) {
    await storage.database.container(collection).items.upsert(document);
  }
  embedded.startPersisting();
  await work(storage);
  client.dispose();
  await embedded.stop();
}

describe('the embedded store in npm start', () => {
  it('keeps acknowledged writes, replaces and deletes across restarts', async () => {
    await run(async ({ containers: { programmes } }) => {
      await programmes.create({ id: 'kept', programmeId: 'p', text: 'first' });
      const doomed = await programmes.create({ id: 'doomed', programmeId: 'p', text: 'bye' });
      const kept = await programmes.read(noteSchema, 'kept', 'p');
      await programmes.replace({ id: 'kept', programmeId: 'p', text: 'second' }, kept!._etag, 'p');
      await programmes.delete('doomed', 'p', doomed._etag);
    });
    await run(async ({ containers: { programmes } }) => {
      expect(await programmes.read(noteSchema, 'kept', 'p')).toMatchObject({ text: 'second' });
      expect(await programmes.read(noteSchema, 'doomed', 'p')).toBeUndefined();
      await programmes.upsert({ id: 'later', programmeId: 'q', text: 'third run' });
    });
    await run(async ({ containers: { programmes } }) => {
      expect(await programmes.read(noteSchema, 'kept', 'p')).toMatchObject({ text: 'second' });
      expect(await programmes.read(noteSchema, 'later', 'q')).toMatchObject({ text: 'third run' });
    });
  });

  it('journals only real documents: never query answers, and drops such junk left by earlier versions', async () => {
    const file = journalFileIn(directory);
    await run(async ({ containers: { programmes } }) => {
      await programmes.upsert({ id: 'queried', programmeId: 'r', text: 'Anna Andersson' });
      // A query with ORDER BY and an aggregate: the client asks for a query plan first, then the rows.
      await programmes.query(noteSchema, {
        query: 'SELECT * FROM c WHERE c.programmeId = @p ORDER BY c.text',
        parameters: [{ name: '@p', value: 'r' }],
      });
      await programmes.scalar({ query: "SELECT VALUE COUNT(1) FROM c WHERE c.programmeId = 'r'" });
    });
    const records = () =>
      readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line));
    const written = records().filter((record) => record.op === 'put');
    expect(written.every((record) => typeof record.document.id === 'string')).toBe(true);
    expect(written.filter((record) => record.document.text === 'Anna Andersson')).toHaveLength(1);

    // A journal from before the fix: an answer without an id, with personal data in it.
    appendFileSync(
      file,
      JSON.stringify({
        op: 'put',
        collection: 'programmes',
        partitionKey: '[]',
        document: { text: 'Anna Andersson' },
      }) + '\n',
    );
    await run(async () => undefined);
    expect(records().every((record) => record.op !== 'put' || typeof record.document.id === 'string')).toBe(true);
  });
});
