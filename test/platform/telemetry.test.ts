import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metrics, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import { telemetry } from '../../src/platform/telemetry/telemetry.js';
import { createLogger } from '../../src/platform/logger.js';
import { BotHarness, cardOf, personalChat, type TestPerson } from '../support/bot-harness.js';
import { assembledFocusGroup, coordinator, groupChannel, members } from '../support/focus-group.js';

/**
 * The telemetry a real conversation produces, caught by OpenTelemetry's in-memory exporters in place of Application
 * Insights: the spans and counters operators need are there, and nothing in them names or identifies a person or
 * repeats what anyone wrote.
 */
const spans = new InMemorySpanExporter();
const tracing = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
const reader = new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 3_600_000 });
const meters = new MeterProvider({ readers: [reader] });

const astrid: TestPerson = { id: 'a5f1d2c3-7e6b-4a09-9c8d-112233445566', name: 'Astrid Telemetrisson' };
const EMAIL = 'astrid.telemetrisson@example.org';
const FREE_TEXT = `Hej! Ring mig på 070-123 45 67 eller skriv till ${EMAIL}`;
const QUESTION = 'Hemlig fråga om Telemetrissons kalas?';

let bot: BotHarness;

beforeAll(async () => {
  tracing.register();
  metrics.setGlobalMeterProvider(meters);
  telemetry.rebind();
  bot = await BotHarness.start({ seedCoordinators: [coordinator] });
});
afterAll(async () => {
  await bot?.stop();
  await Promise.all([tracing.shutdown(), meters.shutdown()]);
});

/** Everything a person could be recognised by in this conversation. */
function personalData(): string[] {
  const people = [coordinator, astrid, ...members];
  return [
    ...people.flatMap((person) => [person.name, person.id, `29:${person.id}`, personalChat(person).id]),
    groupChannel.id,
    groupChannel.teamId!,
    'tenant-1',
    EMAIL,
    FREE_TEXT,
    QUESTION,
    'Telemetrisson',
  ];
}

function exported(span: ReadableSpan): string {
  return JSON.stringify({
    name: span.name,
    attributes: span.attributes,
    events: span.events,
    status: span.status,
    links: span.links,
  });
}

async function counters(): Promise<Map<string, { value: number; attributes: Record<string, unknown> }[]>> {
  await reader.forceFlush();
  const batches: ResourceMetrics[] = metricExporter.getMetrics();
  const latest = batches[batches.length - 1]!;
  const byName = new Map<string, { value: number; attributes: Record<string, unknown> }[]>();
  for (const scope of latest.scopeMetrics) {
    for (const metric of scope.metrics) {
      byName.set(
        metric.descriptor.name,
        metric.dataPoints.map((point) => ({ value: point.value as number, attributes: point.attributes })),
      );
    }
  }
  return byName;
}

const total = (points: { value: number }[] | undefined) => (points ?? []).reduce((sum, point) => sum + point.value, 0);

