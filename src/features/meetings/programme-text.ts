import { Refusal } from '../../platform/refusal.js';
import {
  MAX_TITLE,
  endsSentence,
  isBreakLine,
  isProse,
  leadingTime,
  paragraphsOf,
  presenterLabel,
  type LeadingTime,
} from './programme-lines.js';
import { looksLikeName, presentersIn } from './presenter-text.js';
import type { Link, Presenter } from './schema.js';

/**
 * Reads a programme pasted as plain text, in the shapes people write and publish them. The shape our users
 * type (a title line, then presenter lines; a blank line between items):
 *
 *     Välkomna!
 *     Anja Dahlstedt, avdelningschef KB.
 *
 * and the shape of a programme copied from a web page or a PDF, where the time, the title, the speaker line and
 * a description are separate lines or paragraphs, and breaks and moderators are written out:
 *
 *     09.30–10.00
 *     Trender i planerna 2020
 *
 *     Anna-Stina Takala, handläggare, KB.
 *
 *     Vad säger de regionala biblioteksplanerna om ... (a paragraph of any length)
 *
 *     10.00 Fika
 *
 *     Moderator: Maria Berg, bibliotekarie, Östersunds bibliotek.
 *
 * An item starts at a line led by a time, at a break ("Fika", "Lunch"), or at a title-like first line of a
 * paragraph; speaker lines, descriptions and links belong to the item before them. In a programme with times,
 * an untimed short paragraph belongs to the item above (a subtitle, a name) unless presenters follow it in its
 * own paragraph, and what comes before the first time (the day's name, date and place) is reported as not read.
 * Nothing is guessed silently: the reading is shown to the coordinator before it is saved.
 */
export type ItemText = {
  startTime?: string;
  title: string;
  description: string;
  presenters: Presenter[];
  links: Link[];
  /** A break ("Fika", "Lunch"): an item without presenters; shown as such in the preview. */
  isBreak?: true;
};
export type ProgrammeEntry = { heading: string } | { item: ItemText };
/** The items and headings read, and the text that was no part of any item (shown, never dropped silently). */
export type ProgrammeReading = { entries: ProgrammeEntry[]; unread: string[] };

export type ReadOptions = {
  /** True for a line that names a part of the day ("Eftermiddag"): the items after it go there. */
  isHeading?: (line: string) => boolean;
};

