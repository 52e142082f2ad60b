import type { BotHarness } from './bot-harness.js';
import { press } from './adaptive-cards.js';
import { cardOf } from './bot-harness.js';
import { assembledFocusGroup, members, regionalStaff as kitStaff, withRegionalStaff } from './focus-group.js';

export const makerPlan = {
  name: 'Makerkit',
  purpose: 'Ett bokningsbart kit för att bygga och programmera.',
  targetGroups: '10–15 år',
  item1Name: 'Micro:bit',
  item1Quantity: '10',
  item1UnitPrice: '250',
  item1Supplier: 'Elfa',
  item2Name: 'Lödkolv',
  item2Quantity: '2',
  item2UnitPrice: '400',
  item2Supplier: 'Clas Ohlson',
  loanPeriod: '2 veckor',
  whoMayBook: 'Folkbibliotek i länet',
  pickupAndReturn: 'Med transporten',
  maintainedBy: 'Regionbiblioteket',
};

/**
 * The example programme with every municipality signed up (assembledFocusGroup), regional staff, and a kit made
 * the way people make one: a member submits the kit plan, staff approve it and press "make a kit" on it.
 */
export async function bookableKit(bot: BotHarness): Promise<{ programmeId: string; mik: string; kitId: string }> {
  const { programmeId, mik } = await assembledFocusGroup(bot);
  await withRegionalStaff(bot, programmeId);
  const plan = { programmeId, groupId: mik, outputId: 'kitPlan-1' };
  const etag = async () => (await bot.outputStore().outputs.get(programmeId, mik, 'kitPlan-1'))?._etag ?? '';
  await bot.execute(members[0]!, 'outputs.kitPlanSubmit', { ...plan, etag: await etag(), rows: '4', ...makerPlan });
  await bot.execute(kitStaff, 'outputs.approve', { ...plan, etag: await etag(), comment: '' });
  const form = cardOf(await bot.execute(kitStaff, 'kit.createForm', plan));
  const create = press(form, 'Skapa kit av ”Makerkit”', { homeLibrary: 'Regionbiblioteket', homeMunicipality: '2380' });
  await bot.execute(kitStaff, create.verb, create.data);
  return { programmeId, mik, kitId: `${mik}.kitPlan-1` };
}
