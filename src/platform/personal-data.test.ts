import { describe, expect, it } from 'vitest';
import { addTouched, PersonalData, withPeopleReplaced } from './personal-data.js';

const placeholder = { id: 'erased', name: 'Raderad person' };

describe('withPeopleReplaced', () => {
  const kit = {
    id: 'kit:maker',
    name: 'Makerkit',
    copies: [{ copyId: '1', label: 'Makerkit' }],
    bookings: [{ bookingId: 'b1', bookedBy: { id: 'anna', name: 'Anna' }, contact: { id: 'bo', name: 'Bo' } }],
    administrators: [{ id: 'anna', name: 'Anna' }],
  };

  it('replaces the person wherever they are, and nothing else with an id and a name', () => {
    expect(withPeopleReplaced(kit, (id) => id === 'anna', placeholder)).toEqual({
      ...kit,
      bookings: [{ bookingId: 'b1', bookedBy: placeholder, contact: { id: 'bo', name: 'Bo' } }],
      administrators: [placeholder],
    });
  });

  it('says when nobody is named, and leaves the document itself alone', () => {
    expect(withPeopleReplaced(kit, (id) => id === 'carl', placeholder)).toBeUndefined();
    expect(withPeopleReplaced(kit, (id) => id === 'kit:maker', placeholder)).toBeUndefined();
  });
});

describe('PersonalData', () => {
  it('adds up what every source touched, and knows which containers are covered', async () => {
    const data = new PersonalData();
    data.register(
      { name: 'a', containers: ['x'], find: async () => [], erase: async () => ({ x: 2 }) },
      { name: 'b', containers: ['x', 'y'], find: async () => [], erase: async () => ({ x: 1, y: 0 }) },
    );
    data.holdsNone('jobs', 'ids only');
    expect(await data.erase('p', placeholder)).toEqual({ x: 3 });
    expect([...data.covered()].sort()).toEqual(['jobs', 'x', 'y']);
    expect(addTouched({ x: 1 }, { x: 1, z: 0 })).toEqual({ x: 2 });
  });
});
