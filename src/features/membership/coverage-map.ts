import { municipalityShapes } from '../../platform/map/boundaries.js';
import { drawRegion, type Representation } from '../../platform/map/draw.js';
import { mapPng } from '../../platform/map/png.js';
import type { Programme } from '../programmes/schema.js';
import type { GroupCoverage } from './domain.js';
import { representationOf } from './representation.js';

/**
 * Past this the image is left out and the card keeps its table: Teams takes about 100 KB per message, and the
 * coverage table of a large region needs its share. A county's map is about 12 KB, all of Sweden's about 26 KB.
 */
export const MAP_IMAGE_MAX_CHARS = 40_000;

export type CoverageMapImage = { url: string; counts: Record<Representation, number> };

/**
 * The board's map for the coverage card, as a PNG inside the card (a data URI). Inside, not a link to the bot: the
 * card keeps its picture for as long as the chat keeps the message (a short-lived link would leave an empty frame
 * in older cards), nothing about the programme's coverage is served to whoever holds a URL, and it works offline
 * in the Agents Playground. The card says in words what the colours mean, so the PNG needs no text or fonts.
 */
export function coverageMapImage(programme: Programme, coverage: GroupCoverage[]): CoverageMapImage | undefined {
  const codes = programme.region.municipalityCodes;
  const map = drawRegion(municipalityShapes(codes), { width: 360, maxHeight: 420 });
  const representation = new Map(codes.map((code) => [code, representationOf(coverage, code)]));
  const url = `data:image/png;base64,${mapPng(map, (code) => representation.get(code) ?? 'none').toString('base64')}`;
  if (url.length > MAP_IMAGE_MAX_CHARS) return undefined;
  const counts: Record<Representation, number> = { every: 0, some: 0, none: 0 };
  for (const value of representation.values()) counts[value] += 1;
  return { url, counts };
}
