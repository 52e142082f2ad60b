import type { Container, JSONObject, SqlQuerySpec } from '@azure/cosmos';
import type { z } from 'zod/v4';
import type { Logger } from '../logger.js';
import { storeSignal } from './deadline.js';
import type { OperationMeter } from './meter.js';
import { SpanKind, telemetry } from '../telemetry/telemetry.js';
import { noteWrite } from './writes.js';

/** Not-found, already-exists and a lost ETag race are answers the data layer handles, not failed calls. */
const EXPECTED_STATUSES = [404, 409, 412];

/** The operations that change what is stored: counted per turn for the audit trail (writes.ts). */
const WRITES = new Set(['create', 'upsert', 'replace', 'delete']);

/** A document as read from the store: what the feature wrote plus the ETag that guards the next write. */
export type Stored<T> = T & { _etag: string };

/** Another writer changed the document first (HTTP 412), or a document with this id exists (HTTP 409). */
export class WriteConflict extends Error {
  constructor(readonly reason: 'changed' | 'exists') {
    super(reason === 'changed' ? 'The document was changed by someone else' : 'The document already exists');
  }
}

/**
 * The store did not answer within the budget (the request's, see deadline.ts), refused the connection, or was still
 * throttled or unavailable after the client's bounded retries. Request paths answer at once; workers retry later.
 */
export class StoreUnavailable extends Error {
  constructor(readonly reason: 'timeout' | 'unreachable' | 'throttled' | 'unavailable') {
    super(`The store is unavailable (${reason})`);
  }
}

type Document = { id: string } & Record<string, unknown>;

const SYSTEM_PROPERTIES = ['_rid', '_self', '_ts', '_attachments'] as const;

/** Cosmos takes at most 100 operations per partition in one bulk request. */
const BULK_LIMIT = 100;

export function statusOf(error: unknown): number | undefined {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'number' ? code : undefined;
}

/** Our one name for the ways a call fails because the store is away, whatever the client called them. */
function unavailability(error: unknown): StoreUnavailable | undefined {
  const { name, code } = (error ?? {}) as { name?: unknown; code?: unknown };
  if (name === 'AbortError' || code === 'TimeoutError') return new StoreUnavailable('timeout');
  if (typeof code === 'string' && ['REQUEST_SEND_ERROR', 'ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND'].includes(code))
    return new StoreUnavailable('unreachable');
  if (code === 429) return new StoreUnavailable('throttled');
  if (code === 503 || code === 408) return new StoreUnavailable('unavailable');
  return undefined;
}

/** One client call under the current budget (the request's, or one per call in background work). */
async function bounded<T>(run: (abortSignal: AbortSignal) => Promise<T>): Promise<T> {
  try {
    return await run(storeSignal());
  } catch (error) {
    throw unavailability(error) ?? error;
  }
}

/**
 * The one way features touch a Cosmos container: every call is counted and bounded in time (an absent store is
 * StoreUnavailable), a missing document is `undefined`
 * instead of an exception, conflicts become WriteConflict, and rows the current schema cannot read are skipped
 * with a warning rather than failing the whole request.
 */
export class Documents {
  constructor(
    private readonly container: Container,
    private readonly meter: OperationMeter,
    private readonly logger: Logger,
  ) {}

  get name(): string {
    return this.container.id;
  }

