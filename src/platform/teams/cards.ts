import { Template } from 'adaptivecards-templating';
import { CardFactory, MessageFactory, type Activity } from 'botbuilder';

export type AdaptiveCard = { type: 'AdaptiveCard'; version: string } & Record<string, unknown>;

/**
 * Expands a card template (JSON kept beside the feature, editable in the Adaptive Cards Designer) with data,
 * then gives every Action.Execute an Action.Submit fallback for clients without Universal Actions.
 */
export function renderCard(template: object, data: object): AdaptiveCard {
  const card = parsed(template).expand({ $root: data }) as AdaptiveCard;
  addSubmitFallbacks(card);
  return card;
}

/** Parsing a template costs ten times more than expanding it, and cards are rendered on every vote. */
const parsedTemplates = new WeakMap<object, Template>();

function parsed(template: object): Template {
  let cached = parsedTemplates.get(template);
  if (!cached) {
    cached = new Template(template);
    parsedTemplates.set(template, cached);
  }
  return cached;
}

export function cardActivity(card: AdaptiveCard): Partial<Activity> {
  return MessageFactory.attachment(CardFactory.adaptiveCard(card));
}

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
