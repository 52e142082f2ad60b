import { describe, expect, it } from 'vitest';
import { refusalOf } from '../../../test/support/refusals.js';
import { linkInForm, presenterInForm, readProgramme, splitLinks } from './programme-text.js';

const items = (text: string) => readProgramme(text).map((entry) => ('item' in entry ? entry.item : entry));

describe('the plain-text programme reader', () => {
  it('reads the shape our users write: a title line, then "Name, role, Organisation." lines', () => {
    const text =
      'Välkomna!\nAnja Dahlstedt, avdelningschef KB.\n\nTrender i planerna 2020\nAnna-Stina Takala, handläggare, KB.';
    expect(items(text)).toEqual([
      {
        title: 'Välkomna!',
        description: '',
        presenters: [{ name: 'Anja Dahlstedt', role: 'avdelningschef', organisation: 'KB' }],
        links: [],
      },
      {
        title: 'Trender i planerna 2020',
        description: '',
        presenters: [{ name: 'Anna-Stina Takala', role: 'handläggare', organisation: 'KB' }],
        links: [],
      },
    ]);
  });

  it('copes with messy input: blank and blank-looking lines, tabs, trailing spaces, Windows line ends, bullets', () => {
    const text =
      '\r\n\r\n  Välkomna!   \r\n\tAnja Dahlstedt,  avdelningschef KB.  \r\n \r\n\u00a0\r\n\r\n' +
      '- Trender i planerna 2020\r\nAnna-Stina Takala, handläggare, KB\r\n\r\n\r\n';
    const read = items(text);
    expect(read.map((item) => ('title' in item ? item.title : ''))).toEqual(['Välkomna!', 'Trender i planerna 2020']);
    expect(read[0]).toMatchObject({
      presenters: [{ name: 'Anja Dahlstedt', role: 'avdelningschef', organisation: 'KB' }],
    });
    expect(read[1]).toMatchObject({
      presenters: [{ name: 'Anna-Stina Takala', role: 'handläggare', organisation: 'KB' }],
    });
  });

  it('reads presenters without a role, without an organisation, or with the organisation after "i" or "at"', () => {
    const [item] = items(
      'Regionens arbete\nAnna Svensson, Region Jämtland Härjedalen.\nPer Olsson, bibliotekarie.\nLisa Berg, bibliotekschef i Krokom.\nMaria von Essen, teacher at Kista skola.',
    );
    expect(item).toMatchObject({
      presenters: [
        { name: 'Anna Svensson', role: '', organisation: 'Region Jämtland Härjedalen' },
        { name: 'Per Olsson', role: 'bibliotekarie', organisation: '' },
        { name: 'Lisa Berg', role: 'bibliotekschef', organisation: 'Krokom' },
        { name: 'Maria von Essen', role: 'teacher', organisation: 'Kista skola' },
      ],
    });
  });

  it('keeps other lines as the description and lines with an address as links', () => {
    const [item] = items(
      'Studiebesök på Kista bibliotek\nVi går runt i huset, och filmar för videorapporten.\nSe karta: https://example.org/kista.\nFika efteråt.',
    );
    expect(item).toMatchObject({
      title: 'Studiebesök på Kista bibliotek',
      description: 'Vi går runt i huset, och filmar för videorapporten.\nFika efteråt.',
      presenters: [],
      links: [{ url: 'https://example.org/kista', title: 'Se karta' }],
    });
  });

  it('takes a time written before the title', () => {
    expect(items('09.30 Välkomna!\n\nkl. 10:15–11:00 Trender\n\n13:00 - Workshop')).toMatchObject([
      { startTime: '09:30', title: 'Välkomna!' },
      { startTime: '10:15', title: 'Trender' },
      { startTime: '13:00', title: 'Workshop' },
    ]);
    expect(items('2020 års planer')[0]).not.toHaveProperty('startTime');
  });

  it('treats a one-line paragraph naming a session as a heading, when asked to', () => {
    const entries = readProgramme('Förmiddag\n\nVälkomna!\n\nEftermiddag:\n\nWorkshop', {
      isHeading: (line) => /^(förmiddag|eftermiddag):?$/i.test(line),
    });
    expect(entries.map((entry) => ('heading' in entry ? `# ${entry.heading}` : entry.item.title))).toEqual([
      '# Förmiddag',
      'Välkomna!',
      '# Eftermiddag:',
      'Workshop',
    ]);
  });

  it('refuses a presenter line that starts with a name but cannot be read, naming the line', () => {
    expect(refusalOf(() => readProgramme('Välkomna!\nAnja Dahlstedt, , KB.'))).toEqual({
      key: 'meetings:errors.unreadablePresenter',
      values: { line: 'Anja Dahlstedt, , KB.' },
    });
    expect(refusalOf(() => readProgramme('Välkomna!\nAnja Dahlstedt, chef, KB, Stockholm, Sverige.'))?.key).toBe(
      'meetings:errors.unreadablePresenter',
    );
  });

  it('reads presenters and links typed into the item form strictly', () => {
    expect(presenterInForm('Anja Dahlstedt')).toEqual({ name: 'Anja Dahlstedt', role: '', organisation: '' });
    expect(presenterInForm('Anja Dahlstedt, avdelningschef, KB')).toEqual({
      name: 'Anja Dahlstedt',
      role: 'avdelningschef',
      organisation: 'KB',
    });
    expect(refusalOf(() => presenterInForm(', chef, KB'))?.key).toBe('meetings:errors.unreadablePresenter');
    expect(linkInForm('Bilderna https://example.org/a?b=1')).toEqual({
      url: 'https://example.org/a?b=1',
      title: 'Bilderna',
    });
    expect(refusalOf(() => linkInForm('example.org/bilder'))).toEqual({
      key: 'meetings:errors.badLink',
      values: { line: 'example.org/bilder' },
    });
    expect(refusalOf(() => linkInForm('javascript:alert(1)'))?.key).toBe('meetings:errors.badLink');
  });

  it('takes the addresses out of a note typed in chat, keeping the words as typed', () => {
    expect(
      splitLinks('Bilderna från KB finns här https://example.org/KB-bilder och här: https://example.org/x.'),
    ).toEqual({
      text: 'Bilderna från KB finns här och här:',
      links: [
        { url: 'https://example.org/KB-bilder', title: '' },
        { url: 'https://example.org/x', title: '' },
      ],
    });
  });
});
