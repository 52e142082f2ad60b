import { Template } from 'adaptivecards-templating';
import { CardFactory, MessageFactory, type Activity } from 'botbuilder';
import { escapeMarkdown, isSafeLinkUrl, markdownLinkTarget, UnsafeCardUrl } from './markdown.js';

export type AdaptiveCard = { type: 'AdaptiveCard'; version: string } & Record<string, unknown>;

/**
 * Expands a card template (JSON kept beside the feature, editable in the Adaptive Cards Designer) with data,
 * then gives every Action.Execute an Action.Submit fallback for clients without Universal Actions.
 *
 * Every value bound into card text (a TextBlock's text, a Fact's title or value) is escaped (see markdown.ts):
 * names, roles, notes and translated texts alike, so no caller has to remember to. The template's own literal
 * text is trusted, which is how a template writes a link: `[${title}](${url})` escapes the title and makes the
 * address a safe link target. Inputs' values, choices and action data are not card text and stay as they are.
 * Anything clickable (Action.OpenUrl, Image, a link in text) must be an absolute http(s) address.
 */
export function renderCard(template: object, data: object): AdaptiveCard {
  const card = prepared(template).expand({ $root: withoutMarkers(data) }) as AdaptiveCard;
  finishCard(card);
  return card;
}

export function cardActivity(card: AdaptiveCard): Partial<Activity> {
  return MessageFactory.attachment(CardFactory.adaptiveCard(card));
}

// ---------------------------------------------------------------------------------------------------------------
// Escaping bound values. Before expansion each binding in card text is wrapped in markers (private-use characters);
// after it, the text between markers (exactly what the data put there) is escaped and the markers removed. Markers
// in the data are stripped first, so a value can never close its own span early.

const TEXT_OPEN = '\uE000';
const TEXT_CLOSE = '\uE001';
const URL_OPEN = '\uE002';
const URL_CLOSE = '\uE003';
const MARKERS = /[\uE000-\uE003]/g;
const TEXT_SPAN = /\uE000([^\uE001]*)\uE001/g;
const URL_SPAN = /\uE002([^\uE003]*)\uE003/g;
/**
 * A template's link: `[title](` + a marked address + `)`, the title literal text and marked values. A link whose
 * address is not http(s) (or is missing) shows its title only: a person's stored link never breaks a card.
 */
const TEMPLATE_LINK = /\[((?:[^[\]\uE000]|\uE000[^\uE001]*\uE001)*)\]\(\uE002([^\uE003]*)\uE003\)/g;

/** Parsing a template costs ten times more than expanding it, and cards are rendered on every vote. */
const preparedTemplates = new WeakMap<object, Template>();

function prepared(template: object): Template {
  let cached = preparedTemplates.get(template);
  if (!cached) {
    cached = new Template(markBindings(structuredClone(template)));
    preparedTemplates.set(template, cached);
  }
  return cached;
}

type CardNode = Record<string, unknown>;

function isNode(value: unknown): value is CardNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Calls `visit` with every markdown text property of the card or template: TextBlock.text, Fact.title/value. */
function forEachCardText(node: unknown, visit: (owner: CardNode, key: string) => void): void {
  if (Array.isArray(node)) {
    for (const item of node) forEachCardText(item, visit);
    return;
  }
  if (!isNode(node)) return;
  if (node.type === 'TextBlock' && typeof node.text === 'string') visit(node, 'text');
  if (node.type === 'FactSet' && Array.isArray(node.facts)) {
    for (const fact of node.facts) {
      if (!isNode(fact)) continue;
      if (typeof fact.title === 'string') visit(fact, 'title');
      if (typeof fact.value === 'string') visit(fact, 'value');
    }
  }
  for (const value of Object.values(node)) forEachCardText(value, visit);
}

function markBindings(template: object): object {
  forEachCardText(template, (owner, key) => {
    owner[key] = markText(owner[key] as string);
  });
  return template;
}

