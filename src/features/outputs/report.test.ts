import { describe, expect, it } from 'vitest';
import { translator } from '../../platform/i18n.js';
import type { Programme } from '../programmes/schema.js';
import { reportHtml, statusCsv, type ReportView } from './report.js';
import type { Output } from './schema.js';

const sv = { t: translator('sv'), language: 'sv' as const };
const mallory = { id: 'm', name: 'Mallory "; DROP' };
const group = {
  id: 'g',
  name: 'Grupp <b>ett</b>',
  description: '',
  outputs: [{ id: 'kitPlan-1', kind: 'kitPlan' as const, title: 'Plan; med semikolon', dueDate: '2027-09-01' }],
};
const programme = {
  programmeId: 'p',
  name: 'Program & co',
  presentationDay: '2027-09-17',
  groups: [group],
} as unknown as Programme;
const output: Output = {
  id: 'output:g:kitPlan-1',
  type: 'output',
  programmeId: 'p',
  groupId: 'g',
  outputId: 'kitPlan-1',
  kind: 'kitPlan',
  status: 'returned',
  kitPlan: {
    name: '<script>alert(1)</script>',
    purpose: 'Rad ett\nrad två',
    targetGroups: '',
    items: [
      {
        name: '=HYPERLINK("http://evil.example")',
        description: '',
        quantity: 2,
        unitPrice: 0.1,
        supplier: 'javascript:alert(1)',
      },
    ],
    loanPeriod: '',
    whoMayBook: '',
    pickupAndReturn: '',
    maintainedBy: '',
  },
  submittedBy: mallory,
  submittedAt: '2027-08-30T09:00:00.000Z',
  reviewComment: '=1+1 "citat"',
  reviewedBy: mallory,
  reviewedAt: '2027-08-31T09:00:00.000Z',
  updatedAt: '2027-08-31T09:00:00.000Z',
  history: [],
};
const view: ReportView = {
  programme,
  rows: [{ programme, group, expected: group.outputs[0]!, output }],
  exportedAt: '2027-09-01T08:00:00.000Z',
  exportedBy: 'Sara',
};

describe('the export', () => {
  it('writes CSV that spreadsheets read as text: quoted where needed, no formulas', () => {
    const [, row] = statusCsv(sv, view).slice(1).split('\r\n');
    expect(row).toBe(
      'Grupp <b>ett</b>;"Plan; med semikolon";Kitplan;2027-09-01;Tillbaka med kommentarer;"Mallory ""; DROP";30 aug. 2027 11:00;"Mallory ""; DROP";31 aug. 2027 11:00;"\'=1+1 ""citat""";0,20;',
    );
  });

  it('escapes everything people wrote in the HTML report and links only http(s)', () => {
    const html = reportHtml(sv, view);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('<h2>Grupp &lt;b&gt;ett&lt;/b&gt;</h2>');
    expect(html).toContain('=HYPERLINK(&quot;http://evil.example&quot;)');
    expect(html).not.toContain('href="javascript:');
    expect(html).toContain('<td>javascript:alert(1)</td>');
    expect(html).toContain('Total kostnad: 0,20\u00a0kr');
  });
});
