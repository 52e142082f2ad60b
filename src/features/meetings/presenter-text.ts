import { Refusal } from '../../platform/refusal.js';
import { wordCount } from './programme-lines.js';
import type { Presenter } from './schema.js';

/**
 * Presenters as programmes name them: "Anja Dahlstedt, avdelningschef KB.", "Anja Dahlstedt (KB)", "Per Olsson,
 * Lisa Berg och Ali Hassan", "Per Olsson och Lisa Berg, Krokoms bibliotek". Pure.
 */

/** A name is 2–5 words, each capitalised (Anna-Stina, O'Brien, Dr.), or one of the particles names carry. */
const NAME_WORD = /^(?:\p{Lu}[\p{L}'’.-]*|von|van|der|den|de|af|la|le|da|di|du)$/u;
const CAPITALISED = /^[\p{Lu}\d]/u;
/** "bibliotekarie i Krokom", "teacher at Kista skola": the word that joins a role to its organisation. */
const JOINING_WORDS = new Set(['i', 'på', 'vid', 'hos', 'för', 'at', 'in', 'of', 'from', 'for']);
/** A role or an organisation is a few words; a longer part makes the line a sentence about someone. */
const MOST_WORDS_IN_A_PART = 8;

export function looksLikeName(text: string): boolean {
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

/** Splits where `separator` matches outside parentheses: "Anna (chef, KB), Per" → "Anna (chef, KB)", "Per". */
function splitOutsideParentheses(text: string, separator: RegExp): string[] {
  const masked = text.replace(/\([^)]*\)/g, (inside) => '\u0000'.repeat(inside.length));
  const parts: string[] = [];
  let from = 0;
  for (const match of masked.matchAll(separator)) {
    parts.push(text.slice(from, match.index));
    from = match.index + match[0].length;
  }
  parts.push(text.slice(from));
  return parts.map((part) => part.trim());
}

function presenterFrom(parts: string[]): Presenter {
  const [name = '', second = '', third] = parts;
  if (third !== undefined) return { name, role: second, organisation: third };
  return { name, ...(second ? roleAndOrganisation(second) : { role: '', organisation: '' }) };
}

type Person = Presenter | 'unreadable' | undefined;

/**
 * One person: "Name, role, Organisation", "Name, role Organisation", "Name (role, Organisation)", or a bare name
 * where `bare` allows it. 'unreadable' when it starts like a presenter but cannot be read (an empty part, more
 * than three); undefined when it is no presenter at all.
 */
function person(text: string, bare: boolean): Person {
  const inParentheses = /^(.+?)\s*\(([^)]+)\)$/.exec(text);
  if (inParentheses && looksLikeName(inParentheses[1]!)) {
    const details = splitOutsideParentheses(inParentheses[2]!, /,/g);
    if (details.length > 2 || details.some((part) => !part)) return 'unreadable';
    return presenterFrom([inParentheses[1]!, ...details]);
  }
  const parts = splitOutsideParentheses(text, /,/g);
  if (!looksLikeName(parts[0]!)) return undefined;
  if (parts.length === 1) return bare ? { name: parts[0]!, role: '', organisation: '' } : undefined;
  if (parts.slice(1).some((part) => wordCount(part) > MOST_WORDS_IN_A_PART)) return undefined;
  if (parts.length > 3) return wordCount(text) >= 10 ? undefined : 'unreadable';
  if (parts.some((part) => !part)) return 'unreadable';
  return presenterFrom(parts);
}

const isBareName = (presenter: Presenter) => !presenter.role && !presenter.organisation;

/**
 * "Per Olsson, Lisa Berg och Ali Hassan" or "Anna Svensson (KB); Per Olsson (Krokom)": several people, or
 * undefined when the line does not split into people. Names before the last "och" may be a comma list; bare
 * names followed by "och" and someone with a role and organisation share them ("Per och Lisa, Krokom").
 */
function people(text: string, bare: boolean): Presenter[] | undefined {
  const segments = splitOutsideParentheses(text, /\s*;\s*|,?\s+(?:och|and|samt|&)\s+(?=\p{Lu})/gu);
  if (segments.length < 2) return undefined;
  // "A, B och C": the names before the last "och" are a comma list, when nobody after it has a comma of their own.
  const first = splitOutsideParentheses(segments[0]!, /,/g);
  const list = first.length > 1 && first.every(looksLikeName) && !segments.slice(1).some((s) => s.includes(','));
  const named = list ? [...first, ...segments.slice(1)] : segments;
  const found = named.map((segment) => person(segment, true));
  // A segment that is no person, or cannot be read, leaves the line to be read as one presenter.
  if (found.some((one) => one === undefined || one === 'unreadable')) return undefined;
  const presenters = found as Presenter[];
  if (presenters.every(isBareName) && !bare && presenters.length < 3) return undefined;
  if (!text.includes(';')) {
    for (let i = presenters.length - 2; i >= 0; i--) {
      const next = presenters[i + 1]!;
      if (isBareName(presenters[i]!) && !isBareName(next))
        presenters[i] = { ...presenters[i]!, role: next.role, organisation: next.organisation };
    }
  }
  return presenters;
}

export type PresenterOptions = {
  /** A bare name ("Anja Dahlstedt") counts: after a label, or on the lines under a title. */
  bare?: boolean;
  /** The role a label lends ("moderator"), added to the role the line gives. */
  role?: string;
};

/**
 * The presenters a line of pasted text names, or undefined when it names none (it is then something else).
 * Refused, naming the line, when it starts like "Name, ..." but cannot be read, rather than guessed at.
 */
export function presentersIn(line: string, options: PresenterOptions = {}): Presenter[] | undefined {
  const text = line.replace(/[.\s]+$/, '').trim();
  if (!text) return undefined;
  const found = people(text, options.bare ?? false) ?? single(text, line, options.bare ?? false);
  if (!found) return undefined;
  const label = options.role;
  return label
    ? found.map((presenter) => ({ ...presenter, role: presenter.role ? `${presenter.role} (${label})` : label }))
    : found;
}

function single(text: string, line: string, bare: boolean): Presenter[] | undefined {
  const one = person(text, bare);
  if (one === 'unreadable') throw new Refusal('meetings:errors.unreadablePresenter', { line });
  return one ? [one] : undefined;
}

/** A presenter line typed into the item form, where every line is meant as one: a bare name is fine too. */
export function presenterInForm(line: string): Presenter {
  const parts = line
    .replace(/[.\s]+$/, '')
    .split(',')
    .map((part) => part.trim());
  if (parts.length > 3 || parts.some((part) => !part))
    throw new Refusal('meetings:errors.unreadablePresenter', { line });
  return presenterFrom(parts);
}

export function presenterLine(presenter: Presenter): string {
  return [presenter.name, presenter.role, presenter.organisation].filter(Boolean).join(', ');
}
