import type { BotHarness } from './bot-harness.js';

export type StoredDocument = Record<string, unknown> & { id: string };

/**
 * Every document of every container the bot opened (storage.containers: a container added later is scanned without
 * anyone remembering to), read raw through the Cosmos client, by container name.
 */
export async function everyDocument(bot: BotHarness): Promise<Record<string, StoredDocument[]>> {
  const { storage } = bot.bot;
  const all: Record<string, StoredDocument[]> = {};
  for (const documents of Object.values(storage.containers)) {
    const { resources } = await storage.database.container(documents.name).items.readAll().fetchAll();
    all[documents.name] = resources as StoredDocument[];
  }
  return all;
}

/** The documents in each container whose stored JSON contains any of the terms (case-insensitive). */
export function documentsMentioning(
  all: Record<string, StoredDocument[]>,
  terms: readonly string[],
): Record<string, StoredDocument[]> {
  const wanted = terms.map((term) => term.toLowerCase());
  return Object.fromEntries(
    Object.entries(all).map(([container, documents]) => [
      container,
      documents.filter((document) => {
        const text = JSON.stringify(document).toLowerCase();
        return wanted.some((term) => text.includes(term));
      }),
    ]),
  );
}

/** How many documents per container mention the terms; containers without any are left out. */
export function hitCounts(found: Record<string, StoredDocument[]>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(found)
      .filter(([, documents]) => documents.length > 0)
      .map(([container, documents]) => [container, documents.length]),
  );
}