  async read<T>(schema: z.ZodType<T>, id: string, partitionKey: string): Promise<Stored<T> | undefined> {
    try {
      const { resource } = await this.call('read', (abortSignal) =>
        this.container.item(id, partitionKey).read<Record<string, unknown>>({ abortSignal }),
      );
      return resource ? this.parse(schema, resource) : undefined;
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }

  /** Callers always filter on the partition key in WHERE: the embedded server ignores the partitionKey option. */
  async query<T>(schema: z.ZodType<T>, query: SqlQuerySpec, partitionKey?: string): Promise<Stored<T>[]> {
    const iterator = this.container.items.query(query, {
      abortSignal: storeSignal(),
      ...(partitionKey === undefined ? {} : { partitionKey }),
    });
    const rows: Stored<T>[] = [];
    while (iterator.hasMoreResults()) {
      const { resources } = await this.call('query', () => iterator.fetchNext());
      for (const resource of resources ?? []) {
        const row = this.parse(schema, resource);
        if (row) rows.push(row);
      }
    }
    return rows;
  }

  /** A single number from an aggregate such as `SELECT VALUE COUNT(1) FROM c WHERE ...`. */
  async scalar(query: SqlQuerySpec, partitionKey?: string): Promise<number> {
    const { resources } = await this.call('query', (abortSignal) =>
      this.container.items
        .query<number>(query, { abortSignal, ...(partitionKey === undefined ? {} : { partitionKey }) })
        .fetchAll(),
    );
    return resources[0] ?? 0;
  }

  async create<T extends Document>(document: T): Promise<Stored<T>> {
    try {
      const { resource } = await this.call('create', (abortSignal) =>
        this.container.items.create(document, { abortSignal }),
      );
      return strip(resource as Stored<T>);
    } catch (error) {
      if (statusOf(error) === 409) throw new WriteConflict('exists');
      throw error;
    }
  }

  /**
   * Creates many documents in few requests (the bulk API, 100 operations each): 290 reminders are enqueued in
   * three requests instead of 290. Each result says whether that document was created or was there already.
   */
  async createMany<T extends Document>(documents: T[]): Promise<('created' | 'exists')[]> {
    const results: ('created' | 'exists')[] = [];
    for (let index = 0; index < documents.length; index += BULK_LIMIT) {
      const chunk = documents.slice(index, index + BULK_LIMIT);
      this.meter.record('bulk', this.container.id);
      const responses = await bounded((abortSignal) =>
        this.container.items.bulk(
          chunk.map((document) => ({
            operationType: 'Create' as const,
            resourceBody: document as unknown as JSONObject,
          })),
          { continueOnError: true },
          { abortSignal },
        ),
      );
      for (const [offset, document] of chunk.entries()) {
        const status = responses[offset]?.statusCode;
        if (status === 201) results.push('created');
        else if (status === 409) results.push('exists');
        else {
          // Throttled or failed inside the bulk request: this one alone, with the usual policy.
          try {
            await this.create(document);
            results.push('created');
          } catch (error) {
            if (!(error instanceof WriteConflict)) throw error;
            results.push('exists');
          }
        }
      }
    }
    return results;
  }

  /** Idempotent write: the same document written twice is stored once. */
  async upsert<T extends Document>(document: T): Promise<Stored<T>> {
    const { resource } = await this.call('upsert', (abortSignal) =>
      this.container.items.upsert(document, { abortSignal }),
    );
    return strip(resource as unknown as Stored<T>);
  }

  async replace<T extends Document>(document: T, etag: string, partitionKey: string): Promise<Stored<T>> {
    try {
      const { resource } = await this.call('replace', (abortSignal) =>
        this.container
          .item(document.id, partitionKey)
          .replace(withoutEtag(document), { abortSignal, accessCondition: { type: 'IfMatch', condition: etag } }),
      );
      return strip(resource as unknown as Stored<T>);
    } catch (error) {
      if (statusOf(error) === 412) throw new WriteConflict('changed');
      throw error;
    }
  }

  /** Deletes; a document that is already gone counts as deleted, so a retried delete is harmless. */
  async delete(id: string, partitionKey: string, etag?: string): Promise<void> {
    try {
      await this.call('delete', (abortSignal) =>
        this.container
          .item(id, partitionKey)
          .delete({ abortSignal, ...(etag ? { accessCondition: { type: 'IfMatch', condition: etag } } : {}) }),
      );
    } catch (error) {
      if (statusOf(error) === 404) return;
      if (statusOf(error) === 412) throw new WriteConflict('changed');
      throw error;
    }
  }

  /**
   * Read-modify-write guarded by the ETag, retried when another writer got there first, so concurrent edits
   * are applied one after the other instead of overwriting each other. `change` returns the new document,
   * or `undefined` to leave it as it is; it must be pure because it may run more than once.
   */
  async update<T extends Document>(
    schema: z.ZodType<T>,
    id: string,
    partitionKey: string,
    change: (current: T) => T | undefined,
    attempts = 8,
  ): Promise<Stored<T> | undefined> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.read(schema, id, partitionKey);
      if (!current) return undefined;
      const next = change(withoutEtag(current));
      if (!next) return current;
      try {
        return await this.replace(next, current._etag, partitionKey);
      } catch (error) {
        if (!(error instanceof WriteConflict) || attempt >= attempts) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
      }
    }
  }

  /**
   * Every call to the container goes through here: counted for the benchmarks (and writes for the audit trail), and
   * traced for Application Insights with the container and the operation only (never an id, a partition key or a
   * query's parameters).
   */
  private call<T>(operation: string, work: (abortSignal: AbortSignal) => Promise<T>): Promise<T> {
    this.meter.record(operation, this.container.id);
    if (WRITES.has(operation)) noteWrite(this.name);
    return telemetry.span(
      `cosmos ${operation} ${this.container.id}`,
      { 'db.system': 'cosmosdb', 'db.operation.name': operation, 'db.collection.name': this.container.id },
      () => bounded(work),
      { kind: SpanKind.CLIENT, expectedStatuses: EXPECTED_STATUSES },
    );
  }

  private parse<T>(schema: z.ZodType<T>, resource: unknown): Stored<T> | undefined {
    const result = schema.safeParse(resource);
    if (!result.success) {
      this.logger.warn(
        { container: this.container.id, id: (resource as Document).id, issues: result.error.issues.slice(0, 3) },
        'skipped a document the current schema cannot read',
      );
      return undefined;
    }
    return { ...(result.data as object), _etag: (resource as { _etag: string })._etag } as Stored<T>;
  }
}

function strip<T>(resource: T): T {
  const copy = { ...resource } as Record<string, unknown>;
  for (const property of SYSTEM_PROPERTIES) delete copy[property];
  return copy as T;
}

function withoutEtag<T extends object>(document: T): T {
  const { _etag: _ignored, ...rest } = document as T & { _etag?: string };
  return strip(rest) as T;
}
