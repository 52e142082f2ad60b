import type { Activity, Middleware, TurnContext } from 'botbuilder';
import { escapeMarkdown } from './markdown.js';

/**
 * Teams renders a message's text as markdown (with some HTML and `<at>` mentions). Our own texts use none of it,
 * and the values put into them (a group's name, a member's role, a note) must show as typed, so the text of every
 * message the bot sends in a turn is escaped here: replies and the door's refusal (the adapter runs this for every
 * turn); what the bot sends on its own goes through the outbox, whose transport escapes it the same way. Cards
 * escape their text when rendered (cards.ts); invoke answers are not messages and pass untouched.
 */
export const escapeOutgoingText: Middleware = {
  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    context.onSendActivities(async (_context, activities, send) => {
      activities.forEach(escapeText);
      return send();
    });
    context.onUpdateActivity(async (_context, activity, update) => {
      escapeText(activity);
      return update();
    });
    await next();
  },
};

function escapeText(activity: Partial<Activity>): void {
  if (activity.type === 'message' && typeof activity.text === 'string') activity.text = escapeMarkdown(activity.text);
}