/** `Hej ${name}, [${title}](${url})` → each `${…}` wrapped; a binding right after `](` is a link target. */
function markText(text: string): string {
  let result = '';
  let index = 0;
  while (index < text.length) {
    const start = text.indexOf('${', index);
    if (start < 0) break;
    const end = closingBrace(text, start + 2);
    if (end < 0) break;
    const isLinkTarget = text.slice(Math.max(0, start - 2), start) === '](';
    const [open, close] = isLinkTarget ? [URL_OPEN, URL_CLOSE] : [TEXT_OPEN, TEXT_CLOSE];
    result += text.slice(index, start) + open + text.slice(start, end + 1) + close;
    index = end + 1;
  }
  return result + text.slice(index);
}

/** The `}` that closes a binding, skipping braces and quotes inside its expression. */
function closingBrace(text: string, from: number): number {
  let depth = 0;
  let quote = '';
  for (let i = from; i < text.length; i++) {
    const character = text[i]!;
    if (quote) {
      if (character === quote) quote = '';
    } else if (character === "'" || character === '"') quote = character;
    else if (character === '{') depth += 1;
    else if (character === '}') {
      if (depth === 0) return i;
      depth -= 1;
    }
  }
  return -1;
}

function withoutMarkers(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(MARKERS, '');
  if (Array.isArray(value)) return value.map(withoutMarkers);
  if (isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withoutMarkers(item)]));
  }
  return value;
}

function isPlainObject(value: unknown): value is CardNode {
  if (!isNode(value)) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/** After expansion: escape what the data put into card text, check every address, add the Submit fallbacks. */
function finishCard(card: AdaptiveCard): void {
  forEachCardText(card, (owner, key) => {
    owner[key] = (owner[key] as string)
      .replace(TEMPLATE_LINK, (_link, title: string, url: string) =>
        isSafeLinkUrl(url) ? `[${title}](${markdownLinkTarget(url)})` : title,
      )
      .replace(TEXT_SPAN, (_span, text: string) => escapeMarkdown(text))
      .replace(URL_SPAN, (_span, url: string) => escapeMarkdown(url)) // outside a link: just text
      .replace(MARKERS, '');
  });
  checkAddresses(card);
  addSubmitFallbacks(card);
}

/**
 * Action.OpenUrl addresses (also as a selectAction) must be http(s); an Image's may also be a PNG, JPEG, GIF or
 * WebP carried in the card itself (a data URI: the coverage map), never SVG, which can carry script.
 */
function checkAddresses(node: unknown): void {
  if (Array.isArray(node)) {
    node.forEach(checkAddresses);
    return;
  }
  if (!isNode(node)) return;
  if (typeof node.url === 'string' && node.url !== '') {
    const isImage = node.type === 'Image' || node.type === 'BackgroundImage';
    const safe = isSafeLinkUrl(node.url) || (isImage && EMBEDDED_IMAGE.test(node.url));
    if ((node.type === 'Action.OpenUrl' || isImage) && !safe) throw new UnsafeCardUrl();
  }
  for (const value of Object.values(node)) checkAddresses(value);
}

const EMBEDDED_IMAGE = /^data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/]+=*$/;

type Action = {
  type?: string;
  verb?: string;
  data?: Record<string, unknown>;
  title?: string;
  associatedInputs?: string;
  fallback?: unknown;
};

function addSubmitFallbacks(node: unknown): void {
  if (Array.isArray(node)) {
    node.forEach(addSubmitFallbacks);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const action = node as Action;
  if (action.type === 'Action.Execute' && action.verb && action.fallback === undefined) {
    // Action.Submit carries the verb in its data; the router accepts both shapes.
    action.fallback = {
      type: 'Action.Submit',
      title: action.title,
      data: { ...action.data, verb: action.verb },
      // Cancel-like buttons must not demand the form's required inputs on older clients either.
      ...(action.associatedInputs ? { associatedInputs: action.associatedInputs } : {}),
    };
  }
  for (const value of Object.values(node)) addSubmitFallbacks(value);
}
