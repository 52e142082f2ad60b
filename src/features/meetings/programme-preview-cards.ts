import { renderCard, type AdaptiveCard } from '../../platform/teams/cards.js';
import { textsFor } from '../../platform/texts.js';
import { itemView, sessionTitle, type Localized } from './cards.js';
import type { Meeting, Presenter } from './schema.js';
import programmePreviewTemplate from './cards/programme-preview.json' with { type: 'json' };

/** What a preview's buttons send: the verb and the data besides the text box. */
export type PreviewAction = { verb: string; data: Record<string, string> };

export type ProgrammePreview = {
  subtitle: string;
  /** The agenda as it would be saved with the programme, and the items the text gave, in reading order. */
  meeting: Meeting;
  readItems: { id: string; isBreak: boolean }[];
  unread: string[];
  notice?: string;
  /** The text as typed, kept editable in the card under this input id. */
  typed: string;
  textInput: 'programmeText' | 'text';
  acceptTitle: string;
  /** Accept and read again send the same verb; accept carries the fingerprint of the text that was read. */
  accept: PreviewAction;
  readAgain: Record<string, string>;
  back: PreviewAction;
};

/** "Anja Dahlstedt · roll: avdelningschef · organisation: KB": how the line was split, part by part. */
function presenterReading({ t }: Localized, presenter: Presenter): string {
  return [
    presenter.name,
    presenter.role ? t('meetings:cards.preview.role', { role: presenter.role }) : '',
    presenter.organisation ? t('meetings:cards.preview.organisation', { organisation: presenter.organisation }) : '',
  ]
    .filter(Boolean)
    .join(' · ');
}

const UNREAD_SHOWN = 160;

/**
 * How a pasted programme was read, before anything is saved: each item with its time, title, presenters (name,
 * role and organisation apart) and description, in the session it will go to; the text that was no part of any
 * item; and the text itself, editable, to read again, accept, or take back to the form.
 */
export function programmePreviewCard(localized: Localized, view: ProgrammePreview): AdaptiveCard {
  const { t } = localized;
  const breaks = new Set(view.readItems.filter((item) => item.isBreak).map((item) => item.id));
  const read = new Set(view.readItems.map((item) => item.id));
  const sessions = view.meeting.sessions
    .map((session) => ({
      title: sessionTitle(localized, session),
      items: view.meeting.items
        .filter((item) => item.sessionId === session.id && read.has(item.id))
        .map((item) => ({
          ...itemView(item),
          tag: breaks.has(item.id) ? t('meetings:cards.preview.break') : '',
          presenters: item.presenters.map((presenter) => ({ line: presenterReading(localized, presenter) })),
        })),
    }))
    .filter((session) => session.items.length > 0);
  return renderCard(programmePreviewTemplate, {
    text: textsFor(t, 'meetings:cards.preview'),
    notice: view.notice ?? '',
    subtitle: view.subtitle,
    intro: t('meetings:cards.preview.intro', { count: view.readItems.length }),
    sessions,
    unread: view.unread.map((text) => ({
      line: t('meetings:cards.preview.quoted', {
        text: text.length > UNREAD_SHOWN ? `${text.slice(0, UNREAD_SHOWN).trimEnd()}…` : text,
      }),
    })),
    textInput: view.textInput,
    typed: view.typed,
    acceptTitle: view.acceptTitle,
    verb: view.accept.verb,
    accept: view.accept.data,
    readAgain: view.readAgain,
    backVerb: view.back.verb,
    back: view.back.data,
  });
}
