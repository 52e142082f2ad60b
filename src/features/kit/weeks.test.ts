import { describe, expect, it } from 'vitest';
import { addWeeks, termOf, termWeeks, shiftTerm, weekOf, weeksBetween, weeksFrom } from './weeks.js';

describe('weeks and terms in Swedish time', () => {
  it('reads the week of an instant in Sweden, not in UTC', () => {
    // Sunday 28 March 2027 22:30 UTC is Monday 00:30 in Stockholm (summer time began that night).
    expect(weekOf(new Date('2027-03-28T22:30:00Z'))).toBe('2027-W13');
    expect(weekOf(new Date('2027-03-28T21:30:00Z'))).toBe('2027-W12');
    // Thursday 31 December 2026 is in week 53 of 2026; Monday 4 January 2027 starts week 1.
    expect(weekOf(new Date('2026-12-31T12:00:00Z'))).toBe('2026-W53');
    expect(weekOf(new Date('2027-01-04T12:00:00Z'))).toBe('2027-W01');
  });

  it('counts weeks across a year with 53 weeks and across DST', () => {
    expect(addWeeks('2026-W52', 2)).toBe('2027-W01');
    expect(weeksFrom('2027-W12', 3)).toEqual(['2027-W12', '2027-W13', '2027-W14']);
    expect(weeksBetween('2026-W50', '2027-W02')).toBe(5);
    expect(weeksBetween('2027-W14', '2027-W12')).toBe(-2);
  });

  it('puts a week in the term of its Thursday', () => {
    expect(termOf('2026-W53')).toBe('2026-autumn');
    expect(termOf('2027-W01')).toBe('2027-spring');
    expect(termOf('2027-W25')).toBe('2027-spring'); // Thursday 24 June
    expect(termOf('2027-W26')).toBe('2027-autumn'); // Thursday 1 July
    expect(termWeeks('2027-spring')).toEqual({ first: '2027-W01', last: '2027-W25' });
    expect(termWeeks('2026-autumn')).toEqual({ first: '2026-W27', last: '2026-W53' });
    expect(shiftTerm('2027-spring', -1)).toBe('2026-autumn');
    expect(shiftTerm('2026-autumn', 1)).toBe('2027-spring');
  });
});
