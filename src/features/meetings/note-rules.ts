import { echo } from '../../platform/echo.js';
import { Refusal } from '../../platform/refusal.js';
import { isMemberOf } from '../membership/domain.js';
import type { Membership } from '../membership/schema.js';
import { canOverview } from '../programmes/domain.js';
import type { Programme } from '../programmes/schema.js';
import { MAX_LINKS } from './domain.js';
import type { Link } from './schema.js';

/** Notes are for the group's members and the programme's coordinators and regional staff. */
export function mayTakeNotes(
  programme: Programme,
  membership: Membership | undefined,
  groupId: string,
  personId: string,
): boolean {
  return canOverview(programme, personId) || isMemberOf(membership, groupId);
}

export const MAX_NOTE = 2000;

/** A note from chat or from the card: some text, some links, or both, but not nothing. */
export function readNote(text: string, links: Link[]): { text: string; links: Link[] } {
  const body = text.trim();
  if (!body && links.length === 0) throw new Refusal('meetings:errors.emptyNote');
  if (body.length > MAX_NOTE) throw new Refusal('meetings:errors.noteTooLong', { max: MAX_NOTE });
  if (links.length > MAX_LINKS)
    throw new Refusal('meetings:errors.tooManyLinks', { title: echo(body, 40), max: MAX_LINKS });
  return { text: body, links };
}
