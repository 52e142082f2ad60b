import { describe, expect, it } from 'vitest';
import type { Programme } from '../programmes/schema.js';
import {
  erasureReference,
  isPastRetention,
  lastRetentionDay,
  myDataFile,
  placeholderNamed,
  soleCoordinatorOf,
  touchedSummary,
  touchedTotal,
} from './domain.js';

const karin = { id: 'c1', name: 'Karin' };
const per = { id: 'c2', name: 'Per' };
const programme = (name: string, coordinators = [karin]) =>
  ({ programmeId: name.toLowerCase(), name, presentationDay: '2027-09-17', coordinators }) as Programme;

describe('retention', () => {
  it('keeps a programme RETENTION_DAYS after its presentation day, in Swedish calendar days', () => {
    expect(lastRetentionDay(programme('A'), 365)).toBe('2028-09-16'); // 2028 is a leap year
    expect(lastRetentionDay(programme('A'), 30)).toBe('2027-10-17');
    // 22:00 UTC on 16 September is midnight, the 17th, in Stockholm (summer time).
    expect(isPastRetention(programme('A'), 365, new Date('2028-09-16T21:59:00Z'))).toBe(false);
    expect(isPastRetention(programme('A'), 365, new Date('2028-09-16T22:00:00Z'))).toBe(true);
  });
});

describe('erasure', () => {
  it('waits while the person is the only coordinator of a programme', () => {
    const programmes = [programme('A'), programme('B', [karin, per]), programme('C', [per])];
    expect(soleCoordinatorOf(programmes, 'c1').map((p) => p.name)).toEqual(['A']);
    expect(soleCoordinatorOf(programmes, 'c2').map((p) => p.name)).toEqual(['C']);
    expect(soleCoordinatorOf(programmes, 'm1')).toEqual([]);
  });

  it('proves an erasure with a keyed reference that names nobody', () => {
    const key = 'k'.repeat(32);
    const reference = erasureReference('e7a5e000-0000-4000-8000-000000000a11', key);
    expect(reference).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(erasureReference('e7a5e000-0000-4000-8000-000000000a11', key)).toBe(reference);
    expect(erasureReference('e7a5e000-0000-4000-8000-000000000a11', 'x'.repeat(32))).not.toBe(reference);
    expect(erasureReference('someone-else', key)).not.toBe(reference);
  });

  it('puts the same neutral placeholder in everyone’s place', () => {
    expect(placeholderNamed('Raderad person')).toEqual({ id: 'erased', name: 'Raderad person' });
  });

  it('sums up what was touched, by container', () => {
    expect(touchedSummary({ polls: 3, audit: 2, jobs: 0 })).toBe('audit 2, polls 3');
    expect(touchedTotal({ polls: 3, audit: 2 })).toBe(5);
  });
});

describe('the "my data" file', () => {
  it('names the programmes and leaves out empty sources', () => {
    const file = myDataFile(
      karin,
      [
        {
          source: 'memberships',
          items: [{ programmeId: 'a', what: 'Östersund', at: 't', details: { groupIds: ['mik'] } }],
        },
        { source: 'votes', items: [] },
      ],
      [programme('A')],
      (source) => `title of ${source}`,
      new Date('2027-02-15T09:00:00Z'),
    );
    expect(file).toEqual({
      person: karin,
      madeAt: '2027-02-15T09:00:00.000Z',
      sources: [
        {
          source: 'memberships',
          title: 'title of memberships',
          items: [{ programme: 'A', what: 'Östersund', at: 't', details: { groupIds: ['mik'] } }],
        },
      ],
    });
  });
});
