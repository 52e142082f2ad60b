/**
 * What one line of a pasted programme is, read on its own: a time that leads it, a break, a sentence of prose, a
 * label that names presenters ("Moderator:"). The programme reader (programme-text.ts) decides from these and
 * from the lines around it where each line belongs. Pure; Swedish and English as programmes are published.
 */

/** The longest item title the agenda keeps; a longer line cannot be a title, so it is read as prose. */
export const MAX_TITLE = 200;

/** Lines as pasted from a web page, a PDF or a word processor, cleaned of what only layout put there. */
export function cleanLines(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/\u00ad|\u200b|\u200c|\u200d|\ufeff/g, '')
    .replace(/[\u2010\u2011\u2012\u2212]/g, '-')
    .split('\n')
    .map((line) =>
      line
        .replace(/[\t\u00a0\u2000-\u200a\u202f]/g, ' ')
        .replace(/ {2,}/g, ' ')
        .trim()
        .replace(/^[-•*–·▪►]\s+/, '')
        .replace(/^\|\s*|\s*\|$/g, ''),
    );
}

/** Words a sentence or a title cannot end with: a line ending in one goes on in the next. */
const CONTINUING_WORD =
  /(?:^|\s)(?:och|eller|samt|i|på|för|med|till|av|om|vid|från|mellan|under|and|or|of|the|in|for|with|to|at|from|on)$/i;

/**
 * A line broken only by the width of a PDF column or a web page continues the line before: it starts in lower
 * case after a line that did not end a sentence, or follows a line ending in a dash, a comma or a word like
 * "och". "läs-" + "främjande" is one word again; "barn-" + "och unga" keeps its hyphen.
 */
