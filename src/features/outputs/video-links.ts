import type { HttpAnswer } from '../../platform/http/routes.js';
import { satisfies } from '../membership/access.js';
import { linkVersionOf } from '../programmes/domain.js';
import type { Group } from '../programmes/schema.js';
import type { OutputsDeps } from './deps.js';
import type { Output } from './schema.js';

/** Links in cards last as long as a card is looked at: a week. Each click is checked again and lasts minutes. */
export const VIDEO_LINK_MS = 7 * 86_400_000;
/** What the browser gets after the check: a read link to the blob that works long enough to start playing. */
const PLAYBACK_MS = 15 * 60_000;

export type VideoLink = { url: string; expiresOn: Date };

const subjectOf = (path: string[], group: Group) => `video|${path.join('|')}|${linkVersionOf(group)}`;

/**
 * A link to a stored video for one viewer, valid until `until`: the bot's own address, signed over the output,
 * the viewer, the expiry and the group's link version. Opening it checks that the viewer may still see the
 * group's outputs before handing out a short-lived read link to the blob, so a link never outlives the viewer's
 * access, the group's link renewal, or (in an export) the export link itself.
 */
export function videoLinkFor(
  deps: OutputsDeps,
  place: { programmeId: string; group: Group; outputId: string },
  output: Output | undefined,
  viewerId: string,
  until: Date,
): VideoLink | undefined {
  if (output?.video?.source !== 'file' || !deps.files) return undefined;
  const path = [place.programmeId, place.group.id, place.outputId, viewerId, String(until.getTime())];
  const token = deps.links.sign(subjectOf(path, place.group));
  const url = `${deps.config.publicBaseUrl}/outputs/video/${path.map(encodeURIComponent).join('/')}/${token}`;
  return { url, expiresOn: until };
}

const notFound: HttpAnswer = { status: 404, contentType: 'text/plain; charset=utf-8', body: 'Not found' };

/** GET /outputs/video/:programmeId/:groupId/:outputId/:viewer/:until/:token: checked, then redirected to the blob. */
export function videoRedirect(deps: OutputsDeps): (params: Record<string, string>) => Promise<HttpAnswer> {
  return async ({ programmeId = '', groupId = '', outputId = '', viewer = '', until = '', token = '' }) => {
    if (!deps.files || !/^\d{1,15}$/.test(until) || Number(until) <= deps.clock().getTime()) return notFound;
    const programme = await deps.programmes.get(programmeId);
    const group = programme?.groups.find((g) => g.id === groupId);
    const path = [programmeId, groupId, outputId, viewer, until];
    if (!group || !deps.links.verify(subjectOf(path, group), token)) return notFound;
    const access = await deps.gate.standingOf({ id: viewer, name: '' }, { programmeId, groupId });
    const video = (await deps.outputs.get(programmeId, groupId, outputId))?.video;
    if (!satisfies(access, 'reader') || video?.source !== 'file') return notFound;
    const { url } = await deps.files.readLink(video.blobName, PLAYBACK_MS);
    return {
      status: 302,
      contentType: 'text/plain; charset=utf-8',
      body: '',
      headers: { location: url, 'cache-control': 'no-store' },
    };
  };
}
