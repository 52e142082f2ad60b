import * as AC from 'adaptivecards';
import { expect } from 'vitest';
import { cardOf, postedCard, textOf, type BotReply } from './bot-harness.js';

/**
 * Parses a card with the Adaptive Cards SDK, as a Teams client would, and returns every problem it reports:
 * unknown elements or properties, missing ids, duplicate input ids, a version above what Teams renders.
 */
export function cardProblems(json: unknown): string[] {
  const card = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  card.parse(json, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) {
    const event = context.getEventAt(i);
    if (event.phase === AC.ValidationPhase.Parse && event.event !== AC.ValidationEvent.UnknownElementType) {
      problems.push(`parse: ${event.message}`);
    }
  }
  const results = card.validateProperties();
  for (const event of results.validationEvents) problems.push(`validate: ${event.message}`);
  const version = (json as { version?: string }).version;
  if (version !== '1.5') problems.push(`version ${version} (Teams renders up to 1.5; Universal Actions need 1.5)`);
  return problems;
}

/** The value an input shows (its preset answer), found by id anywhere in the card. */
export function inputValue(card: unknown, id: string): unknown {
  let found: unknown;
  const walk = (node: unknown): void => {
    if (found !== undefined || !node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    const element = node as { id?: string; type?: string; value?: unknown };
    if (element.id === id && element.type?.startsWith('Input.')) {
      found = element.value ?? '';
      return;
    }
    Object.values(node).forEach(walk);
  };
  walk(card);
  return found;
}

/** The card a reply carries (invoke answer or posted message), checked as Teams would parse it; fails with the reply's text otherwise. */
export function validCard(reply: BotReply): any {
  const card = cardOf(reply) ?? postedCard(reply);
  expect(card, textOf(reply)).toBeDefined();
  expect(cardProblems(card)).toEqual([]);
  return card;
}

/** Every input's preset value, by id, as a client sends them when nothing is changed. */
export function inputValues(card: unknown): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  const walk = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    const element = node as { id?: string; type?: string; value?: unknown };
    if (element.id && element.type?.startsWith('Input.')) values[element.id] = element.value ?? '';
    Object.values(node).forEach(walk);
  };
  walk(card);
  return values;
}

/**
 * Pressing the Action.Execute titled `title` anywhere on the card, as Teams sends it: the verb, and the action's
 * data merged with the card's inputs (their preset values, changed by `typed`) unless it takes no inputs.
 */
export function press(card: unknown, title: string, typed: Record<string, unknown> = {}) {
  type Execute = { verb: string; data?: Record<string, unknown>; associatedInputs?: string };
  let found: Execute | undefined;
  const walk = (node: unknown): void => {
    if (found || !node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    const action = node as { type?: string; title?: string };
    if (action.type === 'Action.Execute' && action.title === title) found = node as Execute;
    else Object.values(node).forEach(walk);
  };
  walk(card);
  expect(found, `a button "${title}"`).toBeDefined();
  const inputs = found!.associatedInputs === 'none' ? {} : { ...inputValues(card), ...typed };
  return { verb: found!.verb, data: { ...found!.data, ...inputs } };
}
