import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotHarness, cardText, textOf, type SendOptions } from '../support/bot-harness.js';
import { inputValue, press, validCard } from '../support/adaptive-cards.js';
import { assembledFocusGroup, coordinator } from '../support/focus-group.js';
import {
  countyLibraryDayPdf,
  englishDay,
  halfDayWithKl,
  mikSeminar,
  regionalLibraryDay,
} from '../support/published-programmes.js';

/**
 * A programme pasted as it is published (web page, PDF) is read, shown as read, and saved only once the
 * coordinator accepts that reading: from the new-meeting form and from an agenda's paste form, in both languages.
 */

let bot: BotHarness;
let programmeId: string;
let mik: string;
let digital: string;

const en: SendOptions = { locale: 'en-GB' };

beforeAll(async () => {
  bot = await BotHarness.start({ seedCoordinators: [coordinator] });
  ({ programmeId, mik, digital } = await assembledFocusGroup(bot));
  bot.now = new Date('2027-02-15T09:00:00Z');
});
afterAll(async () => bot?.stop());

const meetingsOf = (groupId: string) => bot.meetingStore().meetings.listForGroup(programmeId, groupId);

async function pressOn(card: unknown, title: string, typed: Record<string, unknown> = {}, options: SendOptions = {}) {
  const { verb, data } = press(card, title, typed);
  return validCard(await bot.execute(coordinator, verb, data, options));
}

async function newMeetingForm(groupId: string, options: SendOptions = {}) {
  return validCard(await bot.execute(coordinator, 'meetings.form', { programmeId, groupId }, options));
}

describe('a programme pasted into the new-meeting form', () => {
  it('is shown as read, nothing saved, until the coordinator accepts it; back to the form keeps everything', async () => {
    const form = await newMeetingForm(digital);
    const typed = { title: 'Biblioteksdag', date: '2027-09-17', programmeText: countyLibraryDayPdf };
    const preview = await pressOn(form, 'Spara', typed);
    const text = cardText(preview);
    expect(text).toContain('Så här läste jag programmet');
    expect(text).toContain('Det digitala biblioteksrummet: Biblioteksdag · fredag 17 september 2027 · 09:00–16:00');
    expect(text).toContain('Jag hittade 7 punkter. Stämmer det?');
    expect(text).toContain(
      'Förmiddag\n09:30\nVälkommen och inledning\nKarin Samordnare · roll: utvecklare · organisation: Regionbibliotek Jämtland Härjedalen',
    );
    expect(text).toContain(
      '10:00\nSkolbibliotekets uppdrag i en ny läroplan\nAnna-Stina Takala · roll: handläggare · organisation: KB',
    );
    expect(text).toContain('11:00\nPaus\nPaus');
    expect(text).toContain('Eva Lind · roll: bibliotekarier · organisation: Bräcke kommun');
    expect(text).toContain('Eftermiddag\n13:00\nWorkshop: ett regionalt MIK-kit');
    expect(text).toContain(
      'Det här hörde inte till någon punkt och sparas inte:\n”BIBLIOTEKSDAG I JÄMTLANDS LÄN 17 september 2027”',
    );
    expect(inputValue(preview, 'programmeText')).toBe(countyLibraryDayPdf);
    expect(await meetingsOf(digital)).toEqual([]);

    const back = await pressOn(preview, 'Tillbaka');
    expect(cardText(back)).toContain('Nytt möte för Det digitala biblioteksrummet');
    expect(['title', 'date', 'startTime', 'programmeText'].map((id) => inputValue(back, id))).toEqual([
      'Biblioteksdag',
      '2027-09-17',
      '09:00',
      countyLibraryDayPdf,
    ]);

    // Changed on the preview card and accepted at once: the new reading is shown, not saved unseen.
    const again = await pressOn(back, 'Spara');
    const shorter = countyLibraryDayPdf.replace('15.00–15.30 Summering\n', '');
    const reread = await pressOn(again, 'Spara', { programmeText: shorter });
    expect(cardText(reread)).toContain('Texten är ändrad sedan jag läste den, så här läser jag den nu.');
    expect(cardText(reread)).toContain('Jag hittade 6 punkter.');
    expect(await meetingsOf(digital)).toEqual([]);

    const editor = await pressOn(reread, 'Spara');
    expect(cardText(editor)).toContain('Mötet är sparat som utkast.');
    const [meeting] = await meetingsOf(digital);
    expect(meeting!.items.map((item) => `${item.sessionId} ${item.startTime} ${item.title}`)).toEqual([
      'morning 09:30 Välkommen och inledning',
      'morning 10:00 Skolbibliotekets uppdrag i en ny läroplan',
      'morning 11:00 Paus',
      'morning 11:15 Erfarenheter från Bräcke och Ragunda',
      'afternoon 13:00 Workshop: ett regionalt MIK-kit',
      'afternoon 14:30 Fika',
    ]);
  });

  it('reads every published shape through to an agenda, in Swedish and English', async () => {
    const days = [
      ['2027-10-05', regionalLibraryDay, 9, 'Avslutning och sammanfattning', {}],
      ['2027-10-06', mikSeminar, 5, 'Avslutning', {}],
      ['2027-10-07', halfDayWithKl, 5, 'Vi avslutar dagen', {}],
      ['2027-10-08', englishDay, 6, 'Lunch', en],
    ] as const;
    for (const [date, programme, count, last, options] of days) {
      const form = await newMeetingForm(mik, options);
      const save = options === en ? 'Save' : 'Spara';
      const preview = await pressOn(form, save, { date, programmeText: programme }, options);
      expect(cardText(preview)).toContain(options === en ? `I found ${count} items.` : `Jag hittade ${count} punkter.`);
      const editor = await pressOn(preview, save, {}, options);
      expect(cardText(editor)).toContain(
        options === en ? 'The meeting is saved as a draft.' : 'Mötet är sparat som utkast.',
      );
      const meeting = (await meetingsOf(mik)).find((m) => m.date === date)!;
      expect([meeting.items.length, meeting.items.at(-1)!.title]).toEqual([count, last]);
    }
    const english = (await meetingsOf(mik)).find((m) => m.date === '2027-10-08')!;
    expect(english.items[4]!.presenters).toEqual([
      { name: 'Raj Patel', role: 'librarian (chair)', organisation: 'Bradford Libraries' },
      { name: 'Sue Green', role: '', organisation: '' },
      { name: 'Mark White', role: '', organisation: '' },
      { name: 'Nia Jones', role: '', organisation: '' },
    ]);
  });

  it('refuses a programme it cannot read before anything is shown or saved, saying which line', async () => {
    const form = await newMeetingForm(mik);
    const refused = async (programmeText: string, options: SendOptions = {}) => {
      const { verb, data } = press(form, 'Spara', { date: '2027-11-02', programmeText });
      return textOf(await bot.execute(coordinator, verb, data, options));
    };
    expect(await refused('09.30 Välkomna\n\n10.00')).toBe(
      'Tiden 10:00 står ensam: jag hittar ingen rubrik efter den. Skriv rubriken efter tiden. Ingenting har sparats.',
    );
    expect(await refused('09.30 Welcome\n\n10.00', en)).toBe(
      'The time 10:00 stands alone: I find no title after it. Write the title after the time. Nothing has been saved.',
    );
    expect(await refused('Välkomna!\nModerator: Anja Dahlstedt, , KB.')).toBe(
      'Jag kan inte läsa raden ”Anja Dahlstedt, , KB.” som en medverkande. Skriv ”Namn, roll, Organisation.”. Ingenting har sparats.',
    );
    expect(await refused('07.30 Frukost')).toBe(
      '”Frukost” börjar 07:30, utanför dagen (09:00–16:00). Ingenting har sparats.',
    );
    expect((await meetingsOf(mik)).filter((m) => m.date === '2027-11-02')).toEqual([]);
  });
});

