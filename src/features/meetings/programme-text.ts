import { clockTime } from '../../platform/dates.js';
import { Refusal } from '../../platform/refusal.js';
import type { Link, Presenter } from './schema.js';

/**
 * Reads a programme pasted as plain text, in the shape people already write them in:
 *
 *     Välkomna!
 *     Anja Dahlstedt, avdelningschef KB.
 *
 *     Trender i planerna 2020
 *     Anna-Stina Takala, handläggare, KB.
 *
 * One item per paragraph: its first line is the title (optionally after a time, "09.30 Välkomna!"), and each
 * further line is a presenter ("Name, role, Organisation."), a link (a line with an http(s) address), or else
 * part of the description. Pure and forgiving about layout (blank lines, tabs, trailing spaces, bullets); a line
 * that starts like a presenter but cannot be read as one is refused, naming the line, rather than guessed at.
 */
export type ItemText = {
  startTime?: string;
  title: string;
  description: string;
  presenters: Presenter[];
  links: Link[];
};
export type ProgrammeEntry = { heading: string } | { item: ItemText };

export type ReadOptions = {
  /** True for a one-line paragraph that names a part of the day ("Eftermiddag"): the items after it go there. */
  isHeading?: (line: string) => boolean;
};

const TIMED_TITLE = /^(?:kl\.?\s*)?(\d{1,2}[:.]\d{2})(?:\s*[-–—]\s*\d{1,2}[:.]\d{2})?\s*[-–—:]?\s+(\S.*)$/i;
const URL_IN_LINE = /https?:\/\/[^\s<>"]+/i;
/** A name is 2–5 words, each capitalised (Anna-Stina, O'Brien), or one of the particles names carry. */
const NAME_WORD = /^(?:\p{Lu}[\p{L}'’.-]*|von|van|der|den|de|af|la|le|da|di|du)$/u;
const CAPITALISED = /^[\p{Lu}\d]/u;
/** "bibliotekarie i Krokom", "teacher at Kista skola": the word that joins a role to its organisation. */
const JOINING_WORDS = new Set(['i', 'på', 'vid', 'hos', 'för', 'at', 'in', 'of', 'from', 'for']);

function cleanLines(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) =>
      line
        .replace(/[\t\u00a0]/g, ' ')
        .replace(/ {2,}/g, ' ')
        .trim()
        .replace(/^[-•*–]\s+/, ''),
    );
}

/** Paragraphs of non-empty lines; any number of blank (or blank-looking) lines separates them. */
function paragraphs(text: string): string[][] {
  const result: string[][] = [[]];
  for (const line of cleanLines(text)) {
    if (line) result.at(-1)!.push(line);
    else if (result.at(-1)!.length > 0) result.push([]);
  }
  return result.filter((paragraph) => paragraph.length > 0);
}

function looksLikeName(text: string): boolean {
  const words = text.split(' ');
  return (
    words.length >= 2 && words.length <= 5 && CAPITALISED.test(words[0]!) && words.every((word) => NAME_WORD.test(word))
  );
}

/** "avdelningschef KB" → role "avdelningschef", organisation "KB"; "Region Jämtland" is an organisation only. */
function roleAndOrganisation(text: string): { role: string; organisation: string } {
  const words = text.split(' ');
  const first = words.findIndex((word) => CAPITALISED.test(word));
  if (first === -1) return { role: text, organisation: '' };
  const roleWords = words.slice(0, first);
  if (roleWords.length > 0 && JOINING_WORDS.has(roleWords.at(-1)!.toLowerCase())) roleWords.pop();
  return { role: roleWords.join(' '), organisation: words.slice(first).join(' ') };
}

function presenterParts(line: string): string[] {
  return line
    .replace(/[.\s]+$/, '')
    .split(',')
    .map((part) => part.trim());
}

function presenterFrom(parts: string[]): Presenter {
  const [name = '', second = '', third] = parts;
  if (third !== undefined) return { name, role: second, organisation: third };
  return { name, ...(second ? roleAndOrganisation(second) : { role: '', organisation: '' }) };
}

/**
 * A presenter line in pasted text: "Name, role, Organisation." (the dot optional) or "Name, role Organisation.".
 * Undefined when the line is not one (it is then description); refused when it starts with a name and a comma
 * but the rest cannot be read (an empty part, or more than three).
 */
export function presenterInText(line: string): Presenter | undefined {
  const parts = presenterParts(line);
  if (parts.length < 2 || !looksLikeName(parts[0]!)) return undefined;
  if (parts.length > 3 || parts.some((part) => !part))
    throw new Refusal('meetings:errors.unreadablePresenter', { line });
  return presenterFrom(parts);
}

/** A presenter line typed into the item form, where every line is meant as one: a bare name is fine too. */
export function presenterInForm(line: string): Presenter {
  const parts = presenterParts(line);
  if (parts.length > 3 || parts.some((part) => !part))
    throw new Refusal('meetings:errors.unreadablePresenter', { line });
  return presenterFrom(parts);
}

export function presenterLine(presenter: Presenter): string {
  return [presenter.name, presenter.role, presenter.organisation].filter(Boolean).join(', ');
}

/** A line holding an http(s) address, with any words around it as the link's title; undefined when there is none. */
export function linkInLine(line: string): Link | undefined {
  const match = URL_IN_LINE.exec(line);
  if (!match) return undefined;
  const url = match[0].replace(/[.,;:!?)\]]+$/, '');
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  } catch {
    return undefined;
  }
  const title = line
    .replace(match[0], ' ')
    .replace(/[\s:–—|-]+$/, '')
    .replace(/^[\s:–—|-]+/, '')
    .trim();
  return { url, title };
}

/** A chat message's addresses taken out as links, and the words left as its text. */
export function splitLinks(text: string): { text: string; links: Link[] } {
  const links: Link[] = [];
  const words = text.replace(new RegExp(URL_IN_LINE.source, 'gi'), (found) => {
    const link = linkInLine(found);
    if (!link) return found;
    links.push({ url: link.url, title: '' });
    return ' ';
  });
  return {
    text: words
      .replace(/[ \t]{2,}/g, ' ')
      .replace(/ +\n/g, '\n')
      .trim(),
    links,
  };
}

/** Every line of the item form's link box must hold an address. */
export function linkInForm(line: string): Link {
  const link = linkInLine(line);
  if (!link) throw new Refusal('meetings:errors.badLink', { line });
  return link;
}

export function linkLine(link: Link): string {
  return link.title ? `${link.title} ${link.url}` : link.url;
}

function itemFrom(lines: string[]): ItemText {
  const [first, ...rest] = lines as [string, ...string[]];
  const timed = TIMED_TITLE.exec(first);
  const startTime = timed ? clockTime(timed[1]!) : undefined;
  const item: ItemText = {
    ...(startTime ? { startTime } : {}),
    title: startTime ? timed![2]!.trim() : first,
    description: '',
    presenters: [],
    links: [],
  };
  const description: string[] = [];
  for (const line of rest) {
    const link = linkInLine(line);
    if (link) {
      item.links.push(link);
      continue;
    }
    const presenter = presenterInText(line);
    if (presenter) item.presenters.push(presenter);
    else description.push(line);
  }
  item.description = description.join('\n');
  return item;
}

export function readProgramme(text: string, options: ReadOptions = {}): ProgrammeEntry[] {
  return paragraphs(text).map((lines) =>
    lines.length === 1 && options.isHeading?.(lines[0]!) ? { heading: lines[0]! } : { item: itemFrom(lines) },
  );
}
