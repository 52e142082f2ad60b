import { municipalityShapes } from '../../platform/map/boundaries.js';
import { drawRegion, type DrawnMap } from '../../platform/map/draw.js';
import { Refusal } from '../../platform/refusal.js';
import { programmeOutputs } from '../outputs/gathering.js';
import { currentRunningOrder } from '../outputs/running-order-rules.js';
import type { Person, Programme } from '../programmes/schema.js';
import { programmeAccess } from '../programmes/access.js';
import { boardAccess, type BoardAccess } from './access.js';
import type { BoardDeps } from './deps.js';
import { municipalityRows, outputRows, pollChart, runningOrderView, visibleProgramme } from './domain.js';
import type { BoardView, Me } from './schema.js';
import { BoardReads } from './store.js';

/** Video read links from the board work for a quarter of an hour: enough to watch, too short to pass around. */
export const BOARD_VIDEO_LINK_MS = 15 * 60_000;

/** A programme and what this person may see of it; refused when they have no part in it. */
export async function programmeFor(
  deps: BoardDeps,
  person: Person,
  programmeId: string,
): Promise<{ programme: Programme; access: BoardAccess }> {
  const programme = programmeAccess(await deps.programmes.require(programmeId), person);
  const access = boardAccess(programme, await deps.gate.groupsOf(person, 'reader'));
  if (!access) throw new Refusal('board:errors.notInProgramme', { programme: programme.programme.name });
  return { programme: programme.programme, access };
}

/** The programmes this person has a part in, for the programme picker and the channel tab's settings. */
export async function me(deps: BoardDeps, person: Person): Promise<Me> {
  const readable = await deps.gate.groupsOf(person, 'reader');
  const programmes = [];
  for (const programme of await deps.gate.programmes.allFor(person)) {
    const access = boardAccess(programme, readable);
    if (access)
      programmes.push({
        programmeId: programme.programme.programmeId,
        name: programme.programme.name,
        role: access.role,
      });
  }
  return { name: person.name, programmes };
}

/** The first view: coverage, outputs, date polls and (for staff) the running order, in one answer. */
export async function boardView(deps: BoardDeps, person: Person, programmeId: string): Promise<BoardView> {
  const reads = new BoardReads(deps);
  const { programme, access } = await programmeFor(deps, person, programmeId);
  const visible = visibleProgramme(programme, access);
  const [memberships, outputs, polls, order] = await Promise.all([
    reads.memberships(programmeId),
    programmeOutputs(deps, visible),
    reads.latestDatePolls(programmeId, access.groupIds),
    access.planDay ? reads.runningOrder(programmeId) : Promise.resolve(undefined),
  ]);
  return {
    programme: { programmeId, name: programme.name, presentationDay: programme.presentationDay },
    role: access.role,
    may: { review: access.review, planDay: access.planDay },
    groups: visible.groups.map((g) => ({ id: g.id, name: g.name })),
    municipalities: municipalityRows(visible, memberships),
    outputs: outputRows(outputs, access),
    polls: polls.map(({ poll, votes }) => pollChart(poll, votes)),
    ...(access.planDay
      ? { runningOrder: runningOrderView(programme, currentRunningOrder(programme, order, person, new Date())) }
      : {}),
  };
}

/** The board's map size; the page scales it to its width (an SVG viewBox), so one drawing fits every screen. */
export const BOARD_MAP_SIZE = { width: 560, maxHeight: 640 };

const drawnRegions = new Map<string, DrawnMap>();

/**
 * The region drawn with d3-geo (a projection fitted to it), as SVG paths: drawn here rather than in the page, so the
 * page gets a few kilobytes of paths instead of every boundary point and draws the first view sooner. A region's
 * drawing never changes, so it is kept (a region is a county or a list of codes: a handful per deployment).
 */
export async function regionMap(deps: BoardDeps, person: Person, programmeId: string): Promise<DrawnMap> {
  const { programme } = await programmeFor(deps, person, programmeId);
  const codes = programme.region.municipalityCodes;
  const key = [...codes].sort().join(',');
  let drawn = drawnRegions.get(key);
  if (!drawn) {
    drawn = drawRegion(municipalityShapes(codes), BOARD_MAP_SIZE);
    if (drawnRegions.size >= 32) drawnRegions.clear();
    drawnRegions.set(key, drawn);
  }
  return drawn;
}

/** A short-lived read link to one output's video file, for whoever may see that output; never the container. */
export async function videoLink(
  deps: BoardDeps,
  person: Person,
  ref: { programmeId: string; groupId: string; outputId: string },
): Promise<{ url: string; expiresOn: string }> {
  const { access } = await programmeFor(deps, person, ref.programmeId);
  if (!access.groupIds.includes(ref.groupId)) throw new Refusal('board:errors.notYourGroup');
  const output = await deps.outputs.get(ref.programmeId, ref.groupId, ref.outputId);
  if (output?.video?.source !== 'file' || !deps.files) throw new Refusal('board:errors.noVideoFile');
  const link = await deps.files.readLink(output.video.blobName, BOARD_VIDEO_LINK_MS);
  return { url: link.url, expiresOn: link.expiresOn.toISOString() };
}
