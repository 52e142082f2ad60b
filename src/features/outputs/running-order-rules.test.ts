import { describe, expect, it } from 'vitest';
import { refusalKey } from '../../../test/support/refusals.js';
import type { Programme } from '../programmes/schema.js';
import { currentRunningOrder, moveSlot, retime, slotTimes } from './running-order-rules.js';

const now = new Date('2027-08-20T08:00:00Z');
const sara = { id: 'sara', name: 'Sara Regional' };

describe('the running order', () => {
  const programme = {
    programmeId: 'p',
    groups: [
      { id: 'mik', name: 'MIK', description: '', outputs: [] },
      { id: 'digital', name: 'Digital', description: '', outputs: [] },
      { id: 'las', name: 'Läsfrämjande', description: '', outputs: [] },
    ],
  } as unknown as Programme;

  it('follows the programme, moves slots, and times them from the start', () => {
    let order = currentRunningOrder(programme, undefined, sara, now);
    expect(order.slots.map((s) => s.groupId)).toEqual(['mik', 'digital', 'las']);
    order = moveSlot(moveSlot(order, 'las', 'up'), 'mik', 'up');
    expect(order.slots.map((s) => s.groupId)).toEqual(['mik', 'las', 'digital']);
    order = retime(order, '9:30', { mik: '25', digital: '15' });
    expect(slotTimes(order)).toEqual([
      { groupId: 'mik', start: '09:30', end: '09:55' },
      { groupId: 'las', start: '09:55', end: '10:15' },
      { groupId: 'digital', start: '10:15', end: '10:30' },
    ]);
    const withoutLas = { ...programme, groups: programme.groups.filter((g) => g.id !== 'las') } as Programme;
    expect(currentRunningOrder(withoutLas, order, sara, now).slots.map((s) => s.groupId)).toEqual(['mik', 'digital']);
  });

  it('refuses a start time or minutes that make no sense', () => {
    const order = currentRunningOrder(programme, undefined, sara, now);
    expect(refusalKey(() => retime(order, '25:00', {}))).toBe('outputs:errors.badStartTime');
    expect(refusalKey(() => retime(order, '09:00', { mik: '0' }))).toBe('outputs:errors.badMinutes');
    expect(refusalKey(() => retime(order, '09:00', { mik: 'en halvtimme' }))).toBe('outputs:errors.badMinutes');
  });
});
