import { useEffect, useLayoutEffect, useState } from 'react';
import {
  Badge,
  MessageBar,
  MessageBarBody,
  Spinner,
  Title2,
  Title3,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import type { BoardView, OutputRow, RunningOrderView } from '../../src/features/board/schema.js';
import type { DrawnMap } from '../../src/platform/map/draw.js';
import { ApiError } from './api.js';
import { dateLabel } from './i18n.js';
import type { PageProps } from './App.js';
import { CoverageMap } from './CoverageMap.js';
import { OutputsBoard } from './OutputsBoard.js';
import { PollCharts } from './PollCharts.js';
import { RunningOrder } from './RunningOrder.js';

const useStyles = makeStyles({
  section: {
    marginTop: '28px',
    paddingTop: '12px',
    borderTop: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  heading: { margin: '0 0 12px' },
  header: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: '16px', marginBottom: '12px' },
  title: { margin: 0, flexGrow: 1 },
});

export type Notice = { intent: 'success' | 'warning' | 'error'; text: string };

/** One programme's board: the map, the outputs, the date polls and (for staff) the presentation day. */
export function Board(props: PageProps & { programmeId: string }) {
  const { api, t, programmeId } = props;
  const styles = useStyles();
  const [view, setView] = useState<BoardView>();
  const [drawn, setDrawn] = useState<DrawnMap>();
  const [notice, setNotice] = useState<Notice>();

  useEffect(() => {
    Promise.all([api.board(programmeId), api.map(programmeId)]).then(
      ([board, region]) => {
        setView(board);
        setDrawn(region);
      },
      (failure: unknown) =>
        setNotice({ intent: 'error', text: failure instanceof ApiError ? failure.message : t('errors.unreachable') }),
    );
  }, [api, programmeId, t]);

  // Marks the first complete view for the benchmark and the browser tests.
  useLayoutEffect(() => {
    if (view && drawn) {
      performance.mark('board-ready');
      document.body.dataset.boardReady = 'true';
    }
  }, [view, drawn]);

  const replaceOutput = (row: OutputRow) =>
    setView(
      (current) =>
        current && {
          ...current,
          outputs: current.outputs.map((o) => (o.groupId === row.groupId && o.outputId === row.outputId ? row : o)),
        },
    );
  const replaceRunningOrder = (runningOrder: RunningOrderView) =>
    setView((current) => current && { ...current, runningOrder });

  const noticeBar = notice ? (
    <MessageBar intent={notice.intent} role="status">
      <MessageBarBody>{notice.text}</MessageBarBody>
    </MessageBar>
  ) : (
    <div role="status" />
  );
  if (!view || !drawn) return notice ? noticeBar : <Spinner label={t('page.loading')} />;
  return (
    <>
      <header className={styles.header}>
        <Title2 as="h1" className={styles.title}>
          {view.programme.name}
        </Title2>
        <Badge appearance="tint">{t(`roles.${view.role}`)}</Badge>
      </header>
      {noticeBar}
      <section className={styles.section} aria-labelledby="map-heading">
        <Title3 as="h2" id="map-heading" className={styles.heading}>
          {t('map.title')}
        </Title3>
        <CoverageMap {...props} view={view} drawn={drawn} />
      </section>
      <section className={styles.section} aria-labelledby="outputs-heading">
        <Title3 as="h2" id="outputs-heading" className={styles.heading}>
          {t('outputs.title')}
        </Title3>
        <OutputsBoard {...props} view={view} onChanged={replaceOutput} onNotice={setNotice} />
      </section>
      <section className={styles.section} aria-labelledby="polls-heading">
        <Title3 as="h2" id="polls-heading" className={styles.heading}>
          {t('polls.title')}
        </Title3>
        <PollCharts {...props} view={view} />
      </section>
      {view.runningOrder ? (
        <section className={styles.section} aria-labelledby="day-heading">
          <Title3 as="h2" id="day-heading" className={styles.heading}>
            {t('day.title', { day: dateLabel(props.language, view.programme.presentationDay) })}
          </Title3>
          <RunningOrder {...props} order={view.runningOrder} onChanged={replaceRunningOrder} onNotice={setNotice} />
        </section>
      ) : null}
    </>
  );
}
