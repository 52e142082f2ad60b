import { TENANT_ID } from './tenant.js';
import { randomUUID } from 'node:crypto';
import type { Storage } from '../../src/platform/cosmos/containers.js';
import { SharedReads } from '../../src/platform/shared-reads.js';
import { ProgrammeStore } from '../../src/features/programmes/store.js';
import { MembershipStore } from '../../src/features/membership/store.js';
import { PollStore } from '../../src/features/polls/store.js';
import { signUp } from '../../src/features/membership/domain.js';
import { createPoll } from '../../src/features/polls/domain.js';
import type { Poll } from '../../src/features/polls/schema.js';

export const COORDINATOR = { id: 'c0000000-0000-0000-0000-0000000000c1', name: 'Karin Samordnare' };
export const BOT = { id: '28:fokusgrupper-bot', name: 'Fokusgrupper' };
export const GROUP_CHANNEL = '19:crowd-group@thread.tacv2';

export type Person = { id: string; name: string };
export type Crowd = {
  poll: Poll;
  people: Person[];
  /** Another open poll for the same group, posted in its channel, nobody has answered. */
  newPoll(question: string): Promise<Poll>;
};

export type CrowdOptions = {
  serviceUrl: string;
  /** Members of the programme's first group, one per municipality of its region (in turn). */
  count: number;
  /** Every member's region: the programme's own, or these municipality codes (e.g. all 290 of Sweden). */
  municipalityCodes?: string[];
  /** Which members have a known 1:1 chat with the bot (talked to it from there before); the rest need one opened. */
  knownChat?: (index: number) => boolean;
  /** The poll's deadline has passed already (the scheduler closes it at its next tick). */
  overdue?: boolean;
};

/**
 * The store as after a busy sign-up, written straight through the feature stores for tests and benchmarks that
 * need hundreds of people: the example programme (seeded by the bot) with its first group linked to a channel,
 * `count` members who have all talked to the bot, and one open date poll posted in the channel, unanswered.
 */
export async function gatherCrowd(storage: Storage, options: CrowdOptions): Promise<Crowd> {
  const { containers } = storage;
  const programmes = new ProgrammeStore(containers.programmes, containers.conversations);
  const memberships = new MembershipStore(containers.programmes, new SharedReads());
  const seeded = (await programmes.list())[0]!;
  const group = seeded.groups[0]!;
  const programme = await programmes.update(seeded.programmeId, (current) => ({
    ...current,
    ...(options.municipalityCodes ? { region: { municipalityCodes: options.municipalityCodes } } : {}),
    groups: current.groups.map((g) => (g.id === group.id ? { ...g, conversationId: GROUP_CHANNEL } : g)),
  }));
  await programmes.saveLink({
    id: GROUP_CHANNEL,
    programmeId: programme.programmeId,
    groupId: group.id,
    reference: {
      serviceUrl: options.serviceUrl,
      channelId: 'msteams',
      conversation: { id: GROUP_CHANNEL, conversationType: 'channel', isGroup: true },
      bot: BOT,
    },
    linkedBy: COORDINATOR,
    linkedAt: new Date().toISOString(),
  });
  const codes = programme.region.municipalityCodes;
  const people = Array.from({ length: options.count }, (_, n) => ({
    id: `p0000000-0000-0000-0000-${String(n).padStart(12, '0')}`,
    name: `Medlem ${n}`,
  }));
  const now = new Date();
  for (let i = 0; i < people.length; i += 25) {
    await Promise.all(
      people.slice(i, i + 25).map((person, k) =>
        memberships.save(programme.programmeId, person.id, (current) => ({
          ...signUp(
            programme,
            current,
            person,
            {
              programmeId: programme.programmeId,
              groupIds: [group.id],
              municipalityCode: codes[(i + k) % codes.length]!,
              preferredChannel: 'teams',
              otherChannel: '',
              roleOrLibrary: '',
            },
            now,
          ),
          contact: {
            teamsUserId: `29:${person.id}`,
            botId: BOT.id,
            tenantId: 'tenant-1',
            serviceUrl: options.serviceUrl,
            language: 'sv' as const,
            ...((options.knownChat ?? (() => true))(i + k) ? { conversationId: `a:personal-${person.id}` } : {}),
          },
        })),
      ),
    );
  }
  const polls = new PollStore(containers.polls, new SharedReads());
  const newPoll = async (question: string, overdue = false): Promise<Poll> => {
    const created = overdue ? new Date(now.getTime() - 7 * 86_400_000) : new Date();
    const poll = createPoll(
      {
        programmeId: programme.programmeId,
        groupId: group.id,
        groupName: group.name,
        regionCodes: codes,
        kind: 'date',
        question,
        optionLabels: [],
        days: [
          { date: '2031-04-15', part: 'fullDay' },
          { date: '2031-04-16', part: 'fullDay' },
        ],
        anonymous: false,
        showResultsBeforeClose: true,
        deadlineDate: new Date(created.getTime() + 86_400_000).toISOString().slice(0, 10),
        deadlineHour: 12,
      },
      COORDINATOR,
      created,
      `poll-${randomUUID().slice(0, 8)}`,
    );
    const posted = { ...poll, posted: { conversationId: GROUP_CHANNEL, activityId: `card-${poll.pollId}` } };
    await polls.create(posted);
    return posted;
  };
  return { poll: await newPoll('Vilken dag?', options.overdue), people, newPoll: (question) => newPoll(question) };
}

/** An Adaptive Card action from a person, as Teams posts it for a card in the group's channel. */
export function cardAction(serviceUrl: string, person: Person, verb: string, data: Record<string, unknown>) {
  return {
    type: 'invoke',
    name: 'adaptiveCard/action',
    id: randomUUID(),
    channelId: 'msteams',
    serviceUrl,
    locale: 'sv-SE',
    from: { id: `29:${person.id}`, aadObjectId: person.id, name: person.name },
    recipient: BOT,
    conversation: { id: `${GROUP_CHANNEL};messageid=card`, conversationType: 'channel', tenantId: TENANT_ID },
    channelData: { tenant: { id: TENANT_ID }, team: { id: '19:team@thread.tacv2' } },
    replyToId: 'card',
    value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
  };
}

/** POSTs an activity to a bot and returns the HTTP status and the parsed answer. */
export async function postActivity(botUrl: string, activity: object): Promise<{ status: number; body: any }> {
  const response = await fetch(`${botUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });
  return { status: response.status, body: await response.json().catch(() => undefined) };
}
