import { describe, expect, it } from 'vitest';
import { meetingInvitation } from './calendar.js';

describe('meetingInvitation', () => {
  it('writes Swedish times as UTC, in summer and in winter', () => {
    const base = { uid: 'u1@fokusgrupper', title: 'Fokusgrupp', description: 'Heldag', location: 'Kista bibliotek' };
    const spring = meetingInvitation({ ...base, date: '2027-04-14', startTime: '09:00', endTime: '16:00' });
    expect(spring).toContain('DTSTART:20270414T070000Z');
    expect(spring).toContain('DTEND:20270414T140000Z');
    expect(spring).toContain('LOCATION:Kista bibliotek');
    expect(spring).toContain('UID:u1@fokusgrupper');
    const winter = meetingInvitation({ ...base, date: '2027-11-10', startTime: '09:00', endTime: '12:00' });
    expect(winter).toContain('DTSTART:20271110T080000Z');
  });
});
