import type { KitItem, KitPlan } from './schema.js';

/* ------------------------------------------------------------------------------------------------------------
 * Kit plan: what the form sends (strings) becomes a plan, or field errors shown next to the fields. A draft needs
 * a name and well-formed numbers; a submitted plan needs every field and at least one complete item.
 * ------------------------------------------------------------------------------------------------------------ */

export const KIT_TEXT_FIELDS = [
  'name',
  'purpose',
  'targetGroups',
  'loanPeriod',
  'whoMayBook',
  'pickupAndReturn',
  'maintainedBy',
] as const;
export type KitTextField = (typeof KIT_TEXT_FIELDS)[number];
export const ITEM_FIELDS = ['name', 'description', 'quantity', 'unitPrice', 'supplier'] as const;
export type ItemField = (typeof ITEM_FIELDS)[number];

export type KitPlanInput = Record<KitTextField, string> & { items: Record<ItemField, string>[] };

/** What is wrong with one field; the cards show `outputs:fieldErrors.<error>` under it. */
export type FieldError = 'required' | 'quantity' | 'price' | 'itemsRequired';
/** Keyed by `name`, `items`, or `items.<row>.<field>` (rows counted from 0 as the form shows them). */
export type FieldErrors = Record<string, FieldError>;

export const MAX_QUANTITY = 100_000;
export const MAX_UNIT_PRICE = 10_000_000;

/** "12" → 12; anything but a whole number from 1 up is undefined. */
export function parseQuantity(text: string): number | undefined {
  const compact = text.replace(/[\s\u00a0]/g, '');
  if (!/^\d+$/.test(compact)) return undefined;
  const value = Number(compact);
  return value >= 1 && value <= MAX_QUANTITY ? value : undefined;
}

/** "1 250", "99,50", "99.5", "0" → kronor; negative, more than two decimals or not a number is undefined. */
export function parsePrice(text: string): number | undefined {
  const compact = text
    .replace(/[\s\u00a0]/g, '')
    .replace(/(kr|sek):?$/i, '')
    .replace(',', '.');
  if (!/^\d+(\.\d{1,2})?$/.test(compact)) return undefined;
  const value = Number(compact);
  return value <= MAX_UNIT_PRICE ? value : undefined;
}

function isBlankRow(row: Record<ItemField, string>): boolean {
  return ITEM_FIELDS.every((field) => !row[field]?.trim());
}

export function readKitPlan(input: KitPlanInput, purpose: 'save' | 'submit'): { plan: KitPlan; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const text = (field: KitTextField) => input[field].trim();
  const required: readonly KitTextField[] = purpose === 'submit' ? KIT_TEXT_FIELDS : ['name'];
  for (const field of required) if (!text(field)) errors[field] = 'required';

  const items: KitItem[] = [];
  input.items.forEach((row, index) => {
    if (isBlankRow(row)) return; // an empty row is no item
    const at = (field: ItemField) => `items.${index}.${field}`;
    const name = row.name.trim();
    if (!name) errors[at('name')] = 'required';
    const quantityText = row.quantity.trim();
    const priceText = row.unitPrice.trim();
    const quantity = quantityText ? parseQuantity(quantityText) : undefined;
    const unitPrice = priceText ? parsePrice(priceText) : undefined;
    if (quantityText && quantity === undefined) errors[at('quantity')] = 'quantity';
    else if (!quantityText && purpose === 'submit') errors[at('quantity')] = 'required';
    if (priceText && unitPrice === undefined) errors[at('unitPrice')] = 'price';
    else if (!priceText && purpose === 'submit') errors[at('unitPrice')] = 'required';
    items.push({
      name,
      description: row.description.trim(),
      ...(quantity !== undefined ? { quantity } : {}),
      ...(unitPrice !== undefined ? { unitPrice } : {}),
      supplier: row.supplier.trim(),
    });
  });
  if (purpose === 'submit' && items.length === 0) errors.items = 'itemsRequired';

  const plan: KitPlan = {
    name: text('name'),
    purpose: text('purpose'),
    targetGroups: text('targetGroups'),
    items,
    loanPeriod: text('loanPeriod'),
    whoMayBook: text('whoMayBook'),
    pickupAndReturn: text('pickupAndReturn'),
    maintainedBy: text('maintainedBy'),
  };
  return { plan, errors };
}

/** The plan's rows as the form shows them: every value as text. */
export function kitPlanAsInput(plan: KitPlan | undefined): KitPlanInput {
  return {
    name: plan?.name ?? '',
    purpose: plan?.purpose ?? '',
    targetGroups: plan?.targetGroups ?? '',
    loanPeriod: plan?.loanPeriod ?? '',
    whoMayBook: plan?.whoMayBook ?? '',
    pickupAndReturn: plan?.pickupAndReturn ?? '',
    maintainedBy: plan?.maintainedBy ?? '',
    items: (plan?.items ?? []).map((item) => ({
      name: item.name,
      description: item.description,
      quantity: item.quantity === undefined ? '' : String(item.quantity),
      unitPrice: item.unitPrice === undefined ? '' : String(item.unitPrice),
      supplier: item.supplier,
    })),
  };
}

/** Each item's line total and the plan's total, counted in öre so that 0.1 + 0.2 is 0.30 kr exactly. */
export function kitPlanTotals(plan: Pick<KitPlan, 'items'>): {
  lines: (number | undefined)[];
  total: number;
  unpriced: number;
} {
  let totalOre = 0;
  let unpriced = 0;
  const lines = plan.items.map((item) => {
    if (item.quantity === undefined || item.unitPrice === undefined) {
      unpriced += 1;
      return undefined;
    }
    const lineOre = Math.round(item.unitPrice * 100) * item.quantity;
    totalOre += lineOre;
    return lineOre / 100;
  });
  return { lines, total: totalOre / 100, unpriced };
}
