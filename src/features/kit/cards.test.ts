import { describe, expect, it } from 'vitest';
import { cardProblems } from '../../../test/support/adaptive-cards.js';
import { translator, type Language } from '../../platform/i18n.js';
import type { AdaptiveCard } from '../../platform/teams/cards.js';
import { cancelBooking } from './booking-change-rules.js';
import { calendarCard } from './calendar-cards.js';
import type { Localized } from './cards.js';
import { bookingInvitation, confirmationCard } from './confirmation-cards.js';
import { DEFAULT_RULES, placeBooking, type Actor, type NewIds } from './domain.js';
import { earlyReturnCard } from './early-return-cards.js';
import { fairnessCard } from './fairness-cards.js';
import { handoverCard, receivedCard } from './handover-cards.js';
import { handoverChain, handoverNotices, recordReceipt } from './handover-rules.js';
import { kitFormCard } from './kit-form-cards.js';
import { offerCard } from './offer-cards.js';
import { joinWaitingList } from './queue-rules.js';
import { KIT_VERBS, kitSchema, type Kit, type KitVerb } from './schema.js';

const now = new Date('2027-03-01T10:00:00Z'); // week 9
const REGION = ['2303', '2305', '2309', '2313', '2321', '2326', '2361', '2380'];
const staff: Actor = { person: { id: 'staff', name: 'Regina Region' }, isStaff: true };
const member = (code: string): Actor => ({
  person: { id: `m${code}`, name: `Bibliotekarie ${code}` },
  municipalityCode: code,
  isStaff: false,
});
const home = { name: 'Regionbiblioteket', municipalityCode: '2380', address: 'Rådhusgatan 25' };

function ids(prefix: string): NewIds {
  let n = 0;
  return () => ({ bookingId: `${prefix}${++n}`, calendarToken: 't' });
}

function baseKit(name = 'Makerkit'): Kit {
  return kitSchema.parse({
    id: 'kit:maker',
    type: 'kit',
    programmeId: 'p',
    kitId: 'maker',
    name,
    source: { groupId: 'mik', outputId: 'kit-plan' },
    contents: [
      { itemId: 'item1', name: 'Micro:bit', count: 10 },
      { itemId: 'item2', name: 'Lödkolv', count: 2 },
    ],
    copies: [
      { copyId: '1', label: `${name} 1`, homeLibrary: home },
      { copyId: '2', label: `${name} 2`, homeLibrary: home },
    ],
    rules: { ...DEFAULT_RULES, handoverDays: [2] },
    administrators: [staff.person],
    regionCodes: REGION,
    createdBy: staff.person,
    createdAt: now.toISOString(),
    updatedBy: staff.person,
    updatedAt: now.toISOString(),
  });
}

/** Krokom weeks 12–13 on copy 1, Åre week 14 after it; Östersund queued for 12 and is offered it when Krokom cancels 12–13. */
function bookedKit(name = 'Makerkit') {
  let kit = baseKit(name);
  const place = (actor: Actor, startWeek: string, weekCount: number, prefix: string) => {
    const result = placeBooking(
      kit,
      actor,
      {
        municipalityCode: actor.municipalityCode!,
        libraryName: `Bibliotek ${actor.municipalityCode}`,
        startWeek,
        weekCount,
        copyId: '1',
      },
      ids(prefix),
      now,
    );
    kit = result.kit!;
    return result.booking;
  };
  const krokom = place(member('2309'), '2027-W12', 2, 'k');
  const are = place(member('2321'), '2027-W14', 1, 'a');
  const later = place(member('2309'), '2027-W20', 1, 'l');
  kit = joinWaitingList(
    kit,
    member('2380'),
    { municipalityCode: '2380', libraryName: 'Östersunds bibliotek', startWeek: '2027-W12', weekCount: 1, copyId: '1' },
    'e1',
    now,
  ).kit!;
  const cancelled = cancelBooking(kit, member('2309'), krokom.bookingId, ids('o'), now);
  return { kit: cancelled.kit!, are, later, offer: cancelled.offers[0]! };
}

