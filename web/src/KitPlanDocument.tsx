import { makeStyles, tokens } from '@fluentui/react-components';
import type { KitPlanView } from '../../src/features/board/schema.js';
import { money, type Language, type T } from './i18n.js';

const useStyles = makeStyles({
  document: { maxWidth: '68ch', lineHeight: tokens.lineHeightBase400 },
  table: {
    borderCollapse: 'collapse',
    width: '100%',
    '& th, & td': { textAlign: 'left', padding: '4px 8px', borderBottom: `1px solid ${tokens.colorNeutralStroke2}` },
  },
  number: { textAlign: 'right !important' as 'right', whiteSpace: 'nowrap' },
});

const SECTIONS = ['purpose', 'targetGroups', 'loanPeriod', 'whoMayBook', 'pickupAndReturn', 'maintainedBy'] as const;

/** The kit plan as a document to read: headings, paragraphs, and the items with their costs. */
export function KitPlanDocument({ plan, t, language }: { plan: KitPlanView; t: T; language: Language }) {
  const styles = useStyles();
  return (
    <article className={styles.document}>
      <h3>{plan.name}</h3>
      {SECTIONS.slice(0, 2).map((field) => (
        <section key={field}>
          <h4>{t(`kitPlan.${field}`)}</h4>
          <p>{plan[field] || '—'}</p>
        </section>
      ))}
      <h4>{t('kitPlan.items')}</h4>
      <table className={styles.table}>
        <thead>
          <tr>
            <th scope="col">{t('kitPlan.item')}</th>
            <th scope="col" className={styles.number}>
              {t('kitPlan.quantity')}
            </th>
            <th scope="col" className={styles.number}>
              {t('kitPlan.unitPrice')}
            </th>
            <th scope="col" className={styles.number}>
              {t('kitPlan.line')}
            </th>
          </tr>
        </thead>
        <tbody>
          {plan.items.map((item, index) => (
            <tr key={index}>
              <td>
                {item.name}
                {item.description ? <div>{item.description}</div> : null}
                {item.supplier ? <div>{t('kitPlan.supplier', { supplier: item.supplier })}</div> : null}
              </td>
              <td className={styles.number}>{item.quantity ?? '—'}</td>
              <td className={styles.number}>{item.unitPrice === undefined ? '—' : money(language, item.unitPrice)}</td>
              <td className={styles.number}>{item.line === undefined ? '—' : money(language, item.line)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={3}>
              {t('kitPlan.total')}
            </th>
            <td className={styles.number}>{money(language, plan.total)}</td>
          </tr>
        </tfoot>
      </table>
      {SECTIONS.slice(2).map((field) => (
        <section key={field}>
          <h4>{t(`kitPlan.${field}`)}</h4>
          <p>{plan[field] || '—'}</p>
        </section>
      ))}
    </article>
  );
}
