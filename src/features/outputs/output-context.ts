import type { Stored } from '../../platform/cosmos/documents.js';
import { Refusal } from '../../platform/refusal.js';
import type { Turn } from '../../platform/teams/turn.js';
import type { GroupAccess } from '../membership/access.js';
import { groupName } from '../membership/domain.js';
import type { OutputKind, Person } from '../programmes/schema.js';
import type { OutputView } from './cards.js';
import { outputCard } from './output-cards.js';
import type { OutputsDeps } from './deps.js';
import { capacitiesOf, newOutput, type Actor, type Capacity } from './domain.js';
import type { Output } from './schema.js';
import { VIDEO_LINK_MS, videoLinkFor } from './video-links.js';

/** An output as one person may act on it: what it is, its document if any, and in which capacities they act. */
export type OutputContext = Omit<OutputView, 'output'> & { output?: Stored<Output>; capacities: Capacity[] };

/** In which capacities the person acts on the group's outputs: as a member, as a reviewer, or both. */
export function capacitiesFor(access: GroupAccess): Capacity[] {
  return capacitiesOf(access.isMember, access.role !== undefined);
}

/**
 * Loads one output of the group the route's guard let the person into (its members, the programme's regional
 * staff and coordinators); nothing of the output is read before that.
 */
export async function loadOutput(deps: OutputsDeps, access: GroupAccess, outputId: string): Promise<OutputContext> {
  const { programme, group } = access;
  const expected = group.outputs.find((output) => output.id === outputId);
  if (!expected) throw new Refusal('outputs:errors.unknownOutput');
  const output = await deps.outputs.get(programme.programmeId, group.id, expected.id);
  return { programme, group, expected, ...(output ? { output } : {}), capacities: capacitiesFor(access) };
}

export function requireKind(context: OutputContext, kind: OutputKind, t: Turn['t']): void {
  if (context.expected.kind !== kind)
    throw new Refusal('outputs:errors.wrongKind', { kind: t(`outputs:kinds.${context.expected.kind}`) });
}

export function actorOf(person: Person, context: OutputContext): Actor {
  return { person, capacities: context.capacities, group: context.group.name, programme: context.programme.name };
}

/** The stored output, or a fresh one for an output nobody has started. */
export function currentOrNew(context: OutputContext, now: Date): Output {
  if (context.output) {
    const { _etag: _version, ...output } = context.output;
    return output;
  }
  return newOutput(context.programme.programmeId, context.group, context.expected, now);
}

/** The output card for this person, with a note on top. */
export async function showOutput(
  turn: Turn,
  deps: OutputsDeps,
  context: OutputContext,
  note?: { text: string; color: 'Good' | 'Attention' | 'Default' },
) {
  const until = new Date(turn.now.getTime() + VIDEO_LINK_MS);
  const place = { programmeId: context.programme.programmeId, group: context.group, outputId: context.expected.id };
  const playUrl = videoLinkFor(deps, place, context.output, turn.person.id, until)?.url;
  return outputCard(turn, {
    ...context,
    ...(playUrl ? { playUrl } : {}),
    videoMaxMb: Math.round(deps.config.outputs.videoMaxBytes / (1024 * 1024)),
    ...(note ? { note: note.text, noteColor: note.color } : {}),
  });
}

export function titleWithGroup(context: Pick<OutputView, 'programme' | 'group' | 'expected'>): string {
  return `${context.expected.title} (${groupName(context.programme, context.group.id)})`;
}
