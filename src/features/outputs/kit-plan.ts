import type { Stored } from '../../platform/cosmos/documents.js';
import type { CardReply } from '../../platform/teams/router.js';
import type { Turn } from '../../platform/teams/turn.js';
import type { GroupAccess } from '../membership/access.js';
import { actorOf, currentOrNew, loadOutput, requireKind, showOutput, type OutputContext } from './output-context.js';
import { DEFAULT_FORM_ROWS, kitPlanFormCard, MAX_FORM_ROWS, MORE_ROWS } from './form-cards.js';
import type { OutputsDeps } from './deps.js';
import { applyAction, mayDo, nextStatus } from './domain.js';
import { ITEM_FIELDS, kitPlanAsInput, KIT_TEXT_FIELDS, readKitPlan, type KitPlanInput } from './kit-plan-rules.js';
import type { KitPlanForm, Output, OutputRef } from './schema.js';
import { StaleVersion } from './store.js';

const ITEM_KEY = /^item(\d+)(?:Name|Description|Quantity|UnitPrice|Supplier)$/;
const capitalized = (field: string) => field[0]!.toUpperCase() + field.slice(1);

/** What the form sent, as the domain reads it, and how many item rows the form had. */
function inputFromForm(form: KitPlanForm): { input: KitPlanInput; rows: number } {
  const numbered = Object.keys(form).flatMap((key) => {
    const match = ITEM_KEY.exec(key);
    return match ? [Number(match[1])] : [];
  });
  const rows = Math.min(MAX_FORM_ROWS, Math.max(Number(form.rows) || 0, ...numbered, 0));
  const text = (key: string) => String(form[key] ?? '');
  return {
    input: {
      ...(Object.fromEntries(KIT_TEXT_FIELDS.map((field) => [field, text(field)])) as Record<
        (typeof KIT_TEXT_FIELDS)[number],
        string
      >),
      items: Array.from(
        { length: rows },
        (_, index) =>
          Object.fromEntries(
            ITEM_FIELDS.map((field) => [field, text(`item${index + 1}${capitalized(field)}`)]),
          ) as KitPlanInput['items'][number],
      ),
    },
    rows,
  };
}

async function kitPlanContext(turn: Turn, deps: OutputsDeps, access: GroupAccess, ref: OutputRef) {
  const context = await loadOutput(deps, access, ref.outputId);
  requireKind(context, 'kitPlan', turn.t);
  return context;
}

function statusOf(context: OutputContext) {
  return context.output?.status ?? 'notStarted';
}

/** The form as stored now (a blank one before the first save), for a member who may still change the plan. */
function storedForm(turn: Turn, context: OutputContext, note?: { text: string; color: 'Good' | 'Attention' }) {
  const input = kitPlanAsInput(context.output?.kitPlan);
  return kitPlanFormCard(turn, {
    ...context,
    input,
    errors: {},
    etag: context.output?._etag ?? '',
    rows: Math.max(DEFAULT_FORM_ROWS, input.items.length + 1),
    ...(note ? { note: note.text, noteColor: note.color } : {}),
  });
}

export async function kitPlanForm(turn: Turn, deps: OutputsDeps, access: GroupAccess, ref: OutputRef) {
  const context = await kitPlanContext(turn, deps, access, ref);
  nextStatus(statusOf(context), 'save', context.capacities, actorOf(turn.person, context));
  return storedForm(turn, context);
}

/** The same form with more empty rows, keeping what was typed and the version it started from. */
export async function moreRows(turn: Turn, deps: OutputsDeps, access: GroupAccess, form: KitPlanForm) {
  const context = await kitPlanContext(turn, deps, access, form);
  nextStatus(statusOf(context), 'save', context.capacities, actorOf(turn.person, context));
  const { input, rows } = inputFromForm(form);
  return kitPlanFormCard(turn, {
    ...context,
    input,
    errors: {},
    etag: form.etag,
    rows: Math.min(MAX_FORM_ROWS, rows + MORE_ROWS),
  });
}

/**
 * Someone else saved between this person's opening the form and sending it: nothing is written, and they get the
 * latest version (as a form while it can still be edited, otherwise the output as it stands) to carry on from.
 */
