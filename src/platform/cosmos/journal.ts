import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Makes the in-memory embedded Cosmos server survive restarts for `npm start`.
 *
 * It watches the server's HTTP traffic rather than its internals: when a document write succeeds, the written
 * document (which Cosmos returns in the response body) is appended to a journal file *before* the response is
 * sent, so whatever the client was told is stored is on disk. At the next start the journal is folded into
 * one line per live document and loaded back through the real client.
 */
type JournalRecord =
  | { op: 'put'; collection: string; partitionKey: string; document: Record<string, unknown> }
  | { op: 'delete'; collection: string; partitionKey: string; id: string };

export type JournalledDocument = { collection: string; partitionKey: string; document: Record<string, unknown> };

const DOCUMENT_PATH = /^\/dbs\/[^/]+\/colls\/([^/]+)\/docs(?:\/([^/?]+))?/;
const SYSTEM_PROPERTIES = ['_rid', '_self', '_etag', '_ts', '_attachments'];

export class DocumentJournal {
  private recording = false;

  constructor(private readonly file: string) {}

  /** Folds the journal to its live documents and rewrites it compactly. */
  compact(): JournalledDocument[] {
    if (!existsSync(this.file)) return [];
    const live = new Map<string, JournalledDocument>();
    for (const line of readFileSync(this.file, 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      let record: JournalRecord;
      try {
        record = JSON.parse(line) as JournalRecord;
      } catch {
        continue; // a line cut short by a crash was never acknowledged
      }
      // Earlier versions journalled query answers as documents without an id: they were never documents.
      if (record.op === 'put' && !isDocument(record.document)) continue;
      const id = record.op === 'put' ? String(record.document.id) : record.id;
      const key = `${record.collection}\u0000${record.partitionKey}\u0000${id}`;
      if (record.op === 'put') live.set(key, record);
      else live.delete(key);
    }
    const documents = [...live.values()];
    const temporary = `${this.file}.tmp`;
    writeFileSync(temporary, documents.map((entry) => JSON.stringify(this.putRecord(entry)) + '\n').join(''));
    renameSync(temporary, this.file);
    return documents;
  }

  /** From now on, every acknowledged document write is appended before its response leaves. */
  startRecording(): void {
    mkdirSync(dirname(this.file), { recursive: true });
    this.recording = true;
  }

  watch(request: IncomingMessage, response: ServerResponse): void {
    const match = DOCUMENT_PATH.exec(decodeURI(request.url ?? ''));
    if (!match || request.method === 'GET' || isQuery(request)) return;
    const collection = decodeURIComponent(match[1]!);
    const partitionKey = String(request.headers['x-ms-documentdb-partitionkey'] ?? '[]');
    const originalEnd = response.end.bind(response) as (...args: unknown[]) => ServerResponse;
    response.end = ((...args: unknown[]) => {
      if (this.recording && response.statusCode < 300) {
        const record = this.recordFor(request.method ?? '', collection, partitionKey, match[2], args[0]);
        if (record) appendFileSync(this.file, JSON.stringify(record) + '\n');
      }
      return originalEnd(...args);
    }) as typeof response.end;
  }

  private recordFor(
    method: string,
    collection: string,
    partitionKey: string,
    id: string | undefined,
    body: unknown,
  ): JournalRecord | undefined {
    if (method === 'DELETE' && id) return { op: 'delete', collection, partitionKey, id: decodeURIComponent(id) };
    if (typeof body !== 'string' && !Buffer.isBuffer(body)) return undefined;
    const document = JSON.parse(body.toString()) as unknown;
    if (!isDocument(document)) return undefined;
    return this.putRecord({ collection, partitionKey, document });
  }

  private putRecord(entry: JournalledDocument): JournalRecord {
    const document = { ...entry.document };
    for (const property of SYSTEM_PROPERTIES) delete document[property];
    return { op: 'put', collection: entry.collection, partitionKey: entry.partitionKey, document };
  }
}

/**
 * A query is a POST to the documents path too: marked by `x-ms-documentdb-isquery`, or (for the query plan the client
 * asks for first) by `x-ms-cosmos-is-query-plan-request`, and sent as `application/query+json` either way.
 */
function isQuery(request: IncomingMessage): boolean {
  const header = (name: string) => String(request.headers[name] ?? '').toLowerCase();
  return (
    header('x-ms-documentdb-isquery') === 'true' ||
    header('x-ms-cosmos-is-query-plan-request') === 'true' ||
    header('content-type').includes('application/query+json')
  );
}

/** Only a stored document has a string id; anything else in a response body is an answer, not data. */
function isDocument(value: unknown): value is Record<string, unknown> & { id: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as { id?: unknown }).id === 'string' &&
    (value as { id: string }).id !== ''
  );
}
