import { describe, expect, it } from 'vitest';
import {
  countyLibraryDayPdf,
  englishDay,
  halfDayWithKl,
  mikSeminar,
  regionalLibraryDay,
} from '../../../test/support/published-programmes.js';
import { refusalOf } from '../../../test/support/refusals.js';
import { leadingTime } from './programme-lines.js';
import { presenterInForm, presentersIn } from './presenter-text.js';
import { linkInForm, readProgramme, readProgrammeText, splitLinks, type ItemText } from './programme-text.js';

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

const sessionHeading = (line: string) => /^(förmiddag|eftermiddag|morning|afternoon):?$/i.test(line);

/** "09:30 Välkomna!", "14:00 Fika (break)", "# Eftermiddag": the programme as a coordinator would skim it. */
function outline(text: string) {
  const { entries, unread } = readProgrammeText(text, { isHeading: sessionHeading });
  const items = entries.map((entry) =>
    'heading' in entry
      ? `# ${entry.heading}`
      : `${entry.item.startTime ?? '--:--'} ${entry.item.title}${entry.item.isBreak ? ' (break)' : ''}`,
  );
  return { items, unread, read: entries.flatMap((entry) => ('item' in entry ? [entry.item] : [])) };
}

const named = (item: ItemText | undefined) =>
  (item?.presenters ?? []).map((p) => [p.name, p.role, p.organisation].filter(Boolean).join(' / '));

describe('programmes pasted as they are published', () => {
  it('reads a regional library day from a web page: time lines, speaker and description paragraphs, a panel', () => {
    const { items, unread, read } = outline(regionalLibraryDay);
    expect(items).toEqual([
      '09:00 Registrering och kaffe (break)',
      '09:30 Välkomna!',
      '09:45 Läsfrämjande i en digital tid',
      '10:45 Bensträckare (break)',
      '11:00 Panelsamtal: Bibliotekens roll i lokalsamhället',
      '12:00 Lunch (break)',
      '13:00 Workshoppar',
      '14:30 Eftermiddagsfika (break)',
      '15:00 Avslutning och sammanfattning',
    ]);
    expect(unread).toEqual([
      'Regional biblioteksdag 2027 – Läsning i förändring Torsdag 16 september 2027, Jamtli, Östersund. Dagen vänder sig till personal på länets folk- och skolbibliotek.',
    ]);
    const [, welcome, talk, , panel, lunch, workshops] = read;
    expect(named(welcome)).toEqual(['Anna Andersson / regionbibliotekschef / Region Jämtland Härjedalen']);
    expect(named(talk)).toEqual(['Lotta Olsson / utredare / Läsrörelsen']);
    expect(talk!.description).toMatch(/^Hur ser läsningen ut .* Föreläsningen följs av frågor från publiken\.$/);
    expect(talk!.description.length).toBeGreaterThan(300); // a long paragraph is a description, not a refused title
    expect(talk!.links).toEqual([{ url: 'https://example.org/lasrorelsen', title: 'Läs mer' }]);
    expect(named(panel)).toEqual([
      'Maria Berg / bibliotekarie (moderator) / Östersunds bibliotek',
      'Per Olsson',
      'Lisa Berg',
      'Ali Hassan',
    ]);
    expect(lunch).toMatchObject({ presenters: [], description: 'Lunch serveras i Jamtlis restaurang.' });
    expect(workshops!.description).toBe(
      'Välj ett av tre spår:\nSpår 1: MIK i skolbiblioteket\nSpår 2: Digitala verktyg för läsfrämjande\nSpår 3: Meröppet – erfarenheter från Krokom',
    );
  });

  it('reads a county library day copied from a PDF: lines cut by the column, a hyphenated word, headings', () => {
    const { items, unread, read } = outline(countyLibraryDayPdf);
    expect(items).toEqual([
      '# Förmiddag',
      '09:30 Välkommen och inledning',
      '10:00 Skolbibliotekets uppdrag i en ny läroplan',
      '11:00 Paus (break)',
      '11:15 Erfarenheter från Bräcke och Ragunda',
      '# Eftermiddag',
      '13:00 Workshop: ett regionalt MIK-kit',
      '14:30 Fika (break)',
      '15:00 Summering',
    ]);
    expect(unread).toEqual(['BIBLIOTEKSDAG I JÄMTLANDS LÄN 17 september 2027']);
    expect(read.map(named)).toEqual([
      ['Karin Samordnare / utvecklare / Regionbibliotek Jämtland Härjedalen'],
      ['Anna-Stina Takala / handläggare / KB'],
      [],
      ['Eva Lind / bibliotekarier / Bräcke kommun', 'Olof Nilsson / bibliotekarier / Bräcke kommun'],
      [],
      [],
      [],
    ]);
    expect(read[1]!.description).toBe(
      'Under förmiddagen presenteras resultaten från den regionala enkäten om skolbibliotekens förutsättningar och vad de betyder för samarbetet mellan skol- och folkbibliotek i länets åtta kommuner.',
    );
    expect(read[4]).toMatchObject({
      description: 'Vi planerar kitet tillsammans i grupper.',
      links: [{ url: 'https://example.org/mik-kit', title: 'Underlag' }],
    });
  });

  it('reads a MIK seminar with a panel: a conversation leader, panellists under their label, a speaker in brackets', () => {
    const { items, unread, read } = outline(mikSeminar);
    expect(items).toEqual([
      '13:00 Inledning',
      '13:15 Vad är AI-genererat innehåll – och hur känner vi igen det?',
      '14:00 Kaffe (break)',
      '14:20 Panelsamtal: Hur pratar vi med unga om AI?',
      '15:15 Avslutning',
    ]);
    expect(unread).toEqual(['MIK-seminarium: Källkritik i en tid av AI']);
    expect(named(read[0])).toEqual(['Maria Berg / samordnare för MIK / Region Jämtland Härjedalen']);
    // "Föreläsning med ..." is a sentence about the talk: kept whole as its description, not split into people.
    expect(read[1]!.description).toMatch(/^Föreläsning med Johan Ek, lektor .* bilder och texter\.$/);
    expect(named(read[3])).toEqual([
      'Sara Holm / journalist (samtalsledare)',
      'Ahmed Yusuf / skolbibliotekarie / Brunnsskolan',
      'Lena Ström / Ungdomens hus',
      'Per-Erik Åkesson / IT-pedagog / Krokoms kommun',
    ]);
  });

  it('reads a half-day with "kl." times, whole hours and Fika', () => {
    const { items, unread, read } = outline(halfDayWithKl);
    expect(items).toEqual([
      '13:00 Välkomna och presentationsrunda',
      '13:15 Så arbetar Bergs bibliotek med sommarboken',
      '14:00 Fika (break)',
      '14:20 Gruppdiskussion om höstens gemensamma aktiviteter',
      '15:30 Vi avslutar dagen',
    ]);
    expect(unread).toEqual(['Program']);
    expect(named(read[1])).toEqual(['Karin Ek / barnbibliotekarie / Berg']);
  });

  it('reads the same kind of programme in English: am and pm, a chair, speakers in brackets, panellists', () => {
    const { items, unread, read } = outline(englishDay);
    expect(items).toEqual([
      '09:30 Registration and coffee (break)',
      '10:00 Welcome',
      '10:15 Keynote: Libraries and democracy',
      '11:00 Coffee break (break)',
      '11:15 Panel discussion: Digital help desks',
      '12:30 Lunch (break)',
    ]);
    expect(unread).toEqual(['Digital inclusion day – programme']);
    expect(named(read[1])).toEqual(['Jane Smith / Head of Libraries / Leeds City Council']);
    expect(named(read[2])).toEqual(['Tom Brown / University of Leeds', 'Amy Lee / Good Things Foundation']);
    expect(read[2]!.description).toBe(
      'How can public libraries help people who are offline take part in public life? A talk about what works.',
    );
    expect(named(read[4])).toEqual([
      'Raj Patel / librarian (chair) / Bradford Libraries',
      'Sue Green',
      'Mark White',
      'Nia Jones',
    ]);
  });
});