type Node = Record<string, unknown>;

function walk(card: unknown, visit: (node: Node) => void): void {
  if (Array.isArray(card)) return card.forEach((child) => walk(child, visit));
  if (!card || typeof card !== 'object') return;
  visit(card as Node);
  Object.values(card).forEach((child) => walk(child, visit));
}

function actionsOf(card: AdaptiveCard): Node[] {
  const actions: Node[] = [];
  walk(card, (node) => {
    if (typeof node.type === 'string' && node.type.startsWith('Action.') && node.type !== 'Action.Submit')
      actions.push(node);
  });
  return actions;
}

function inputsOf(card: AdaptiveCard): Node[] {
  const inputs: Node[] = [];
  walk(card, (node) => {
    if (typeof node.type === 'string' && node.type.startsWith('Input.')) inputs.push(node);
  });
  return inputs;
}

/**
 * What a well-made kit card promises: valid for Teams, `kit.*` verbs whose data (with the inputs' preset values)
 * reads as the verb's schema, buttons that name the kit or copy they act on, one label per input and no two alike,
 * and no template or translation left unfilled.
 */
function expectWellMade(card: AdaptiveCard, names: string[]): void {
  expect(cardProblems(card)).toEqual([]);
  const json = JSON.stringify(card);
  expect(json).not.toContain('${');
  expect(json).not.toContain('{{');
  const presets = Object.fromEntries(
    inputsOf(card).map((input) => [input.id as string, String((input.value as string | undefined) ?? '')]),
  );
  for (const action of actionsOf(card)) {
    const title = String(action.title);
    expect(
      names.some((name) => title.includes(name)),
      `"${title}" names what it acts on`,
    ).toBe(true);
    if (action.type !== 'Action.Execute') continue;
    const verb = action.verb as KitVerb;
    expect(Object.keys(KIT_VERBS), title).toContain(verb);
    const sent = action.associatedInputs === 'none' ? action.data : { ...presets, ...(action.data as object) };
    expect(KIT_VERBS[verb].safeParse(sent).success, `${verb} data of "${title}"`).toBe(true);
  }
  const labels = inputsOf(card).map((input) => input.label);
  expect(labels.every((label) => typeof label === 'string' && label.length > 0)).toBe(true);
  expect(new Set(labels).size, `labels ${labels.join(' | ')}`).toBe(labels.length);
}

const languages: Language[] = ['sv', 'en'];
const localized = (language: Language): Localized => ({ t: translator(language), language });

