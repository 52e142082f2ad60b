/**
 * Teams renders message text and Adaptive Card text (TextBlock, Fact) as a markdown dialect that also knows a few
 * HTML tags and `<at>` mentions. Anything a person typed (a name, a role, a library, a note, a title) must show as
 * the characters they typed, never as a link, emphasis, a heading, a list or a mention someone else sees. This is
 * the one escaping function for all of it; cards.ts applies it to every bound value in card text and
 * outgoing-text.ts to every message the bot sends, so call sites never escape by hand.
 *
 * It uses CommonMark's backslash escapes, and only where a character could start markup, so that a client which
 * shows text as it is would show few backslashes: `*`, `_`, `~`, backticks, brackets, `<` and `\` always; `&`
 * only before something that reads as an HTML entity; `#`, `+`, `-`, `=`, `|`, `>` and "1." only at the start of
 * a line. Leading indentation (a code block) and bidirectional control characters (which reorder what is shown)
 * are dropped. A bare address stays an address a client may link, since it then shows where it leads: inside it
 * the same characters are percent-encoded instead (a backslash would become part of the link).
 */
export function escapeMarkdown(text: string): string {
  return text.replace(BIDI_CONTROLS, '').split('\n').map(escapeLine).join('\n');
}

const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;
const BARE_URL = /\bhttps?:\/\/[^\s<>"]+/gi;
const ALWAYS_SPECIAL = /[\\`*_~[\]<]/g;
const ENTITY_LIKE = /&(?=#\d+;|#x[\da-f]+;|[a-z][a-z\d]*;)/gi;
const SPECIAL_IN_URL = /[\\`*_~[\]]/g;

function escapeLine(line: string): string {
  const content = line.replace(/^[ \t]+/, '');
  let escaped = '';
  let from = 0;
  for (const match of content.matchAll(BARE_URL)) {
    escaped += escapeText(content.slice(from, match.index)) + match[0].replace(SPECIAL_IN_URL, percentEncoded);
    from = match.index + match[0].length;
  }
  escaped += escapeText(content.slice(from));
  return escaped.replace(/^[#+\-=|>]/, '\\$&').replace(/^(\d+)([.)])/, '$1\\$2');
}

function escapeText(text: string): string {
  return text.replace(ALWAYS_SPECIAL, '\\$&').replace(ENTITY_LIKE, '\\&');
}

/** A character as `%XX` (encodeURIComponent would leave `(`, `)`, `*` and `~` as they are). */
function percentEncoded(character: string): string {
  return `%${character.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;
}

/**
 * Only absolute http(s) addresses may become something a person clicks (Action.OpenUrl, Image, a link in card
 * text): never `javascript:`, `data:` or a relative path that a client would resolve somewhere else.
 */
export function isSafeLinkUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/**
 * An address as the destination of a markdown link `[title](address)`: characters that would end the
 * destination early or start a title (space, parentheses, angle brackets, backslash) are percent-encoded, so what
 * follows in the address can never be read as more markdown.
 */
export function markdownLinkTarget(value: string): string {
  if (!isSafeLinkUrl(value)) throw new UnsafeCardUrl();
  return value.replace(/[()<>\\[\]]/g, percentEncoded).replace(/\s/g, (space) => encodeURIComponent(space));
}

/** A card would have made something clickable that is not an http(s) address: a bug or an attack, never shown. */
export class UnsafeCardUrl extends Error {
  constructor() {
    super('a card address is not an absolute http(s) URL');
  }
}