describe('the edges of a pasted programme', () => {
  it('reads the times programmes lead lines with, and leaves numbers that are no time in the title', () => {
    const read = (line: string) => leadingTime(line);
    expect(
      [
        '09.30–10.00 Välkomna',
        '09:30-10 Välkomna',
        'kl. 13 Lunch',
        'Kl 10.00: Fika',
        'klockan 9.15 Start',
        '13.15',
        '9–10 Registrering',
        '09.30 – 10.00 | Välkomna',
        '9.30 am Welcome',
        '1 pm Lunch',
        '1.30 p.m. – 2.15 p.m. Workshop',
        '12 am Midnatt',
      ].map((line) => read(line)?.startTime),
    ).toEqual([
      '09:30',
      '09:30',
      '13:00',
      '10:00',
      '09:15',
      '13:15',
      '09:00',
      '09:30',
      '09:30',
      '13:00',
      '13:30',
      '00:00',
    ]);
    expect(read('09.30–10.00 Välkomna')?.rest).toBe('Välkomna');
    expect(read('09.30 – 10.00 | Välkomna')?.rest).toBe('Välkomna');
    expect(read('13.15')?.rest).toBe('');
    for (const title of [
      '3 workshops om MIK',
      '2020 års planer',
      '10–12-åringar läser',
      '1. Inledning',
      '25.00 Sent',
      '9.75 Fel',
    ])
      expect(read(title), title).toBeUndefined();
  });

  it('takes the title from the line after a time alone, or refuses a time nothing follows', () => {
    expect(outline('13.15\nVälkomna!\n\n13.30\n\nFika').items).toEqual(['13:15 Välkomna!', '13:30 Fika (break)']);
    expect(refusalOf(() => readProgramme('09.30 Välkomna\n\n10.00'))).toEqual({
      key: 'meetings:errors.timeWithoutTitle',
      values: { time: '10:00' },
    });
  });

  it('makes a line too long to be a title its first sentence, the rest the description', () => {
    const long = `13.00 Workshop om läsfrämjande. ${'Vi arbetar i grupper med konkreta exempel från länets bibliotek. '.repeat(4)}`;
    const [item] = outline(long).read;
    expect(item!.title).toBe('Workshop om läsfrämjande');
    expect(item!.description).toMatch(/^Vi arbetar i grupper/);
  });

  it('starts an item at a break inside a paragraph, but keeps a sentence about a break as description', () => {
    expect(outline('Välkomna!\nAnja Dahlstedt, avdelningschef KB.\nFika\n\nWorkshop\nFika efteråt.').items).toEqual([
      '--:-- Välkomna!',
      '--:-- Fika (break)',
      '--:-- Workshop',
    ]);
    expect(outline('Workshop\nFika efteråt.').read[0]!.description).toBe('Fika efteråt.');
  });

  it('names presenters after "Moderator:", "Samtalsledare:", "Medverkande:" alone, and "Med ..."', () => {
    const [item] = outline(
      'Samtal om läsning\nSamtalsledare: Sara Holm\nMedverkande:\nPer Olsson\nLisa Berg, bibliotekarie, Krokom\nVi pratar om sommarboken.\n\nBokcirkel\nMed Anja Dahlstedt och Per Olsson, KB',
    ).read;
    expect(named(item)).toEqual(['Sara Holm / samtalsledare', 'Per Olsson', 'Lisa Berg / bibliotekarie / Krokom']);
    expect(item!.description).toBe('Vi pratar om sommarboken.');
    expect(named(outline('Bokcirkel\nMed Anja Dahlstedt och Per Olsson, KB').read[0])).toEqual([
      'Anja Dahlstedt / KB',
      'Per Olsson / KB',
    ]);
  });

  it('reads presenter lines as lists, with brackets, or sharing an organisation', () => {
    expect(presentersIn('Per Olsson, Lisa Berg och Ali Hassan.')?.map((p) => p.name)).toEqual([
      'Per Olsson',
      'Lisa Berg',
      'Ali Hassan',
    ]);
    expect(presentersIn('Anna Svensson (bibliotekarie, Krokom); Per Olsson (Region Jämtland Härjedalen)')).toEqual([
      { name: 'Anna Svensson', role: 'bibliotekarie', organisation: 'Krokom' },
      { name: 'Per Olsson', role: '', organisation: 'Region Jämtland Härjedalen' },
    ]);
    expect(presentersIn('Anna Svensson, Region Jämtland Härjedalen och Per Olsson, Krokoms bibliotek')).toEqual([
      { name: 'Anna Svensson', role: '', organisation: 'Region Jämtland Härjedalen' },
      { name: 'Per Olsson', role: '', organisation: 'Krokoms bibliotek' },
    ]);
    expect(presentersIn('Lisa Berg, bibliotekschef i Krokom och Ragunda')).toEqual([
      { name: 'Lisa Berg', role: 'bibliotekschef', organisation: 'Krokom och Ragunda' },
    ]);
    expect(presentersIn('Per Olsson och Lisa Berg')).toBeUndefined(); // two bare names could be a title
    expect(presentersIn('Per Olsson och Lisa Berg', { bare: true })?.length).toBe(2);
  });

  it('keeps a sentence that starts with a name as description, and still refuses a presenter line it cannot read', () => {
    const [item] = outline(
      'Läsfrämjande\nAnna Svensson, bibliotekarie i Krokom, berättar om hur de arbetar med läsfrämjande, bokcirklar och digitala verktyg.',
    ).read;
    expect(item).toMatchObject({ presenters: [], description: expect.stringMatching(/^Anna Svensson, bibliotekarie/) });
    expect(refusalOf(() => readProgramme('Välkomna!\nModerator: Anja Dahlstedt, , KB.'))?.key).toBe(
      'meetings:errors.unreadablePresenter',
    );
  });

  it('reports text before the first item as not read, in a programme without times too', () => {
    expect(
      outline(
        'Välkommen till en dag om läsning. Vi bjuder på kaffe hela dagen.\nAnmälan senast 1 maj\n\nVälkomna!\nAnja Dahlstedt, avdelningschef KB.',
      ),
    ).toMatchObject({
      items: ['--:-- Välkomna!'],
      unread: ['Välkommen till en dag om läsning. Vi bjuder på kaffe hela dagen. Anmälan senast 1 maj'],
    });
  });

  it('keeps an untimed paragraph with its own presenters an item of its own in a timed programme', () => {
    expect(
      outline(
        '09.30 Välkomna\n\nLokala exempel\nEva Lind, bibliotekarie, Bräcke\n\nOm samarbete i glesbygd\n\n10.30 Fika',
      ).items,
    ).toEqual(['09:30 Välkomna', '--:-- Lokala exempel', '10:30 Fika (break)']);
  });
});