async function staleAnswer(
  turn: Turn,
  deps: OutputsDeps,
  context: OutputContext,
  latest: Stored<Output> | undefined,
): Promise<CardReply> {
  const { output: _seen, ...rest } = context;
  const fresh: OutputContext = latest ? { ...rest, output: latest } : rest;
  const note = {
    text: turn.t('outputs:errors.stale', { person: latest?.updatedBy?.name ?? turn.t('outputs:errors.someoneElse') }),
    color: 'Attention' as const,
  };
  if (mayDo(statusOf(fresh), 'save', fresh.capacities)) return storedForm(turn, fresh, note);
  return showOutput(turn, deps, fresh, note);
}

/**
 * Saves the form as a draft, or saves and submits it. Every field is checked first and errors go back next to
 * their fields with the values kept; the write is guarded by the version the form was rendered from, so two
 * members saving at once never overwrite each other: the second is told, and nothing of theirs is half-saved.
 */
export async function saveKitPlan(
  turn: Turn,
  deps: OutputsDeps,
  access: GroupAccess,
  form: KitPlanForm,
  purpose: 'save' | 'submit',
): Promise<CardReply> {
  const context = await kitPlanContext(turn, deps, access, form);
  const actor = actorOf(turn.person, context);
  nextStatus(statusOf(context), purpose, context.capacities, actor);
  if ((context.output?._etag ?? '') !== form.etag) return staleAnswer(turn, deps, context, context.output);

  const { input, rows } = inputFromForm(form);
  const { plan, errors } = readKitPlan(input, purpose);
  if (Object.keys(errors).length > 0) {
    return kitPlanFormCard(turn, {
      ...context,
      input,
      errors,
      etag: form.etag,
      rows,
      note: turn.t('outputs:errors.formErrors'),
      noteColor: 'Attention',
    });
  }
  let saved: Stored<Output>;
  try {
    saved = await deps.outputs.saveIfUnchanged(
      applyAction(currentOrNew(context, turn.now), purpose, actor, turn.now, { content: { kitPlan: plan } }),
      form.etag,
    );
  } catch (error) {
    if (error instanceof StaleVersion) return staleAnswer(turn, deps, context, error.latest);
    throw error;
  }
  const updated = { ...context, output: saved };
  if (purpose === 'save')
    return storedForm(turn, updated, { text: turn.t('outputs:confirmations.saved'), color: 'Good' });
  return showOutput(turn, deps, updated, { text: turn.t('outputs:confirmations.submitted'), color: 'Good' });
}

/** Submits the plan as stored (the button on the output card); a plan not yet complete opens in the form with its errors. */
export async function submitStoredPlan(
  turn: Turn,
  deps: OutputsDeps,
  access: GroupAccess,
  ref: OutputRef & { etag: string },
): Promise<CardReply> {
  const context = await kitPlanContext(turn, deps, access, ref);
  const actor = actorOf(turn.person, context);
  nextStatus(statusOf(context), 'submit', context.capacities, actor);
  if ((context.output?._etag ?? '') !== ref.etag) return staleAnswer(turn, deps, context, context.output);
  const input = kitPlanAsInput(context.output?.kitPlan);
  const { plan, errors } = readKitPlan(input, 'submit');
  if (Object.keys(errors).length > 0) {
    const rows = Math.max(DEFAULT_FORM_ROWS, input.items.length + 1);
    return kitPlanFormCard(turn, {
      ...context,
      input,
      errors,
      etag: ref.etag,
      rows,
      note: turn.t('outputs:errors.formErrors'),
      noteColor: 'Attention',
    });
  }
  try {
    const saved = await deps.outputs.saveIfUnchanged(
      applyAction(currentOrNew(context, turn.now), 'submit', actor, turn.now, { content: { kitPlan: plan } }),
      ref.etag,
    );
    return showOutput(
      turn,
      deps,
      { ...context, output: saved },
      { text: turn.t('outputs:confirmations.submitted'), color: 'Good' },
    );
  } catch (error) {
    if (error instanceof StaleVersion) return staleAnswer(turn, deps, context, error.latest);
    throw error;
  }
}