describe.each(languages)('kit cards in %s', (language) => {
  const l = localized(language);

  it('creates a kit from an approved plan: plan items as counted contents, rules, errors under their fields', () => {
    const plan = {
      name: 'Makerkit',
      purpose: '',
      targetGroups: '',
      items: [
        { name: 'Micro:bit', description: '', quantity: 10, unitPrice: 250, supplier: '' },
        { name: 'Micro:bit', description: 'reserv', quantity: 2, unitPrice: 250, supplier: '' },
      ],
      loanPeriod: 'Två veckor',
      whoMayBook: '',
      pickupAndReturn: '',
      maintainedBy: 'Regionbiblioteket',
    };
    const view = {
      programmeId: 'p',
      groupId: 'mik',
      outputId: 'kit-plan',
      groupName: 'MIK',
      plan,
      regionCodes: REGION,
    };
    const card = kitFormCard(l, view);
    expectWellMade(card, ['Makerkit']);
    expect(inputsOf(card).find((i) => i.id === 'count2')?.value).toBe('2');
    const withErrors = kitFormCard(l, {
      ...view,
      values: { name: '' },
      errors: { name: 'required', count1: 'number' },
    });
    expectWellMade(withErrors, ['Makerkit']);
    expect(JSON.stringify(withErrors)).toContain(translator(language)('kit:fieldErrors.required'));
  });

  it('shows the calendar by week with booking controls, alternatives and my bookings', () => {
    const { kit, offer } = bookedKit();
    const forMember = calendarCard(l, {
      kit,
      now,
      viewer: { municipalityCode: '2380', isStaff: false },
      note: 'x',
      alternatives: [{ copyId: '2', startWeek: '2027-W12', weekCount: 1 }],
    });
    expectWellMade(forMember, ['Makerkit']);
    const json = JSON.stringify(forMember);
    expect(json).toContain('Åre');
    expect(json).toContain(translator(language)('kit:states.mine')); // Östersund's offer
    expect(
      actionsOf(forMember).some((a) => a.verb === 'kit.acceptOffer' && (a.data as Node).bookingId === offer.bookingId),
    ).toBe(true);
    expect(inputsOf(forMember).map((i) => i.id)).toEqual(['startWeek', 'weekCount', 'copyId']);

    const forStaff = calendarCard(l, { kit, now, viewer: { isStaff: true }, from: '2027-W20' });
    expectWellMade(forStaff, ['Makerkit']);
    expect(inputsOf(forStaff).map((i) => i.id)).toEqual(['municipalityCode', 'startWeek', 'weekCount', 'copyId']);
    expect(actionsOf(forStaff).some((a) => a.verb === 'kit.fairness')).toBe(true);
  });

  it('confirms a booking with where the copy comes from and goes to, and an .ics link', () => {
    const { kit, are } = bookedKit();
    const card = confirmationCard(l, {
      kit,
      booking: are,
      calendarUrl: 'https://bot.example/kits/p/maker/a1/t.ics',
      now,
    });
    expectWellMade(card, ['Makerkit']);
    const facts = JSON.stringify(card);
    expect(facts).toContain('Regionbiblioteket'); // comes from home, since Krokom cancelled
    expect(actionsOf(card).map((a) => a.type)).toEqual(['Action.OpenUrl', 'Action.Execute', 'Action.Execute']);
  });

  it('lets the library holding a copy return it early: the weeks it may keep, and one button to confirm', () => {
    const kit = { ...baseKit(), rules: { ...baseKit().rules, maxLoanWeeks: 3 } };
    const krokom = member('2309');
    const request = { municipalityCode: '2309', libraryName: 'Krokoms bibliotek', startWeek: '2027-W10', weekCount: 3 };
    const { kit: booked, booking } = placeBooking(kit, krokom, { ...request, copyId: '1' }, ids('k'), now);
    const inWeek10 = new Date('2027-03-09T10:00:00Z');
    const returnsEarly = (card: AdaptiveCard) =>
      actionsOf(card).filter((a) => a.verb === 'kit.returnForm' && (a.data as Node).bookingId === booking.bookingId);
    const calendar = calendarCard(l, {
      kit: booked!,
      now: inWeek10,
      viewer: { municipalityCode: '2309', isStaff: false },
    });
    expectWellMade(calendar, ['Makerkit']);
    expect(returnsEarly(calendar)).toHaveLength(1);
    expect(returnsEarly(calendarCard(l, { kit: booked!, now, viewer: { isStaff: true } }))).toEqual([]); // not begun
    const confirmation = confirmationCard(l, { kit: booked!, booking, calendarUrl: '', now: inWeek10 });
    expect(returnsEarly(confirmation)).toHaveLength(1);

    const card = earlyReturnCard(l, { kit: booked!, booking, now: inWeek10 });
    expectWellMade(card, ['Makerkit']);
    const [lastWeek] = inputsOf(card);
    expect(lastWeek).toMatchObject({ id: 'lastWeek', value: '2027-W10' });
    expect((lastWeek!.choices as Node[]).map((c) => c.value)).toEqual(['2027-W10', '2027-W11']);
    expect(actionsOf(card).map((a) => a.verb)).toEqual(['kit.return', 'kit.calendar']);
  });

  it('offers freed weeks with a deadline, and shows the answer once given', () => {
    const { kit, offer } = bookedKit();
    const open = offerCard(l, { kit, booking: offer, now });
    expectWellMade(open, ['Makerkit']);
    expect(actionsOf(open).map((a) => a.verb)).toEqual(['kit.acceptOffer', 'kit.declineOffer']);
    const answered = offerCard(l, { kit, booking: { ...offer, status: 'confirmed' }, now });
    expectWellMade(answered, ['Makerkit']);
    expect(actionsOf(answered)).toEqual([]);
  });

  it('tells the holder where the copy goes and the receiver that it is on its way', () => {
    const { kit } = bookedKit();
    for (const notice of handoverNotices(kit)) {
      const card = handoverCard(l, { kit, notice });
      expectWellMade(card, ['Makerkit']);
      expect(actionsOf(card).some((a) => a.verb === 'kit.receivedForm')).toBe(notice.kind === 'onItsWay');
    }
  });

  it('asks for a quick content check on arrival, and shows what was missing or broken once recorded', () => {
    const { kit, are } = bookedKit();
    const leg = handoverChain(kit, '1').find((l) => l.legId === `to:${are.bookingId}`)!;
    const form = receivedCard(l, { kit, leg, values: { missing1: '11' }, errors: { missing1: 'count' } });
    expectWellMade(form, ['Makerkit']);
    expect(inputsOf(form).map((i) => i.id)).toEqual(['missing1', 'broken1', 'missing2', 'broken2', 'note']);
    const receipt = recordReceipt(
      kit,
      member('2321'),
      leg.legId,
      {
        items: [
          { itemId: 'item1', missing: 2, broken: 0 },
          { itemId: 'item2', missing: 0, broken: 1 },
        ],
        note: '',
      },
      now,
    );
    const done = receivedCard(l, { kit, leg, receipt });
    expectWellMade(done, ['Makerkit']);
    expect(inputsOf(done)).toEqual([]);
    expect(JSON.stringify(done)).toContain('2 Micro:bit');
  });

  it('gives staff the term per municipality and each copy’s condition', () => {
    const { kit, are } = bookedKit();
    const receipt = recordReceipt(
      kit,
      member('2321'),
      `to:${are.bookingId}`,
      { items: [{ itemId: 'item2', missing: 1, broken: 0 }], note: '' },
      now,
    );
    const card = fairnessCard(l, { kit, term: '2027-spring', now, receipts: [receipt] });
    expectWellMade(card, ['Makerkit']);
    const json = JSON.stringify(card);
    expect(json).toContain('Bräcke');
    expect(json).toContain('Lödkolv');
  });
});