const URL_IN_LINE = /https?:\/\/[^\s<>"]+/i;

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

/** An item being read: its description as paragraphs of lines, joined once the item is complete. */
type Draft = {
  startTime?: string;
  title?: string;
  isBreak: boolean;
  presenters: Presenter[];
  links: Link[];
  description: string[][];
};

/**
 * A title too long to be one ("13.00 Workshop. Vi planerar kitet tillsammans och ...") is its first sentence;
 * the rest describes the item.
 */
function titleAndRest(text: string): { title: string; rest?: string } {
  if (text.length <= MAX_TITLE) return { title: text };
  const end = /\p{Ll}[.!?](?=\s)/u.exec(text.slice(0, MAX_TITLE));
  if (!end) return { title: text };
  const at = end.index + 2;
  return { title: text.slice(0, at).replace(/\.$/, ''), rest: text.slice(at).trim() };
}

class ProgrammeReader {
  private readonly entries: ({ heading: string } | { draft: Draft })[] = [];
  private readonly unread: string[] = [];
  private current: Draft | undefined;
  /** After a label alone ("Medverkande:"), the lines below name people until one does not. */
  private expecting: { role: string } | undefined;
  /** The last line was description that did not end its sentence: the next line goes on with it. */
  private inSentence = false;
  private newParagraph = true;
  /** The paragraph so far was read as no part of any item: its other lines are not either. */
  private unreadOpen = false;
  /** The speaker on the line above, whose organisation a PDF may have wrapped onto this line. */
  private openOrganisation: Presenter | undefined;

  constructor(
    private readonly options: ReadOptions,
    /** Two or more lines start with a time: items are timed, so untimed short paragraphs are details. */
    private readonly timed: boolean,
  ) {}

  paragraph(lines: string[]): void {
    this.newParagraph = true;
    this.inSentence = false;
    this.unreadOpen = false;
    lines.forEach((line, index) => {
      this.line(line, index === 0, lines);
      this.newParagraph = false;
    });
  }

  private line(line: string, first: boolean, paragraph: string[]): void {
    const speakerAbove = this.openOrganisation;
    this.openOrganisation = undefined;
    const time = leadingTime(line);
    if (time) return this.timedLine(time);
    if (first && this.isHeading(line)) return this.heading(line);
    const link = linkInLine(line);
    if (link) return this.current ? void this.current.links.push(link) : this.leaveUnread(line);
    const label = presenterLabel(line);
    if (label && this.current) {
      if (!label.rest) return void (this.expecting = { role: label.role });
      const named = presentersIn(label.rest, { bare: true, role: label.role });
      if (named) return this.present(named);
    }
    if (this.current && this.current.title === undefined) return this.fillTitle(line);
    if (!this.inSentence && isBreakLine(line, !first)) return this.start({ title: line });
    if (!first && speakerAbove && wrapsOrganisation(speakerAbove, line)) return;
    if (this.current) {
      const bare = this.expecting !== undefined || (first ? this.timed : !this.inSentence);
      const named = presentersIn(line, { bare, ...(this.expecting ? { role: this.expecting.role } : {}) });
      if (named) return this.present(named, line);
    }
    this.expecting = undefined;
    if (this.inSentence || isProse(line) || (!first && (this.current || this.unreadOpen))) return this.describe(line);
    if (this.timed && this.current && !this.namesPresenters(paragraph)) return this.describe(line);
    this.start({ title: line });
  }

  private isHeading(line: string): boolean {
    return this.options.isHeading?.(line) ?? false;
  }

  private timedLine({ startTime, rest }: LeadingTime): void {
    if (rest && this.isHeading(rest)) return this.heading(rest);
    this.start({ startTime });
    if (rest) this.fillTitle(rest);
  }

  private heading(line: string): void {
    this.entries.push({ heading: line });
    this.current = undefined;
    this.expecting = undefined;
  }

  private start(from: { startTime?: string; title?: string }): void {
    const draft: Draft = {
      ...(from.startTime ? { startTime: from.startTime } : {}),
      isBreak: false,
      presenters: [],
      links: [],
      description: [],
    };
    this.entries.push({ draft });
    this.current = draft;
    this.expecting = undefined;
    this.inSentence = false;
    if (from.title !== undefined) this.fillTitle(from.title);
  }

  /** The line after a time alone: its title (or a break), unless it names the presenters first. */
  private fillTitle(line: string): void {
    const draft = this.current!;
    const named = draft.startTime && !draft.title ? presentersIn(line) : undefined;
    if (named) return this.present(named);
    const { title, rest } = titleAndRest(line);
    draft.title = title;
    draft.isBreak = isBreakLine(title, false);
    if (rest) this.describe(rest);
  }

  private present(presenters: Presenter[], line?: string): void {
    this.current!.presenters.push(...presenters);
    this.inSentence = false;
    const [only] = presenters;
    this.openOrganisation =
      presenters.length === 1 && only!.organisation && line && !/\.$/.test(line) ? only : undefined;
  }

  private describe(line: string): void {
    const draft = this.current;
    if (!draft) return this.leaveUnread(line);
    if (this.newParagraph || draft.description.length === 0) draft.description.push([line]);
    else draft.description.at(-1)!.push(line);
    this.newParagraph = false;
    this.inSentence = !endsSentence(line);
  }

  /** Text before any item (or a link or label there): kept, per paragraph, to be shown as not read. */
  private leaveUnread(line: string): void {
    if (this.unreadOpen) this.unread[this.unread.length - 1] += ` ${line}`;
    else this.unread.push(line);
    this.unreadOpen = true;
  }

  /** The issue-4 shape in a timed programme: a title line with presenter lines under it is an item of its own. */
  private namesPresenters(paragraph: string[]): boolean {
    return paragraph.slice(1).some((line) => {
      try {
        return presenterLabel(line) !== undefined || presentersIn(line) !== undefined;
      } catch {
        return true;
      }
    });
  }

  finish(): ProgrammeReading {
    const pending = this.entries.find((entry) => 'draft' in entry && entry.draft.title === undefined);
    if (pending && 'draft' in pending)
      throw new Refusal('meetings:errors.timeWithoutTitle', { time: pending.draft.startTime ?? '' });
    const firstTimed = this.entries.findIndex((entry) => 'draft' in entry && entry.draft.startTime);
    const preamble: string[] = [];
    const entries: ProgrammeEntry[] = [];
    this.entries.forEach((entry, index) => {
      if ('heading' in entry) return void entries.push(entry);
      const item = itemOf(entry.draft);
      if (this.timed && index < firstTimed && isOnlyText(item)) preamble.push(textOf(item));
      else entries.push({ item });
    });
    return { entries, unread: [...preamble, ...this.unread] };
  }
}

/**
 * "Karin Samordnare, utvecklare, Regionbibliotek" + "Jämtland Härjedalen": a capitalised line right under a
 * speaker line that ended without a full stop is the rest of the organisation, cut by a PDF column.
 */
function wrapsOrganisation(speaker: Presenter, line: string): boolean {
  if (!looksLikeName(line)) return false;
  speaker.organisation = `${speaker.organisation} ${line}`;
  return true;
}

/** Description lines stay lines (a list of tracks, a sentence per line); paragraphs stay paragraphs. */
function descriptionOf(paragraphs: string[][]): string {
  return paragraphs.map((lines) => lines.join('\n')).join('\n\n');
}

function itemOf(draft: Draft): ItemText {
  return {
    ...(draft.startTime ? { startTime: draft.startTime } : {}),
    title: draft.title ?? '',
    description: descriptionOf(draft.description),
    presenters: draft.presenters,
    links: draft.links,
    ...(draft.isBreak ? { isBreak: true as const } : {}),
  };
}

/** Text before the first time that names nobody: the day's name, date and place, or an introduction. */
function isOnlyText(item: ItemText): boolean {
  return !item.startTime && !item.isBreak && item.presenters.length === 0 && item.links.length === 0;
}

function textOf(item: ItemText): string {
  return [item.title, item.description].filter(Boolean).join(' ').replace(/\s+/g, ' ');
}

export function readProgrammeText(text: string, options: ReadOptions = {}): ProgrammeReading {
  const paragraphs = paragraphsOf(text);
  const timedLines = paragraphs.flat().filter((line) => leadingTime(line) !== undefined).length;
  const reader = new ProgrammeReader(options, timedLines >= 2);
  for (const paragraph of paragraphs) reader.paragraph(paragraph);
  return reader.finish();
}

/** The items and headings of a pasted programme (see readProgrammeText for what was left unread). */
export function readProgramme(text: string, options: ReadOptions = {}): ProgrammeEntry[] {
  return readProgrammeText(text, options).entries;
}
