import { makeStyles, tokens, Text, Badge } from '@fluentui/react-components';
import type { BoardView, PollChart } from '../../src/features/board/schema.js';
import type { PageProps } from './App.js';
import { weekdayLabel } from './i18n.js';

const ANSWER_COLORS = { yes: '#2e7d4f', ifNeedBe: '#f2c14e', no: '#8a8886' } as const;

const useStyles = makeStyles({
  poll: { marginBottom: '24px' },
  days: { listStyle: 'none', padding: 0, margin: '8px 0 0', display: 'grid', gap: '10px' },
  day: { display: 'grid', gridTemplateColumns: 'minmax(120px, 180px) 1fr', gap: '4px 12px', alignItems: 'center' },
  bar: {
    display: 'flex',
    height: '18px',
    borderRadius: tokens.borderRadiusSmall,
    overflow: 'hidden',
    backgroundColor: tokens.colorNeutralBackground3,
  },
  detail: { gridColumn: '2', color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
  legend: { display: 'flex', gap: '16px', flexWrap: 'wrap', margin: '4px 0', fontSize: tokens.fontSizeBase200 },
  swatch: { display: 'inline-block', width: '12px', height: '12px', marginRight: '6px', verticalAlign: 'middle' },
});

/** A date poll as a stacked bar per day; the numbers and the missing municipalities are written out beside it. */
function Chart({ poll, t, language }: Pick<PageProps, 't' | 'language'> & { poll: PollChart }) {
  const styles = useStyles();
  const most = Math.max(1, ...poll.days.map((d) => d.yes + d.ifNeedBe + d.no));
  return (
    <div className={styles.poll} data-poll={poll.pollId}>
      <Text as="h3" weight="semibold" size={400}>
        {poll.groupName}: {poll.question}
      </Text>{' '}
      <Badge appearance="outline">{t(`polls.${poll.status}`)}</Badge>
      <ul className={styles.days}>
        {poll.days.map((day) => (
          <li key={day.optionId} className={styles.day}>
            <span>
              {weekdayLabel(language, day.date)}
              {day.part !== 'fullDay' ? ` (${t(`polls.parts.${day.part}`)})` : ''}
              {day.optionId === poll.recommendedOptionId ? ` ★ ${t('polls.recommended')}` : ''}
            </span>
            <div className={styles.bar} aria-hidden="true">
              {(['yes', 'ifNeedBe', 'no'] as const).map((answer) => (
                <div
                  key={answer}
                  style={{ width: `${(day[answer] / most) * 100}%`, background: ANSWER_COLORS[answer] }}
                />
              ))}
            </div>
            <span className={styles.detail}>
              {t('polls.counts', { yes: day.yes, ifNeedBe: day.ifNeedBe, no: day.no })}
              {' · '}
              {day.missing.length === 0
                ? t('polls.nobodyMissing')
                : t('polls.missing', { municipalities: day.missing.join(', ') })}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function PollCharts({ view, t, language }: PageProps & { view: BoardView }) {
  const styles = useStyles();
  if (view.polls.length === 0) return <p>{t('polls.none')}</p>;
  return (
    <>
      <div className={styles.legend} aria-hidden="true">
        {(['yes', 'ifNeedBe', 'no'] as const).map((answer) => (
          <span key={answer}>
            <span className={styles.swatch} style={{ background: ANSWER_COLORS[answer] }} />
            {t(`polls.answers.${answer}`)}
          </span>
        ))}
      </div>
      {view.polls.map((poll) => (
        <Chart key={poll.pollId} poll={poll} t={t} language={language} />
      ))}
    </>
  );
}