describe('text people typed', () => {
  it('shows as written, never as formatting or a link', () => {
    const { kit } = bookedKit('**Maker**');
    const card = calendarCard(localized('sv'), { kit, now, viewer: { isStaff: true } });
    // Card text (markdown) is escaped when rendered; a button's title is not markdown and shows as written.
    const cardTexts = JSON.stringify(card).match(/"text":"(?:[^"\\]|\\.)*"/g) ?? [];
    expect(cardTexts.filter((text) => text.includes('Maker'))).not.toEqual([]);
    expect(cardTexts.filter((text) => /[^\\]\*\*Maker/.test(text))).toEqual([]);
  });
});

describe('the booking as a calendar entry', () => {
  it('is an all-day event from the day the copy arrives to the day before it goes on', () => {
    const { kit, are } = bookedKit();
    const ics = bookingInvitation(localized('sv'), kit, are);
    // Week 14 of 2027, handover on Tuesdays: 6 April to the day before Tuesday 13 April.
    expect(ics).toContain('DTSTART;VALUE=DATE:20270406');
    expect(ics).toContain('DTEND;VALUE=DATE:20270413');
    expect(ics).toContain('SUMMARY:Makerkit 1: v. 14');
    expect(ics).toContain('LOCATION:Bibliotek 2321');
  });
});
