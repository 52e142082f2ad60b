import { Refusal } from '../../platform/refusal.js';
import type { CardReply } from '../../platform/teams/router.js';
import type { Turn } from '../../platform/teams/turn.js';
import type { ProgrammeAccess } from '../programmes/access.js';
import type { KitPlan } from '../outputs/schema.js';
import { calendarCard } from './calendar-cards.js';
import { kitFormCard } from './kit-form-cards.js';
import type { KitContext } from './messages.js';
import { approvedPlan, editKit, formValuesOf, kitFromPlan, readKitForm } from './plan-to-kit.js';
import type { Kit, KitForm, PlanRef } from './schema.js';

/*
 * From an approved kit plan to a kit, and changes to it: regional staff (and coordinators) only, through the
 * programme gate. One kit per plan, so the "make a kit" button of an approved plan opens the kit's form again
 * once it exists, filled in with what it holds.
 */

/** The kit made from a plan has an id derived from the plan: pressing "make" twice finds the first kit. */
export function kitIdFor(ref: Pick<PlanRef, 'groupId' | 'outputId'>): string {
  return `${ref.groupId}.${ref.outputId}`;
}

function groupOf(access: ProgrammeAccess, groupId: string) {
  const group = access.programme.groups.find((g) => g.id === groupId);
  if (!group) throw new Refusal('programmes:errors.unknownGroup');
  return group;
}

/** A kit's contents as the form lists them when it is changed: the kit's own items, not the plan's. */
function planOfKit(kit: Kit): KitPlan {
  return {
    name: kit.name,
    purpose: '',
    targetGroups: '',
    items: kit.contents.map((item) => ({
      name: item.name,
      description: item.description,
      quantity: item.count,
      unitPrice: 0,
      supplier: '',
    })),
    loanPeriod: '',
    whoMayBook: '',
    pickupAndReturn: '',
    maintainedBy: '',
  };
}

export async function kitForm(turn: Turn, ctx: KitContext, access: ProgrammeAccess, ref: PlanRef): Promise<CardReply> {
  const { programme } = access;
  const group = groupOf(access, ref.groupId);
  const existing = await ctx.kits.get(programme.programmeId, kitIdFor(ref));
  const view = { ...ref, groupName: group.name, regionCodes: programme.region.municipalityCodes };
  if (existing)
    return kitFormCard(turn, {
      ...view,
      plan: planOfKit(existing),
      values: formValuesOf(existing),
      editing: { kitName: existing.name },
    });
  const plan = approvedPlan(await ctx.outputs.get(programme.programmeId, ref.groupId, ref.outputId));
  return kitFormCard(turn, { ...view, plan });
}

/** Makes the kit, or saves the changes to it; a form with errors is shown again and nothing is written. */
export async function saveKit(turn: Turn, ctx: KitContext, access: ProgrammeAccess, form: KitForm): Promise<CardReply> {
  const { programme } = access;
  const group = groupOf(access, form.groupId);
  const kitId = kitIdFor(form);
  const existing = await ctx.kits.get(programme.programmeId, kitId);
  const output = existing ? undefined : await ctx.outputs.get(programme.programmeId, form.groupId, form.outputId);
  const plan = existing ? planOfKit(existing) : approvedPlan(output);
  const regionCodes = programme.region.municipalityCodes;
  const { draft, errors } = readKitForm(form, plan.items.length, regionCodes);
  if (!draft) {
    const editing = existing ? { editing: { kitName: existing.name } } : {};
    return kitFormCard(turn, { ...form, groupName: group.name, plan, regionCodes, values: form, errors, ...editing });
  }
  const administrator = { person: turn.person, contact: turn.contact };
  let kit: Kit;
  if (existing) {
    ({ kit } = await ctx.kits.change(programme.programmeId, kitId, (current) =>
      editKit(withAdministrator(current, administrator), draft, turn.person, turn.now),
    ));
    ctx.calendars.refresh(kit);
  } else {
    const made = kitFromPlan(
      { programmeId: programme.programmeId, regionCodes, output },
      draft,
      kitId,
      turn.person,
      turn.now,
    );
    kit = await ctx.kits.create(withAdministrator(made, administrator));
  }
  turn.audit.describe({ object: { kind: 'kit', id: kit.kitId, label: kit.name } });
  const note = existing
    ? turn.t('kit:notes.saved', { kit: kit.name })
    : turn.t('kit:notes.created', {
        kit: kit.name,
        copies: turn.t('kit:cards.calendar.copies', { count: kit.copies.length }),
      });
  return calendarCard(turn, { kit, now: turn.now, viewer: { isStaff: true }, note, noteColor: 'Good' });
}

type Administrator = Kit['administratorContacts'][number];

/** Whoever makes or changes a kit administers it, and is told 1:1 when a copy arrives with something missing. */
function withAdministrator(kit: Kit, { person, contact }: Administrator): Kit {
  return {
    ...kit,
    administrators: [...kit.administrators.filter((p) => p.id !== person.id), person],
    administratorContacts: [...kit.administratorContacts.filter((a) => a.person.id !== person.id), { person, contact }],
  };
}