describe('telemetry of a conversation', () => {
  let pollId = '';

  beforeAll(async () => {
    const { programmeId, mik } = await assembledFocusGroup(bot);
    await bot.say(coordinator, 'hjälp');
    await bot.say(astrid, FREE_TEXT);
    bot.connector.failNext(5, 429, 0); // the poll's post is throttled first
    const created = cardOf(
      await bot.execute(
        coordinator,
        'polls.create',
        {
          programmeId,
          groupId: mik,
          question: QUESTION,
          kind: 'date',
          days: '2027-04-13/fullDay,2027-04-14/fullDay',
          showResults: 'true',
          anonymous: 'false',
          deadlineDate: '2027-03-01',
          deadlineHour: '12',
        },
        { conversation: groupChannel },
      ),
    );
    pollId = created.refresh.action.data.pollId;
    for (const member of members.slice(0, 3)) {
      await bot.execute(
        member,
        'polls.vote',
        { pollId, answer_d1: 'yes', answer_d2: 'no' },
        { conversation: groupChannel },
      );
    }
    await bot.execute(astrid, 'polls.vote', { pollId, answer_d1: 'yes' }, { conversation: groupChannel }); // not a member
    bot.connector.failNext(1, 403); // the closed card cannot be updated: a failed delivery
    bot.now = new Date('2027-03-01T12:00:30Z');
    await bot.bot.scheduler.tick();
    await bot.delivered(); // the deadline's card freeze and announcement go through the outbox
  });

  it('has a span per activity with its type and verb or command, parent of its Cosmos and connector calls', () => {
    const finished = spans.getFinishedSpans();
    const activities = finished.filter((span) => span.kind === SpanKind.SERVER);
    expect(activities.length).toBeGreaterThan(10);
    const help = activities.find((span) => span.attributes['bot.command'] === 'help');
    expect(help?.name).toBe('activity message');
    const vote = activities.find((span) => span.attributes['bot.card.verb'] === 'polls.vote');
    expect(vote).toMatchObject({
      name: 'activity invoke',
      attributes: {
        'bot.activity.type': 'invoke',
        'bot.activity.name': 'adaptiveCard/action',
        'bot.conversation.type': 'channel',
        'http.response.status_code': 200,
      },
    });
    const inVote = finished.filter((span) => span.spanContext().traceId === vote!.spanContext().traceId);
    // The vote is one write: a create for a first vote, a replace over the version seen for a changed one.
    const cosmos = inVote.find((span) => /^cosmos (create|replace) polls$/.test(span.name))!;
    expect(cosmos, inVote.map((span) => span.name).join(', ')).toBeDefined();
    expect(cosmos).toMatchObject({
      kind: SpanKind.CLIENT,
      attributes: { 'db.system': 'cosmosdb', 'db.collection.name': 'polls' },
    });
    const reply = finished.find((span) => span.name === 'connector send');
    expect(reply?.kind).toBe(SpanKind.CLIENT);
  });

  it('traces scheduled jobs and proactive sends, failures marked without their message', () => {
    const finished = spans.getFinishedSpans();
    const job = finished.find((span) => span.name === 'job polls.deadline');
    expect(job?.attributes).toEqual({ 'job.source': 'polls.deadline' });
    // The job enqueues the card freeze and the announcement; the outbox delivers each in a trace of its own.
    const inJob = finished.filter((span) => span.spanContext().traceId === job!.spanContext().traceId);
    expect(inJob.filter((span) => span.name === 'outbox enqueue')).toHaveLength(2);
    const deliveries = finished.filter((span) => span.name === 'outbox deliver');
    expect(deliveries.map((span) => span.attributes['bot.message.kind'])).toEqual(
      expect.arrayContaining(['update', 'post']),
    );
    const failed = finished.find(
      (span) => span.name === 'connector update' && span.status.code === SpanStatusCode.ERROR,
    );
    expect(failed?.kind).toBe(SpanKind.CLIENT);
    expect(failed?.attributes['error.type']).toBe('403');
  });

  it('counts votes, sends, 429s, failed deliveries and refusals by reason', async () => {
    const byName = await counters();
    expect(total(byName.get('fokusgrupper.votes'))).toBe(3);
    expect(total(byName.get('fokusgrupper.sends'))).toBeGreaterThanOrEqual(2);
    expect(total(byName.get('fokusgrupper.throttled'))).toBeGreaterThanOrEqual(1);
    expect(byName.get('fokusgrupper.deliveries.failed')).toEqual([
      { value: 1, attributes: { kind: 'update', status: 403 } },
    ]);
    expect(byName.get('fokusgrupper.refusals')).toEqual(
      expect.arrayContaining([{ value: 1, attributes: { reason: 'polls:errors.notMember' } }]),
    );
  });

  it('holds no name, e-mail address, Teams or Entra id, conversation id or message text', async () => {
    const leaks = personalData().map((secret) => secret.toLowerCase());
    const finished = spans.getFinishedSpans();
    for (const span of finished) {
      const text = exported(span).toLowerCase();
      expect(
        leaks.filter((secret) => text.includes(secret)),
        exported(span),
      ).toEqual([]);
    }
    const counted = JSON.stringify([...(await counters()).entries()]).toLowerCase();
    expect(leaks.filter((secret) => counted.includes(secret))).toEqual([]);
  });
});

describe('log lines', () => {
  it('carry the trace and span id of the work they were written in', async () => {
    const lines: string[] = [];
    const logger = createLogger('info', {
      destination: new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(chunk.toString());
          done();
        },
      }),
    });
    logger.info('outside any span');
    await telemetry.span('correlated work', {}, async () => logger.info('inside'));
    const span = spans.getFinishedSpans().find((candidate) => candidate.name === 'correlated work')!;
    const [outside, inside] = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(outside).not.toHaveProperty('traceId');
    expect(inside).toMatchObject({ traceId: span.spanContext().traceId, spanId: span.spanContext().spanId });
  });
});
