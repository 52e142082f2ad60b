import { momentLabel, money, sizeLabel, statusOf, type Localized, type OutputView } from './cards.js';
import { kitPlanTotals } from './kit-plan-rules.js';
import { formatLength } from './video-rules.js';
import type { KitPlan, Output } from './schema.js';

/** One row of the export: an output with, for a stored video, a read link and until when it works. */
export type ReportRow = OutputView & { link?: { url: string; expiresOn?: Date } };

export type ReportView = {
  programme: OutputView['programme'];
  rows: ReportRow[];
  exportedAt: string;
  exportedBy: string;
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A link only when it is http(s): text from members never becomes a `javascript:` link in the report. */
function safeHref(url: string): string | undefined {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}

function linkOf(row: ReportRow): string {
  const video = row.output?.video;
  if (video?.source === 'link') return video.url;
  return row.link?.url ?? '';
}

/** The status table as both the report and the CSV show it. */
function statusColumns(localized: Localized, row: ReportRow): string[] {
  const { t } = localized;
  const output: Output | undefined = row.output;
  const plan = output?.kitPlan;
  return [
    row.group.name,
    row.expected.title,
    t(`outputs:kinds.${row.expected.kind}`),
    row.expected.dueDate,
    t(`outputs:statuses.${statusOf(row)}`),
    output?.submittedBy?.name ?? '',
    output?.submittedAt ? momentLabel(localized, output.submittedAt) : '',
    output?.reviewedBy?.name ?? '',
    output?.reviewedAt ? momentLabel(localized, output.reviewedAt) : '',
    output?.reviewComment ?? '',
    // A plain number, with the decimal mark a spreadsheet in the reader's language expects.
    plan
      ? kitPlanTotals(plan)
          .total.toFixed(2)
          .replace('.', localized.language === 'sv' ? ',' : '.')
      : '',
    linkOf(row),
  ];
}

const CSV_COLUMNS = [
  'group',
  'output',
  'kind',
  'due',
  'status',
  'submittedBy',
  'submittedAt',
  'reviewedBy',
  'reviewedAt',
  'comment',
  'total',
  'link',
] as const;

/**
 * The status table as CSV: semicolon-separated with a byte order mark, which is what Excel with Swedish settings
 * opens straight into columns (and any CSV reader understands); fields quoted when they need it, and none that a
 * spreadsheet would take for a formula.
 */
export function statusCsv(localized: Localized, view: ReportView): string {
  const cell = (raw: string) => {
    // A cell starting like a formula would be run by a spreadsheet: it is kept as text instead.
    const value = /^[=+\-@\t\r]/.test(raw) ? `'${raw}` : raw;
    return /[";\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
  };
  const lines = [
    CSV_COLUMNS.map((column) => localized.t(`outputs:report.csv.${column}`)),
    ...view.rows.map((row) => statusColumns(localized, row)),
  ].map((columns) => columns.map(cell).join(';'));
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

function planHtml(localized: Localized, plan: KitPlan): string {
  const { t } = localized;
  const totals = kitPlanTotals(plan);
  const facts = (['purpose', 'targetGroups', 'loanPeriod', 'whoMayBook', 'pickupAndReturn', 'maintainedBy'] as const)
    .map(
      (field) =>
        `<dt>${escapeHtml(t(`outputs:cards.output.facts.${field}`))}</dt><dd>${escapeHtml(plan[field] || '–')}</dd>`,
    )
    .join('');
  const headers = (['item', 'quantity', 'unitPrice', 'lineTotal', 'supplier'] as const)
    .map((key) => `<th>${escapeHtml(t(`outputs:cards.output.headers.${key}`))}</th>`)
    .join('');
  const rows = plan.items
    .map((item, index) => {
      const supplier = safeHref(item.supplier)
        ? `<a href="${escapeHtml(item.supplier)}">${escapeHtml(item.supplier)}</a>`
        : escapeHtml(item.supplier || '–');
      return (
        `<tr><td>${escapeHtml(item.name)}${item.description ? `<br><small>${escapeHtml(item.description)}</small>` : ''}</td>` +
        `<td class="n">${item.quantity ?? '–'}</td>` +
        `<td class="n">${item.unitPrice === undefined ? '–' : escapeHtml(money(localized, item.unitPrice))}</td>` +
        `<td class="n">${totals.lines[index] === undefined ? '–' : escapeHtml(money(localized, totals.lines[index]))}</td>` +
        `<td>${supplier}</td></tr>`
      );
    })
    .join('');
  return (
    `<h4>${escapeHtml(plan.name)}</h4><dl>${facts}</dl>` +
    `<table><thead><tr>${headers}</tr></thead><tbody>${rows}</tbody></table>` +
    `<p class="total">${escapeHtml(t('outputs:cards.output.total', { total: money(localized, totals.total) }))}` +
    `${totals.unpriced > 0 ? ' ' + escapeHtml(t('outputs:cards.output.unpriced', { count: totals.unpriced })) : ''}</p>`
  );
}

function contentHtml(localized: Localized, row: ReportRow): string {
  const { t } = localized;
  const output = row.output;
  if (output?.kitPlan && row.expected.kind === 'kitPlan') return planHtml(localized, output.kitPlan);
  const video = output?.video;
  if (video && row.expected.kind === 'video') {
    const length = formatLength(video.durationSeconds);
    const label =
      video.source === 'file'
        ? t('outputs:report.videoFile', { file: video.fileName, length, size: sizeLabel(localized, video.bytes) })
        : t('outputs:report.videoLink', { length });
    const url = linkOf(row);
    const href = safeHref(url);
    const valid =
      video.source === 'file' && row.link?.expiresOn
        ? ` <small>${escapeHtml(t('outputs:report.linkValid', { at: momentLabel(localized, row.link.expiresOn.toISOString()) }))}</small>`
        : '';
    return `<p>${escapeHtml(label)}</p>${href ? `<p><a href="${escapeHtml(href)}">${escapeHtml(t('outputs:report.watch'))}</a> <small>${escapeHtml(url)}</small>${valid}</p>` : ''}`;
  }
  return `<p class="muted">${escapeHtml(t('outputs:report.noContent'))}</p>`;
}

/**
 * The export as one self-contained HTML file (no scripts, no outside resources): the status table, then each
 * group's outputs with the kit plans laid out readably and the video links. Everything people wrote is escaped.
 */
/** One output in the report: its status and who submitted it, its content, and the reviewers' comments. */
function outputSection(localized: Localized, row: ReportView['rows'][number]): string {
  const { t } = localized;
  const output = row.output;
  const comments = (output?.history ?? [])
    .filter((entry) => entry.comment)
    .map(
      (entry) =>
        `<li>${escapeHtml(`${momentLabel(localized, entry.at)} ${entry.by.name} ${t(`outputs:actions.${entry.action}`)}: ${entry.comment}`)}</li>`,
    )
    .join('');
  return (
    `<section><h3>${escapeHtml(`${t(`outputs:kinds.${row.expected.kind}`)}: ${row.expected.title}`)}</h3>` +
    `<p class="status s-${statusOf(row)}">${escapeHtml(t(`outputs:statuses.${statusOf(row)}`))}` +
    `${output?.submittedBy && output.submittedAt ? ` · ${escapeHtml(t('outputs:cards.output.submitted', { person: output.submittedBy.name, at: momentLabel(localized, output.submittedAt) }))}` : ''}</p>` +
    contentHtml(localized, row) +
    (comments ? `<h4>${escapeHtml(t('outputs:report.comments'))}</h4><ul>${comments}</ul>` : '') +
    `</section>`
  );
}

export function reportHtml(localized: Localized, view: ReportView): string {
  const { t, language } = localized;
  const heads = CSV_COLUMNS.filter((c) => c !== 'link')
    .map((column) => `<th>${escapeHtml(t(`outputs:report.csv.${column}`))}</th>`)
    .join('');
  const statusRows = view.rows
    .map(
      (row) =>
        `<tr>${statusColumns(localized, row)
          .slice(0, -1)
          .map((value) => `<td>${escapeHtml(value)}</td>`)
          .join('')}</tr>`,
    )
    .join('');
  const groups = view.programme.groups
    .map((group) => {
      const outputs = view.rows
        .filter((row) => row.group.id === group.id)
        .map((row) => outputSection(localized, row))
        .join('');
      return `<article><h2>${escapeHtml(group.name)}</h2>${group.description ? `<p class="muted">${escapeHtml(group.description)}</p>` : ''}${outputs}</article>`;
    })
    .join('');
  const title = t('outputs:report.title', { programme: view.programme.name });
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body { font-family: "Segoe UI", system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #242424; line-height: 1.45; }
h1 { font-size: 1.6rem; } h2 { border-bottom: 2px solid #5b5fc7; padding-bottom: .2rem; margin-top: 2.5rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; font-size: .92rem; }
th, td { border: 1px solid #d1d1d1; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #f0f0f0; } td.n { text-align: right; white-space: nowrap; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; } dt { font-weight: 600; } dd { margin: 0; white-space: pre-wrap; }
.total { font-weight: 600; } .muted, small { color: #616161; }
.status { font-weight: 600; } .s-approved { color: #107c10; } .s-returned { color: #c50f1f; } .s-submitted { color: #8a5a00; }
section { margin: 1rem 0 1.5rem; }
@media print { body { margin: 0; max-width: none; } a { color: inherit; } }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p class="muted">${escapeHtml(t('outputs:report.presentationDay', { day: view.programme.presentationDay }))} · ${escapeHtml(t('outputs:report.exported', { at: momentLabel(localized, view.exportedAt), person: view.exportedBy }))}</p>
<h2>${escapeHtml(t('outputs:report.statusTable'))}</h2>
<table><thead><tr>${heads}</tr></thead><tbody>${statusRows}</tbody></table>
${groups}
</body>
</html>
`;
}
