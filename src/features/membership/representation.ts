import type { Representation } from '../../platform/map/draw.js';
import type { GroupCoverage } from './domain.js';

/**
 * Whether a municipality has a representative in every group, in some, or in none: what the coverage map colours.
 * With no groups at all there is nothing to be represented in, so every municipality is 'none'.
 */
export function representationOf(coverage: readonly GroupCoverage[], code: string): Representation {
  const represented = coverage.filter((group) => (group.counts[code] ?? 0) > 0).length;
  if (represented === 0) return 'none';
  return represented === coverage.length ? 'every' : 'some';
}
