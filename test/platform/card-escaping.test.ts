import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderCard } from '../../src/platform/teams/cards.js';
import { escapeMarkdown, markdownLinkTarget, UnsafeCardUrl } from '../../src/platform/teams/markdown.js';
import { fromRepoRoot } from '../../src/platform/paths.js';
import { HOSTILE_TEXTS, HOSTILE_URL, markupIn, normalized, renderMarkdown } from '../support/hostile-text.js';

/**
 * Finding: a member's free-text role/library (and display name) was shown unescaped: `[Klicka](https://…)` arrived
 * as a clickable link for coordinators. Now every value bound into card text is escaped when the card is rendered
 * (src/platform/teams/cards.ts), and every message text when it is sent (outgoing-text.ts), with one function.
 */
describe('escapeMarkdown', () => {
  it.each(HOSTILE_TEXTS)('shows %j as typed, with no markup', (hostile) => {
    const rendered = renderMarkdown(escapeMarkdown(hostile));
    expect(markupIn(rendered)).toEqual([]);
    expect(rendered.visible).toBe(normalized(hostile));
  });

  it('leaves ordinary words, names and dates as they are', () => {
    for (const text of ['Karin Samordnare', 'MIK & ungas medievärldar', 'Klart senast 29 mars 2027 (om 3 dagar).']) {
      expect(escapeMarkdown(text)).toBe(text);
    }
  });

  it('makes a link target of an http(s) address only, and one it cannot break out of', () => {
    const rendered = renderMarkdown(`[Videon](${markdownLinkTarget(HOSTILE_URL)})`);
    expect(rendered.links).toEqual([{ href: markdownLinkTarget(HOSTILE_URL), text: 'Videon' }]);
    expect(markupIn(rendered, markdownLinkTarget(HOSTILE_URL))).toEqual([]);
    for (const unsafe of ['javascript:alert(1)', 'data:text/html,hej', '/relative', 'evil.example']) {
      expect(() => markdownLinkTarget(unsafe), unsafe).toThrow(UnsafeCardUrl);
    }
  });
});

/** src/features/<feature>/cards/*.json and the shared ones in src/platform/teams/. */
const TEMPLATE_FILES = [
  ...readdirSync(fromRepoRoot('src/features')).map((feature) => join('src/features', feature, 'cards')),
  'src/platform/teams',
]
  .filter((folder) => existsSync(fromRepoRoot(folder)))
  .flatMap((folder) =>
    readdirSync(fromRepoRoot(folder))
      .filter((file) => file.endsWith('.json'))
      .map((file) => join(folder, file)),
  )
  .sort();

describe('every card template, with hostile values in every field', () => {
  it('finds the templates', () => {
    expect(TEMPLATE_FILES.length).toBeGreaterThan(25);
  });

  it.each(TEMPLATE_FILES)('%s shows no link, mention or markup from its data', (file) => {
    const template = JSON.parse(readFileSync(fromRepoRoot(file), 'utf8')) as object;
    expect(elementsBoundFromData(template), 'element arrays must be written out in the template').toEqual([]);
    const paths = bindingPaths(template);
    for (const hostile of HOSTILE_TEXTS) {
      const card = renderCard(template, dataFor(paths, hostile));
      const texts = cardTexts(card);
      const problems = texts.flatMap((text) => markupIn(renderMarkdown(text), markdownLinkTarget(HOSTILE_URL)));
      expect(problems, `${file} with ${JSON.stringify(hostile)}`).toEqual([]);
      if (cardTexts(template).some((text) => text.includes('${'))) {
        expect(
          texts.some((text) => renderMarkdown(text).visible.includes(normalized(hostile))),
          `${file} shows ${JSON.stringify(hostile)} somewhere, as typed`,
        ).toBe(true);
      }
    }
    renders += HOSTILE_TEXTS.length;
  });

  it('reports the figure', () => {
    process.stdout.write(
      `hostile strings × card templates: ${HOSTILE_TEXTS.length} × ${TEMPLATE_FILES.length} = ${renders} renders\n`,
    );
    expect(renders).toBe(HOSTILE_TEXTS.length * TEMPLATE_FILES.length);
  });
});

let renders = 0;

// ---------------------------------------------------------------------------------------------------------------
// Data for any template: every name a binding reads gets the hostile text, every `$data` source a list of two
// items that have every name too, and every address (…Url, url, or bound to a `url`) the hostile address.

type Paths = { leaves: Set<string>; lists: Set<string>; addresses: Set<string> };

const KEYWORDS = new Set(['true', 'false', 'null', 'undefined', 'and', 'or', 'not', '$root', '$data', '$index']);

