import type { BotHarness, Conversation, TestPerson } from './bot-harness.js';

/** One library worker per Jämtland municipality, in SCB code order. */
export const JAMTLAND = [
  ['2303', 'Ragunda'],
  ['2305', 'Bräcke'],
  ['2309', 'Krokom'],
  ['2313', 'Strömsund'],
  ['2321', 'Åre'],
  ['2326', 'Berg'],
  ['2361', 'Härjedalen'],
  ['2380', 'Östersund'],
] as const;

export const coordinator: TestPerson = { id: 'c0000000-0000-0000-0000-000000000001', name: 'Karin Samordnare' };

export const members: TestPerson[] = JAMTLAND.map(([code, name]) => ({
  id: `m0000000-0000-0000-0000-00000000${code}`,
  name: `Bibliotekarie ${name}`,
}));

export const groupChannel: Conversation = {
  id: '19:mik-group@thread.tacv2',
  conversationType: 'channel',
  teamId: '19:region-team@thread.tacv2',
};

/**
 * The example programme with every municipality signed up to both groups through the real sign-up card, and the
 * first group linked to a channel: the state most poll, agenda and output tests start from.
 */
export async function assembledFocusGroup(bot: BotHarness) {
  const [programme] = await bot.storage().programmes.list();
  const programmeId = programme!.programmeId;
  const [mik, digital] = programme!.groups.map((g) => g.id) as [string, string];
  for (const [index, [code]] of JAMTLAND.entries()) {
    await bot.execute(members[index]!, 'membership.signUp', {
      programmeId,
      groupIds: `${mik},${digital}`,
      municipalityCode: code,
      preferredChannel: 'teams',
    });
  }
  await bot.execute(
    coordinator,
    'programmes.link',
    { target: `${programmeId}|${mik}` },
    { conversation: groupChannel },
  );
  return { programmeId, mik, digital };
}