function joinWrapped(lines: string[]): string[] {
  const joined: string[] = [];
  for (const line of lines) {
    const previous = joined.at(-1);
    const continues =
      previous !== undefined &&
      !/https?:\/\//i.test(line) &&
      !leadingTime(line) &&
      ((/^\p{Ll}/u.test(line) && !/[.!?:]["”’»)]*$/.test(previous)) ||
        /\s[–—]$|,$/.test(previous) ||
        CONTINUING_WORD.test(previous));
    if (!continues) joined.push(line);
    else if (/\p{L}-$/u.test(previous) && !/^(?:och|eller|samt|till|and|or|to)\b/.test(line))
      joined[joined.length - 1] = `${previous.slice(0, -1)}${line}`;
    else joined[joined.length - 1] = `${previous} ${line}`;
  }
  return joined;
}

/** Paragraphs of non-empty lines, wrapped lines joined; any number of blank lines separates paragraphs. */
export function paragraphsOf(text: string): string[][] {
  const result: string[][] = [[]];
  for (const line of cleanLines(text)) {
    if (line) result.at(-1)!.push(line);
    else if (result.at(-1)!.length > 0) result.push([]);
  }
  return result.filter((paragraph) => paragraph.length > 0).map(joinWrapped);
}

export function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

type Clock = { hour: number; minute: number; marker?: 'a' | 'p'; length: number };

/** "9", "09.30", "9:30", "9.30 am", "1 p.m." at the start of the text, not followed by another digit. */
function clockAt(text: string): Clock | undefined {
  const match = /^(\d{1,2})(?:[:.](\d{2}))?(?!\d)(?:\s*([ap])\.?m\b\.?)?/i.exec(text);
  if (!match) return undefined;
  const marker = match[3]?.toLowerCase() as 'a' | 'p' | undefined;
  return {
    hour: Number(match[1]),
    minute: match[2] === undefined ? -1 : Number(match[2]),
    ...(marker ? { marker } : {}),
    length: match[0].length,
  };
}

function clockTime(clock: Clock, marker = clock.marker): string | undefined {
  let hour = clock.hour;
  const minute = Math.max(clock.minute, 0);
  if (marker) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (marker === 'p' ? 12 : 0);
  }
  if (hour > 23 || minute > 59) return undefined;
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

export type LeadingTime = { startTime: string; rest: string };

/**
 * A time that leads a line, as programmes write it: "09.30–10.00 Välkomna", "09:30-10", "kl. 13 Lunch", "13.15",
 * "9.30 am – 10 am Welcome", "Kl 10.00: Fika". A bare hour needs "kl." or am/pm, or a range before a capitalised
 * title ("9–10 Registrering"), so "3 workshops", "2020 års planer" and "10–12-åringar" stay titles.
 */
export function leadingTime(line: string): LeadingTime | undefined {
  let rest = line;
  const prefix = /^(?:kl\.?\s*|klockan\s+|at\s+)(?=\d)/i.exec(rest);
  if (prefix) rest = rest.slice(prefix[0].length);
  const start = clockAt(rest);
  if (!start) return undefined;
  rest = rest.slice(start.length);
  let end: Clock | undefined;
  const range = /^\s*(?:[-–—]|till|to)\s*(?:kl\.?\s*)?(?=\d)/i.exec(rest);
  if (range) {
    end = clockAt(rest.slice(range[0].length));
    if (end) rest = rest.slice(range[0].length + end.length);
  }
  const separator = /^\s*[:|.,–—-]?(?:\s+|$)/.exec(rest);
  if (!separator) return undefined;
  rest = rest.slice(separator[0].length).trim();
  const marker = start.marker ?? (end?.marker && end.hour >= start.hour ? end.marker : undefined);
  const clear = start.minute >= 0 || prefix !== null || marker !== undefined;
  if (!clear && !(end && (rest === '' || /^\p{Lu}/u.test(rest)))) return undefined;
  const startTime = clockTime(start, marker);
  if (!startTime || (end && !clockTime(end))) return undefined;
  return { startTime, rest };
}

/** The words programmes use for a break: items of their own, without presenters. */
const BREAK_WORD =
  /^(?:paus|rast|lunch|fika|kaffe|frukost|middag|mingel|registrering|incheckning|bensträckare|break|coffee|tea|refreshments|registration|networking|breakfast|dinner)$|(?:fika|paus|kaffe|lunch)$/i;

/**
 * "Fika", "Lunch på egen hand", "Kaffepaus", "Coffee and networking". Within a paragraph (`strict`) only a line
 * that is nothing but the word is a break ("Fika efteråt." there is a sentence about the item above).
 */
export function isBreakLine(line: string, strict: boolean): boolean {
  const words = line.replace(/[.!:]+$/, '').split(/[\s,/:;–—]+/);
  if (!BREAK_WORD.test(words[0] ?? '')) return false;
  return strict ? words.length === 1 : wordCount(line) <= 8 && !isProse(line);
}

/**
 * A sentence or more of prose: longer than any title, a sentence of three or more words ending in a full stop
 * (titles end in "!" or "?" if at all), or two sentences in one line.
 */
export function isProse(line: string): boolean {
  if (line.length > MAX_TITLE) return true;
  const words = wordCount(line);
  if (words >= 3 && /[^.]\.["”’»)]*$/.test(line)) return true;
  return words >= 8 && /\p{Ll}[.!?]["”’»)]*\s+\p{Lu}/u.test(line);
}

/** True when the line ends a sentence, so the next line starts a new one. */
export function endsSentence(line: string): boolean {
  return /[.!?:…]["”’»)]*$/.test(line);
}

/** A label before presenters: the ones that are a role ("Moderator: Anna Berg") lend it to the people named. */
const ROLE_LABELS: Record<string, string> = {
  moderator: 'moderator',
  moderatorer: 'moderator',
  moderators: 'moderator',
  samtalsledare: 'samtalsledare',
  programledare: 'programledare',
  konferencier: 'konferencier',
  chair: 'chair',
  'chaired by': 'chair',
  host: 'host',
  hosts: 'host',
  'hosted by': 'host',
  facilitator: 'facilitator',
  facilitators: 'facilitator',
};
const PEOPLE_LABELS = new Set([
  'medverkande',
  'föreläsare',
  'föreläsning av',
  'talare',
  'panel',
  'panelen',
  'i panelen',
  'paneldeltagare',
  'presentatör',
  'presentatörer',
  'ansvarig',
  'ansvariga',
  'med',
  'speaker',
  'speakers',
  'presenter',
  'presenters',
  'panellists',
  'panelists',
  'with',
  'featuring',
]);

export type PresenterLabel = { role: string; rest: string };

/**
 * "Moderator: Maria Berg, bibliotekarie", "Medverkande:" (the people follow), "Med Anja Dahlstedt, KB". The
 * role is '' for labels that only say these are presenters.
 */
export function presenterLabel(line: string): PresenterLabel | undefined {
  const colon = /^([\p{L} ]{2,20}?)\s*:\s*(.*)$/u.exec(line);
  if (colon) {
    const label = colon[1]!.toLowerCase();
    const role = ROLE_LABELS[label];
    if (role !== undefined) return { role, rest: colon[2]! };
    if (PEOPLE_LABELS.has(label)) return { role: '', rest: colon[2]! };
  }
  const bare = /^(?:med|with|featuring)\s+(?=\p{Lu})(.+)$/iu.exec(line);
  return bare ? { role: '', rest: bare[1]! } : undefined;
}
