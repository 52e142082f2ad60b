import { Refusal } from '../../platform/refusal.js';

/* ------------------------------------------------------------------------------------------------------------
 * Video: at most three minutes, with ten seconds' grace for fades and rounding; a link only from the places a
 * library's video is usually kept.
 * ------------------------------------------------------------------------------------------------------------ */

export const VIDEO_SECONDS = 180;
export const VIDEO_GRACE_SECONDS = 10;

/** Whole seconds, as people read a length; the limit is checked on the same number that is shown. */
export function isShortEnough(seconds: number): boolean {
  return Math.round(seconds) <= VIDEO_SECONDS + VIDEO_GRACE_SECONDS;
}

/** 210.13 → "3:30". */
export function formatLength(seconds: number): string {
  const whole = Math.round(seconds);
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = String(whole % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}

/** "2:55", "02:55", "1:02:03" or "175" (seconds) → seconds; anything else is undefined. */
export function parseLength(text: string): number | undefined {
  const compact = text.trim().replace(/\s/g, '').replace('.', ':');
  if (/^\d{1,4}$/.test(compact)) return Number(compact) || undefined;
  const match = /^(?:(\d{1,2}):)?(\d{1,3}):([0-5]\d)$/.exec(compact);
  if (!match) return undefined;
  const seconds = Number(match[1] ?? 0) * 3600 + Number(match[2]) * 60 + Number(match[3]);
  return seconds > 0 ? seconds : undefined;
}

/** Where a video may be linked from: SharePoint, Stream, YouTube and Vimeo (and their subdomains), over https. */
export const VIDEO_HOSTS = [
  'sharepoint.com',
  'microsoftstream.com',
  'stream.office.com',
  'youtube.com',
  'youtu.be',
  'vimeo.com',
] as const;

export function isAllowedVideoLink(text: string): boolean {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return false;
  }
  const host = url.hostname.toLowerCase();
  return url.protocol === 'https:' && VIDEO_HOSTS.some((allowed) => host === allowed || host.endsWith(`.${allowed}`));
}

/** A video link as stored, or a Refusal naming what is wrong with it. */
export function readVideoLink(urlText: string, lengthText: string): { url: string; durationSeconds: number } {
  if (!isAllowedVideoLink(urlText)) throw new Refusal('outputs:errors.badVideoLink', { hosts: VIDEO_HOSTS.join(', ') });
  const seconds = parseLength(lengthText);
  if (seconds === undefined) throw new Refusal('outputs:errors.badLength');
  if (!isShortEnough(seconds)) throw new Refusal('outputs:errors.tooLong', { length: formatLength(seconds) });
  return { url: new URL(urlText.trim()).toString(), durationSeconds: seconds };
}
