import { describe, expect, it } from 'vitest';
import { refusalKey } from '../../../test/support/refusals.js';
import { ARE, booked, kit, KROKOM, member, now, OSTERSUND, request } from '../../../test/support/kit-fixtures.js';
import { DEFAULT_RULES } from './domain.js';
import {
  checkSummary,
  copyConditions,
  dueHandoverNotices,
  handoverChain,
  handoverNotices,
  holderOn,
  nextHandover,
  readContentCheck,
  recordReceipt,
} from './handover-rules.js';

describe('the handover chain', () => {
  // Krokom weeks 12–13, Åre week 14 (straight after), Östersund week 17 (after a gap).
  const chainKit = () =>
    booked(
      kit({ rules: { ...DEFAULT_RULES, handoverDays: [2, 4] } }),
      request(KROKOM, '2027-W12', 2),
      request(ARE, '2027-W14'),
      request(OSTERSUND, '2027-W17'),
    );

  it('passes the copy straight on when the next loan follows, and home when there is a gap', () => {
    const legs = handoverChain(chainKit(), '1');
    expect(
      legs.map((leg) => [
        leg.legId,
        leg.from.kind === 'home' ? 'home' : leg.from.booking.municipalityCode,
        leg.to.kind === 'home' ? 'home' : leg.to.booking.municipalityCode,
        leg.date,
      ]),
    ).toEqual([
      ['to:b1', 'home', KROKOM, '2027-03-23'], // Tuesday of week 12
      ['to:b2', KROKOM, ARE, '2027-04-06'],
      ['home:b2', ARE, 'home', '2027-04-13'],
      ['to:b3', 'home', OSTERSUND, '2027-04-27'],
      ['home:b3', OSTERSUND, 'home', '2027-05-04'],
    ]);
  });

  it('knows who holds the copy and who is next', () => {
    const k = chainKit();
    expect(holderOn(k, '1', '2027-03-22')).toMatchObject({ kind: 'home' });
    const holder = holderOn(k, '1', '2027-03-30');
    expect(holder?.kind === 'loan' && holder.booking.municipalityCode).toBe(KROKOM);
    expect(nextHandover(k, '1', '2027-03-30')?.legId).toBe('to:b2');
  });

  it('tells both sides at 09:00 Swedish time three days before, once per key', () => {
    const notices = handoverNotices(chainKit()).filter((n) => n.leg.legId === 'to:b2');
    // Handover Tuesday 6 April (summer time, UTC+2): told Saturday 3 April 09:00 = 07:00 UTC.
    expect(notices.map((n) => [n.kind, n.at])).toEqual([
      ['handOn', '2027-04-03T07:00:00.000Z'],
      ['onItsWay', '2027-04-03T07:00:00.000Z'],
    ]);
    expect(notices[0]!.key).toBe('kit-handover:p:maker:to:b2:handOn');
    // Before summer time: Tuesday 23 March → Saturday 20 March 09:00 = 08:00 UTC.
    expect(handoverNotices(chainKit())[0]!.at).toBe('2027-03-20T08:00:00.000Z');
    const due = dueHandoverNotices(chainKit(), new Date('2027-04-03T07:00:00Z'));
    expect(due.map((n) => n.leg.legId)).toEqual(['to:b2', 'to:b2']);
  });
});

describe('the content check when a copy arrives', () => {
  it('reads missing and broken counts, and refuses impossible ones', () => {
    const { contents } = kit();
    expect(readContentCheck(contents, { missing1: '2', broken2: '1' })).toEqual({
      items: [
        { itemId: 'item1', missing: 2, broken: 0 },
        { itemId: 'item2', missing: 0, broken: 1 },
      ],
      errors: {},
    });
    expect(readContentCheck(contents, { missing1: '11', missing2: '2', broken2: '1' }).errors).toEqual({
      missing1: 'count',
      broken2: 'tooMany',
    });
    expect(readContentCheck(contents, { missing1: 'två' }).errors).toEqual({ missing1: 'count' });
  });

  it('summarises what is missing or broken, per copy from its latest receipt', () => {
    const k = booked(kit(), request(KROKOM, '2027-W12'));
    const items = [
      { itemId: 'item1', missing: 1, broken: 0 },
      { itemId: 'item2', missing: 0, broken: 2 },
    ];
    expect(checkSummary(k.contents, items)).toEqual({
      complete: false,
      missing: [{ itemId: 'item1', name: 'Micro:bit', count: 1 }],
      broken: [{ itemId: 'item2', name: 'Lödkolv', count: 2 }],
    });
    const receipt = recordReceipt(k, member(KROKOM), 'to:b1', { items, note: 'Kabel saknas' }, now);
    expect(receipt).toMatchObject({ id: 'receipt:maker:to:b1', copyId: '1', municipalityCode: KROKOM });
    expect(refusalKey(() => recordReceipt(k, member(ARE), 'to:b1', { items, note: '' }, now))).toBe(
      'kit:errors.notYourHandover',
    );
    expect(refusalKey(() => recordReceipt(k, member(KROKOM), 'to:nope', { items, note: '' }, now))).toBe(
      'kit:errors.unknownHandover',
    );
    expect(copyConditions(k, [receipt])[0]!.summary.complete).toBe(false);
  });
});
