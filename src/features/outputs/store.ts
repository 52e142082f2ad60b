import { WriteConflict, type Documents, type Stored } from '../../platform/cosmos/documents.js';
import {
  exportLinkSchema,
  outputDocumentId,
  outputSchema,
  runningOrderSchema,
  type ExportLink,
  type Output,
  type RunningOrder,
} from './schema.js';

/** Someone else saved the output after the version the person's card shows; here is what is stored now. */
export class StaleVersion extends Error {
  constructor(readonly latest: Stored<Output> | undefined) {
    super('The output was changed by someone else');
  }
}

/**
 * Cosmos access for outputs: the `outputs` container, partitioned by programme, holds one document per group's
 * output, the presentation day's running order and export links, so the overview of a programme is one
 * single-partition query.
 */
export class OutputStore {
  constructor(private readonly outputs: Documents) {}

  get(programmeId: string, groupId: string, outputId: string): Promise<Stored<Output> | undefined> {
    return this.outputs.read(outputSchema, outputDocumentId(groupId, outputId), programmeId);
  }

  listInProgramme(programmeId: string): Promise<Stored<Output>[]> {
    return this.outputs.query(
      outputSchema,
      {
        query: "SELECT * FROM c WHERE c.programmeId = @programmeId AND c.type = 'output'",
        parameters: [{ name: '@programmeId', value: programmeId }],
      },
      programmeId,
    );
  }

  /**
   * Writes `next` only if the stored output is still the version `etag` names ('' = none stored yet), so a card
   * rendered before someone else's save can never overwrite it: the caller gets StaleVersion with the latest.
   */
  async saveIfUnchanged(next: Output, etag: string): Promise<Stored<Output>> {
    try {
      return etag ? await this.outputs.replace(next, etag, next.programmeId) : await this.outputs.create(next);
    } catch (error) {
      if (!(error instanceof WriteConflict)) throw error;
      throw new StaleVersion(await this.get(next.programmeId, next.groupId, next.outputId));
    }
  }

  /**
   * Read-modify-write under the ETag, retried on conflict, for changes that are decided on the fresh document
   * (`change` may throw a Refusal; it may run more than once). `initial` stands in for a document not yet stored.
   */
  async update(initial: Output, change: (current: Output) => Output): Promise<Stored<Output>> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.get(initial.programmeId, initial.groupId, initial.outputId);
      const { _etag: etag = '', ...document } = current ?? { ...initial, _etag: '' };
      try {
        return await this.saveIfUnchanged(change(document), etag);
      } catch (error) {
        if (!(error instanceof StaleVersion) || attempt >= 8) throw error;
      }
    }
  }

  getRunningOrder(programmeId: string): Promise<Stored<RunningOrder> | undefined> {
    return this.outputs.read(runningOrderSchema, 'running-order', programmeId);
  }

  async updateRunningOrder(
    initial: RunningOrder,
    change: (current: RunningOrder) => RunningOrder,
  ): Promise<RunningOrder> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.getRunningOrder(initial.programmeId);
      try {
        if (!current) return await this.outputs.create(change(initial));
        const { _etag, ...order } = current;
        return await this.outputs.replace(change(order), _etag, initial.programmeId);
      } catch (error) {
        if (!(error instanceof WriteConflict) || attempt >= 8) throw error;
      }
    }
  }

  /**
   * Azure Cosmos DB removes the link by itself a day after it expires (a per-document TTL, counted from now); the
   * embedded store ignores TTL, and the daily expiry job (features/privacy) removes it there as well.
   */
  createExportLink(link: ExportLink): Promise<Stored<ExportLink>> {
    const ttl = Math.ceil((Date.parse(link.expiresAt) - Date.parse(link.createdAt)) / 1000) + 86_400;
    return this.outputs.create({ ...link, ttl });
  }

  getExportLink(programmeId: string, token: string): Promise<Stored<ExportLink> | undefined> {
    return this.outputs.read(exportLinkSchema, `export:${token}`, programmeId);
  }
}
