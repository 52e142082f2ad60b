import {
  metrics,
  SpanKind,
  SpanStatusCode,
  trace,
  type Counter,
  type Span,
  type SpanContext,
} from '@opentelemetry/api';

/**
 * What the bot counts. Each counter is exported as `fokusgrupper.<name>`; its attributes say what kind of thing
 * happened (a kind of message, a refusal's reason), never who or what was written.
 */
const COUNTERS = {
  votes: 'Votes stored',
  sends: 'Proactive messages delivered (posts, card updates, 1:1 messages)',
  throttled: 'Connector answers 429 Too Many Requests',
  'deliveries.failed': 'Proactive messages given up after every retry',
  refusals: 'Requests refused, by reason (the refusal text key)',
  rejections:
    'Requests and activities turned away before any feature (body, token, tenant, channel, person), by reason',
} as const;

export type CounterName = keyof typeof COUNTERS;

/**
 * Attribute values that may leave the process: kinds, verbs, command ids, status codes, counts. Never a name, an
 * e-mail address, a Teams or Entra id, a conversation id or message text: the telemetry tests check it.
 */
export type SafeAttributes = Record<string, string | number | boolean>;

export type SpanOptions = {
  kind?: SpanKind;
  /** Statuses that are answers, not failures (a read that finds nothing, a lost ETag race): no error is recorded. */
  expectedStatuses?: readonly number[];
};

const SCOPE = 'fokusgrupper';
let counters = new Map<CounterName, Counter>();

/** The numeric status an Azure SDK or connector error carries (Cosmos puts it in `code`, HTTP clients in `statusCode`). */
export function statusOf(error: unknown): number | undefined {
  const { code, statusCode } = (error ?? {}) as { code?: unknown; statusCode?: unknown };
  if (typeof statusCode === 'number') return statusCode;
  return typeof code === 'number' ? code : undefined;
}

function recordFailure(span: Span, error: unknown, expected: readonly number[]): void {
  const status = statusOf(error);
  if (status !== undefined) span.setAttribute('response.status_code', status);
  if (status !== undefined && expected.includes(status)) return;
  // The class or the status, never the message: messages of SDK errors can quote ids and documents.
  span.setAttribute(
    'error.type',
    status !== undefined ? String(status) : error instanceof Error ? error.name : 'unknown',
  );
  span.setStatus({ code: SpanStatusCode.ERROR });
}

/**
 * The bot's whole telemetry API. Without a configured provider (no APPLICATIONINSIGHTS_CONNECTION_STRING) every call
 * is a no-op of OpenTelemetry's own, so features call it unconditionally.
 */
export const telemetry = {
  /** Adds to a counter, e.g. `telemetry.count('refusals', { reason: 'polls:errors.pollClosed' })`. */
  count(name: CounterName, attributes: SafeAttributes = {}, value = 1): void {
    let counter = counters.get(name);
    if (!counter) {
      counter = metrics.getMeter(SCOPE).createCounter(`${SCOPE}.${name}`, { description: COUNTERS[name] });
      counters.set(name, counter);
    }
    counter.add(value, attributes);
  },

  /** Runs `work` inside a span that is the parent of every span and log line made meanwhile. */
  span<T>(name: string, attributes: SafeAttributes, work: () => Promise<T>, options: SpanOptions = {}): Promise<T> {
    return trace
      .getTracer(SCOPE)
      .startActiveSpan(name, { kind: options.kind ?? SpanKind.INTERNAL, attributes }, async (span) => {
        try {
          return await work();
        } catch (error) {
          recordFailure(span, error, options.expectedStatuses ?? []);
          throw error;
        } finally {
          span.end();
        }
      });
  },

  /** Adds attributes to the span in progress, e.g. the command the router matched. */
  annotate(attributes: SafeAttributes): void {
    trace.getActiveSpan()?.setAttributes(attributes);
  },

  /** The span in progress, for correlating log lines with traces; undefined without telemetry. */
  currentSpanContext(): SpanContext | undefined {
    const context = trace.getActiveSpan()?.spanContext();
    return context && trace.isSpanContextValid(context) ? context : undefined;
  },

  /** Forgets counters made before a meter provider was registered (OpenTelemetry's no-op meter is not a proxy). */
  rebind(): void {
    counters = new Map();
  },
};

export { SpanKind };
