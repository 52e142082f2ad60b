import { z } from 'zod/v4';
import type { Documents } from '../cosmos/documents.js';
import type { PersonalDataSource } from '../personal-data.js';
import { messageSchema } from './schema.js';
import { OUTBOX_SHARDS } from './store.js';

const anyDocument = z.object({ id: z.string(), shard: z.string() }).catchall(z.unknown());

/**
 * What the outbox keeps about people: messages to them (their Teams address, the text, their name for reports),
 * the outcome of batches (who was not reached), for 30 days after sending, and whom to tell how a batch went (their
 * Teams address), only until they are told. An erasure deletes every
 * outbox document that names the person by id; a report to a coordinator that names them in its text is not found
 * that way and expires with the rest (the treatment text says so).
 */
export function outboxPersonalData(documents: Documents): PersonalDataSource {
  const container = documents.name;
  return {
    name: 'outboxMessages',
    containers: [container],
    find: async (personId) => {
      const found = [];
      for (const shard of OUTBOX_SHARDS) {
        const messages = await documents.query(messageSchema, {
          query: "SELECT * FROM c WHERE c.shard = @shard AND c.type = 'message' AND c.recipient.personId = @personId",
          parameters: [
            { name: '@shard', value: shard },
            { name: '@personId', value: personId },
          ],
        });
        for (const message of messages) {
          const text = typeof message.activity.text === 'string' ? message.activity.text : '';
          found.push({
            what: text || message.origin,
            at: message.enqueuedAt,
            details: { text, state: message.state, enqueuedAt: message.enqueuedAt, finishedAt: message.finishedAt },
          });
        }
      }
      return found;
    },
    erase: async (personId) => {
      let deleted = 0;
      for (const shard of OUTBOX_SHARDS) {
        const all = await documents.query(anyDocument, {
          query: 'SELECT * FROM c WHERE c.shard = @shard',
          parameters: [{ name: '@shard', value: shard }],
        });
        for (const document of all) {
          if (!JSON.stringify(document).includes(personId)) continue;
          await documents.delete(document.id, shard);
          deleted += 1;
        }
      }
      return { [container]: deleted };
    },
  };
}
