import type { Documents, Stored } from '../../platform/cosmos/documents.js';
import { downloadLinkSchema, type DownloadLink } from './schema.js';

/**
 * Cosmos access for "my data" links: the `downloads` container, keyed by the link's token, so opening one is a
 * point read. Each link carries a Cosmos TTL as well, so Azure removes it even if the expiry job does not run.
 */
export class DownloadStore {
  constructor(private readonly downloads: Documents) {}

  create(link: DownloadLink, ttlSeconds: number): Promise<Stored<DownloadLink & { ttl: number }>> {
    return this.downloads.create({ ...link, ttl: ttlSeconds });
  }

  get(token: string): Promise<Stored<DownloadLink> | undefined> {
    const id = `my-data:${token}`;
    return this.downloads.read(downloadLinkSchema, id, id);
  }

  /** Crosses partitions (one per link), over the few links of the last hour: only erasure and expiry ask. */
  listWhere(condition: 'person' | 'expired', value: string): Promise<Stored<DownloadLink>[]> {
    const field = condition === 'person' ? 'c.person.id = @value' : 'c.expiresAt <= @value';
    return this.downloads.query(downloadLinkSchema, {
      query: `SELECT * FROM c WHERE c.type = 'myData' AND ${field}`,
      parameters: [{ name: '@value', value }],
    });
  }

  delete(id: string): Promise<void> {
    return this.downloads.delete(id, id);
  }

  get containerName(): string {
    return this.downloads.name;
  }
}
