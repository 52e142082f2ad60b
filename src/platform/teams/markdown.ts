/**
 * Teams renders message text and Adaptive Card text (TextBlock, Fact) as a markdown dialect that also knows a few
 * HTML tags and `<at>` mentions. Anything a person typed (a name, a role, a library, a note, a title) must show as
 * the characters they typed, never as a link, emphasis, a heading, a list or a mention someone else sees. This is
 * the one escaping function for all of it; cards.ts applies it to every bound value in card text and
 * outgoing-text.ts to every message the bot sends, so call sites never escape by hand.
 *
 * It uses CommonMark's backslash escapes and only where a character could start markup, so that a client which
 * shows text as it is would show few backslashes: `*`, `_`, `~`, backticks, brackets, `<`, `>` and `\` always;
 * `&` only before something that reads as an HTML entity; `#`, `+`, `-`, `=`, `|` and "1." only at the start of a
 * line. Leading indentation (a code block) and bidirectional control characters (which reorder what is shown)
 * are dropped. A bare address stays readable and a client may link it, but it then shows where it leads.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(BIDI_CONTROLS, '')
    .replace(ALWAYS_SPECIAL, '\\$&')
    .replace(ENTITY_LIKE, '\\&')
    .split('\n')
    .map(escapeLineStart)
    .join('\n');
}

const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;
const ALWAYS_SPECIAL = /[\\`*_~[\]<>]/g;
const ENTITY_LIKE = /&(?=#\d+;|#x[\da-f]+;|[a-z][a-z\d]*;)/gi;

function escapeLineStart(line: string): string {
  const content = line.replace(/^[ \t]+/, '');
  return content.replace(/^[#+\-=|]/, '\\$&').replace(/^(\d+)([.)])/, '$1\\$2');
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
  return value.replace(/[\s()<>\\[\]]/g, (character) => encodeURIComponent(character));
}

/** A card would have made something clickable that is not an http(s) address: a bug or an attack, never shown. */
export class UnsafeCardUrl extends Error {
  constructor() {
    super('a card address is not an absolute http(s) URL');
  }
}
