import type { PersonalDataSource } from '../../platform/personal-data.js';
import type { DownloadStore } from './store.js';

/** "My data" links name the person they are for: they go with an erasure, and when they expire. */
export function downloadPersonalData(downloads: DownloadStore): PersonalDataSource {
  const container = downloads.containerName;
  const deleteAll = async (links: { id: string }[]) => {
    for (const link of links) await downloads.delete(link.id);
    return { [container]: links.length };
  };
  return {
    name: 'downloadLinks',
    containers: [container],
    find: async (personId) =>
      (await downloads.listWhere('person', personId)).map((link) => ({
        what: 'myData',
        at: link.createdAt,
        details: { createdAt: link.createdAt, expiresAt: link.expiresAt },
      })),
    erase: async (personId) => deleteAll(await downloads.listWhere('person', personId)),
    countExpired: async (now) => (await downloads.listWhere('expired', now.toISOString())).length,
    removeExpired: async (now) => deleteAll(await downloads.listWhere('expired', now.toISOString())),
  };
}
