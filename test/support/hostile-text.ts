import MarkdownIt from 'markdown-it';

/**
 * What a person could type as their name, role, library, a note, a title or a kit plan field, hoping Teams shows
 * it as something else: a masked link, an image, emphasis, a mention, HTML, a heading or list, a template or
 * translation placeholder, or characters meant to confuse our own escaping.
 */
export const HOSTILE_TEXTS = [
  '[Klicka](https://evil.example/login)',
  '![spårpixel](https://evil.example/pixel.png)',
  '**fet** __fet__ *kursiv* _kursiv_ ~~struken~~ `kod`',
  '<at>Alla</at> <at id="0">Karin Samordnare</at>',
  '<a href="https://evil.example">Logga in</a><script>alert(1)</script><img src=x onerror=alert(1)>',
  '<https://evil.example/autolink> <b>fet</b> <i>kursiv</i>',
  '[Klicka][ref]\n\n[ref]: https://evil.example/ref',
  '# Rubrik\n- punkt\n+ punkt\n* punkt\n1. nummer\n2) nummer\n> citat\n---\nRubrik\n===',
  '    indraget som kod\n\tmed tabb',
  '| a | b |\n|---|---|\n| 1 | 2 |',
  '&lt;at&gt;Alla&lt;/at&gt; &#91;Klicka&#93;(https://evil.example/entity)',
  '\\[Klicka\\](https://evil.example/escaped) \\*inte fet\\*',
  '${text.title} {{group}} $when ${$root.programmeId}',
  '\uE000[Klicka](https://evil.example/marker)\uE001\uE002javascript:alert(1)\uE003',
  'ev\u202Eil.example\u202C Anna-Karin Öberg & Co (Bibliotek_Nord) 3.5 kr',
  '[Klicka](javascript:alert(1)) [x](data:text/html,hej)',
  'Se https://bibliotek.example/mik_kit*2027*?a=1&b=[x](https://evil.example/in-url) och https://evil.example/~x~',
];

/** An address that tries to break out of a markdown link's destination. */
export const HOSTILE_URL = 'https://evil.example/a)[Klicka](https://evil.example/b) *x* <at>y</at>';

/**
 * Markdown as a CommonMark client renders it, strictly: HTML passes through (as Teams lets some through) and bare
 * addresses become links. If the escaping works, nothing here turns into markup.
 */
const renderer = new MarkdownIt({ html: true, linkify: true });

export type Rendered = { html: string; tags: string[]; links: { href: string; text: string }[]; visible: string };

export function renderMarkdown(markdown: string): Rendered {
  const html = renderer.render(markdown);
  const tags = [...html.matchAll(/<\/?([a-zA-Z][\w-]*)/g)].map((match) => match[1]!.toLowerCase());
  const links = [...html.matchAll(/<a href="([^"]*)"[^>]*>(.*?)<\/a>/gs)].map((match) => ({
    href: decodeEntities(match[1]!),
    text: visibleText(match[2]!),
  }));
  return { html, tags, links, visible: visibleText(html) };
}

function visibleText(html: string): string {
  return normalized(decodeEntities(html.replace(/<\/?(p|br)\b[^>]*>/g, ' ').replace(/<[^>]*>/g, '')));
}

function decodeEntities(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#(\d+);/g, (_entity, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&amp;/g, '&');
}

/**
 * Text as read: whitespace runs as one space; markers, bidirectional controls and indentation are not shown, and
 * the characters the escaping percent-encodes inside an address are read back.
 */
export function normalized(text: string): string {
  return text
    .replace(/%(5C|60|2A|5F|7E|5B|5D)/g, (_code, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    .replace(/[\uE000-\uE003\u202A-\u202E\u2066-\u2069]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * What survived as markup: any tag but a paragraph, and any link that does not go exactly where its text says
 * (a bare address a client links is fine: it shows where it leads).
 */
export function markupIn(rendered: Rendered, allowedHref?: string): string[] {
  const tags = rendered.tags.filter((tag) => tag !== 'p' && tag !== 'a');
  const links = rendered.links
    .filter((link) => !showsWhereItLeads(link) && link.href !== allowedHref)
    .map((link) => `link "${link.text}" → ${link.href}`);
  return [...tags.map((tag) => `<${tag}>`), ...links];
}

/** A link whose text is its own address (as a client shows a bare address it links), percent-encoding aside. */
function showsWhereItLeads(link: { href: string; text: string }): boolean {
  return renderer.normalizeLinkText(link.href) === link.text || renderer.normalizeLink(link.text) === link.href;
}
