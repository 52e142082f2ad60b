import { municipalityShapes } from '../../platform/map/boundaries.js';
import type { MunicipalityShape } from '../../platform/map/draw.js';
import { Refusal } from '../../platform/refusal.js';
import { programmeOutputs } from '../outputs/gathering.js';
import { currentRunningOrder } from '../outputs/domain.js';
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

/** The region's boundaries (public geography, but only to those who may open the programme). */
export async function regionShapes(deps: BoardDeps, person: Person, programmeId: string): Promise<MunicipalityShape[]> {
  const { programme } = await programmeFor(deps, person, programmeId);
  return municipalityShapes(programme.region.municipalityCodes);
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
