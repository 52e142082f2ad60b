import { useEffect, useLayoutEffect, useState } from 'react';
import { MessageBar, MessageBarBody, Spinner, Title3, makeStyles, tokens } from '@fluentui/react-components';
import type { BoardView, OutputRow, RunningOrderView } from '../../src/features/board/schema.js';
import type { MunicipalityShape } from '../../src/platform/map/draw.js';
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
});

export type Notice = { intent: 'success' | 'warning' | 'error'; text: string };

/** One programme's board: the map, the outputs, the date polls and (for staff) the presentation day. */
export function Board(props: PageProps & { programmeId: string }) {
  const { api, t, programmeId } = props;
  const styles = useStyles();
  const [view, setView] = useState<BoardView>();
  const [shapes, setShapes] = useState<MunicipalityShape[]>();
  const [notice, setNotice] = useState<Notice>();

  useEffect(() => {
    Promise.all([api.board(programmeId), api.shapes(programmeId)]).then(
      ([board, region]) => {
        setView(board);
        setShapes(region);
      },
      (failure: unknown) =>
        setNotice({ intent: 'error', text: failure instanceof ApiError ? failure.message : t('errors.unreachable') }),
    );
  }, [api, programmeId, t]);

  // Marks the first complete view for the benchmark and the browser tests.
  useLayoutEffect(() => {
    if (view && shapes) {
      performance.mark('board-ready');
      document.body.dataset.boardReady = 'true';
    }
  }, [view, shapes]);

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
  if (!view || !shapes) return notice ? noticeBar : <Spinner label={t('page.loading')} />;
  return (
    <>
      {noticeBar}
      <section className={styles.section} aria-labelledby="map-heading">
        <Title3 as="h2" id="map-heading" className={styles.heading}>
          {t('map.title')}
        </Title3>
        <CoverageMap {...props} view={view} shapes={shapes} />
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