describe('a programme pasted into an agenda', () => {
  it('is shown as read in English, kept when going back, and added only when accepted', async () => {
    const form = await newMeetingForm(mik, en);
    const editor = await pressOn(form, 'Save', { date: '2027-05-20', title: 'MIK-seminarium' }, en);
    const meeting = (await meetingsOf(mik)).find((m) => m.date === '2027-05-20')!;
    const paste = await pressOn(editor, 'Paste programme', {}, en);
    const preview = await pressOn(paste, 'Read it', { sessionId: 'afternoon', text: mikSeminar }, en);
    const text = cardText(preview);
    expect(text).toContain('This is how I read the programme');
    expect(text).toContain('I found 5 items. Is that right?');
    expect(text).toContain('Afternoon\n13:00\nInledning');
    expect(text).toContain('14:00\nKaffe\nBreak');
    expect(text).toContain('Sara Holm · role: journalist (samtalsledare)');
    expect(text).toContain('Lena Ström · organisation: Ungdomens hus');
    expect(text).toContain(
      'This was no part of any item and will not be saved:\n“MIK-seminarium: Källkritik i en tid av AI”',
    );
    expect((await bot.meetingStore().meetings.get(programmeId, meeting.meetingId))!.items).toEqual([]);

    const back = await pressOn(preview, 'Back', {}, en);
    expect([inputValue(back, 'text'), inputValue(back, 'sessionId')]).toEqual([mikSeminar, 'afternoon']);
    const second = await pressOn(back, 'Read it', {}, en);
    const added = await pressOn(second, 'Add to the agenda', {}, en);
    expect(cardText(added)).toContain('5 items read. Correct what needs correcting.');
    const saved = (await bot.meetingStore().meetings.get(programmeId, meeting.meetingId))!;
    expect(saved.items.map((item) => `${item.sessionId} ${item.startTime} ${item.title}`)).toEqual([
      'afternoon 13:00 Inledning',
      'afternoon 13:15 Vad är AI-genererat innehåll – och hur känner vi igen det?',
      'afternoon 14:00 Kaffe',
      'afternoon 14:20 Panelsamtal: Hur pratar vi med unga om AI?',
      'afternoon 15:15 Avslutning',
    ]);
    // "Add" sent again (a double click, an invoke Teams redelivers) adds nothing more.
    const twice = press(second, 'Add to the agenda');
    expect(cardText(validCard(await bot.execute(coordinator, twice.verb, twice.data, en)))).not.toContain('items read');
    expect((await bot.meetingStore().meetings.get(programmeId, meeting.meetingId))!.items).toHaveLength(5);
  });
});