function bindingPaths(template: object): Paths {
  const leaves = new Set<string>();
  const lists = new Set<string>();
  const addresses = new Set<string>();
  const visit = (node: unknown, key = '') => {
    if (Array.isArray(node)) return node.forEach((item) => visit(item));
    if (node && typeof node === 'object') {
      for (const [name, value] of Object.entries(node)) visit(value, name);
      return;
    }
    if (typeof node !== 'string') return;
    for (const [, expression] of node.matchAll(/\$\{([^}]*)\}/g)) {
      const withoutStrings = expression!.replace(/'[^']*'|"[^"]*"/g, ' ');
      for (const [, path] of withoutStrings.matchAll(
        /(?<![\w.])((?:\$root\.)?[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)(?!\s*\()/g,
      )) {
        const name = path!.replace(/^\$root\./, '');
        if (KEYWORDS.has(name)) continue;
        if (key === '$data' || /^count\(/.test(expression!.trim())) lists.add(name);
        else leaves.add(name);
        if (key === 'url') addresses.add(name);
      }
    }
  };
  visit(template);
  return { leaves, lists, addresses };
}

function dataFor(paths: Paths, hostile: string, depth = 0): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  const put = (path: string, value: unknown) => {
    const parts = path.split('.');
    let at = data;
    for (const part of parts.slice(0, -1)) {
      if (typeof at[part] !== 'object' || at[part] === null || Array.isArray(at[part])) at[part] = {};
      at = at[part] as Record<string, unknown>;
    }
    const last = parts[parts.length - 1]!;
    if (!(last in at) || typeof at[last] === 'string') at[last] = value;
  };
  for (const leaf of paths.leaves) put(leaf, /url$/i.test(leaf) || paths.addresses.has(leaf) ? HOSTILE_URL : hostile);
  if (depth < 3) {
    for (const list of paths.lists) put(list, [dataFor(paths, hostile, depth + 1), dataFor(paths, hostile, depth + 1)]);
  }
  return data;
}

/** Text a client renders as markdown: TextBlock.text and each Fact's title and value. */
function cardTexts(node: unknown, inFacts = false): string[] {
  if (Array.isArray(node)) return node.flatMap((item) => cardTexts(item, inFacts));
  if (!node || typeof node !== 'object') return [];
  const record = node as Record<string, unknown>;
  const own: string[] = [];
  if (record.type === 'TextBlock' && typeof record.text === 'string') own.push(record.text);
  if (inFacts) for (const key of ['title', 'value']) if (typeof record[key] === 'string') own.push(record[key]);
  return [
    ...own,
    ...Object.entries(record).flatMap(([key, value]) => cardTexts(value, key === 'facts' && record.type === 'FactSet')),
  ];
}

/** Arrays of card elements a template takes whole from its data (their text would bypass the escaping). */
function elementsBoundFromData(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((item) => elementsBoundFromData(item, found));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      const isElementList = ['body', 'items', 'columns', 'facts', 'actions', 'inlines', 'rows', 'cells', 'card'];
      if (isElementList.includes(key) && typeof value === 'string') found.push(`${key}: ${value}`);
      elementsBoundFromData(value, found);
    }
  }
  return found;
}

describe('addresses in cards', () => {
  const template = {
    type: 'AdaptiveCard',
    version: '1.5',
    body: [{ type: 'TextBlock', text: 'Se [${title}](${url}) och ${url}' }],
    actions: [{ $when: "${openUrl != ''}", type: 'Action.OpenUrl', title: 'Öppna', url: '${openUrl}' }],
  };
  const textOf = (card: any) => card.body[0].text as string;

  it('keeps an http(s) link, escaping its title and guarding its address', () => {
    const card = renderCard(template, { title: '**Agenda**', url: 'https://example.org/a (b)', openUrl: '' });
    expect(textOf(card)).toBe('Se [\\*\\*Agenda\\*\\*](https://example.org/a%20%28b%29) och https://example.org/a (b)');
  });

  it('shows only the title of a link to anything else, and never renders such an action', () => {
    const card = renderCard(template, { title: 'Agenda', url: 'javascript:alert(1)', openUrl: '' });
    expect(textOf(card)).toBe('Se Agenda och javascript:alert(1)');
    expect(() => renderCard(template, { title: 'x', url: '', openUrl: 'javascript:alert(1)' })).toThrow(UnsafeCardUrl);
  });

  it('takes an image carried in the card as PNG, JPEG, GIF or WebP, never SVG', () => {
    const image = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'Image', url: '${src}', altText: 'Karta' }] };
    const png = `data:image/png;base64,${Buffer.from('png').toString('base64')}`;
    expect((renderCard(image, { src: png }) as any).body[0].url).toBe(png);
    for (const src of ['data:image/svg+xml;base64,PHN2Zz4=', 'data:text/html;base64,PGI+', 'javascript:alert(1)']) {
      expect(() => renderCard(image, { src }), src).toThrow(UnsafeCardUrl);
    }
  });

  it('leaves inputs, choices and action data as the data says', () => {
    const form = {
      type: 'AdaptiveCard',
      version: '1.5',
      body: [{ type: 'Input.Text', id: 'role', value: '${role}' }],
      actions: [{ type: 'Action.Execute', title: '${role}', verb: 'x', data: { role: '${role}' } }],
    };
    const card = renderCard(form, { role: HOSTILE_TEXTS[0] }) as any;
    expect(card.body[0].value).toBe(HOSTILE_TEXTS[0]);
    expect(card.actions[0].data.role).toBe(HOSTILE_TEXTS[0]);
  });
});
