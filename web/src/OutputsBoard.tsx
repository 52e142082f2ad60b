import { useEffect, useState } from 'react';
import {
  Badge,
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Link,
  Textarea,
  makeStyles,
  tokens,
  type BadgeProps,
} from '@fluentui/react-components';
import type { BoardView, OutputRow } from '../../src/features/board/schema.js';
import { ApiError } from './api.js';
import type { PageProps } from './App.js';
import type { Notice } from './Board.js';
import { dateLabel, momentLabel } from './i18n.js';
import { KitPlanDocument } from './KitPlanDocument.js';
import { VideoPlayer } from './VideoPlayer.js';

const STATUS_COLORS: Record<OutputRow['status'], BadgeProps['color']> = {
  notStarted: 'subtle',
  draft: 'informative',
  submitted: 'warning',
  returned: 'danger',
  approved: 'success',
};

const useStyles = makeStyles({
  scroller: { overflowX: 'auto' },
  table: {
    borderCollapse: 'collapse',
    width: '100%',
    '& th, & td': {
      textAlign: 'left',
      padding: '8px',
      borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
      verticalAlign: 'top',
    },
  },
  actions: { display: 'flex', gap: '8px', flexWrap: 'wrap' },
  comment: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
});

type Opened = { row: OutputRow; mode: 'view' | 'return' };

/** Groups × outputs: status, due date, who submitted when; open a plan or a video; approve or return it. */
export function OutputsBoard({
  view,
  t,
  language,
  api,
  onChanged,
  onNotice,
}: PageProps & { view: BoardView; onChanged: (row: OutputRow) => void; onNotice: (notice: Notice) => void }) {
  const styles = useStyles();
  const [opened, setOpened] = useState<Opened>();
  // What the dialog shows; kept while it closes so its content does not vanish mid-animation.
  const [shown, setShown] = useState<Opened>();
  useEffect(() => {
    if (opened) setShown(opened);
  }, [opened]);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const programmeId = view.programme.programmeId;

  const review = async (row: OutputRow, action: 'approve' | 'return', text: string) => {
    setBusy(true);
    try {
      const answer = await api.review(programmeId, row, action, text);
      if (answer.output) onChanged(answer.output);
      onNotice({ intent: answer.outcome === 'saved' ? 'success' : 'warning', text: answer.message });
      setOpened(undefined);
      setComment('');
    } catch (failure) {
      onNotice({ intent: 'error', text: failure instanceof ApiError ? failure.message : t('errors.unreachable') });
    } finally {
      setBusy(false);
    }
  };

  if (view.outputs.length === 0) return <p>{t('outputs.none')}</p>;
  return (
    <div className={styles.scroller}>
      <table className={styles.table}>
        <thead>
          <tr>
            <th scope="col">{t('outputs.group')}</th>
            <th scope="col">{t('outputs.output')}</th>
            <th scope="col">{t('outputs.status')}</th>
            <th scope="col">{t('outputs.due')}</th>
            <th scope="col">{t('outputs.submitted')}</th>
            <th scope="col">{t('outputs.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {view.outputs.map((row) => (
            <tr key={`${row.groupId}/${row.outputId}`} data-output={`${row.groupId}/${row.outputId}`}>
              <td>{row.groupName}</td>
              <th scope="row">{row.title}</th>
              <td>
                <Badge appearance="filled" color={STATUS_COLORS[row.status]}>
                  {t(`statuses.${row.status}`)}
                </Badge>
                {row.reviewComment && row.status === 'returned' ? (
                  <div className={styles.comment}>{row.reviewComment}</div>
                ) : null}
              </td>
              <td>{dateLabel(language, row.dueDate)}</td>
              <td>
                {row.submittedBy && row.submittedAt
                  ? t('outputs.submittedBy', { person: row.submittedBy, when: momentLabel(language, row.submittedAt) })
                  : '—'}
              </td>
              <td>
                <div className={styles.actions}>
                  {row.kitPlan || row.video?.source === 'file' ? (
                    <Button size="small" onClick={() => setOpened({ row, mode: 'view' })}>
                      {t(row.kitPlan ? 'outputs.readPlan' : 'outputs.watch', { output: row.title })}
                    </Button>
                  ) : null}
                  {row.video?.source === 'link' ? (
                    <Link href={row.video.url} target="_blank" rel="noreferrer">
                      {t('outputs.openLink')}
                    </Link>
                  ) : null}
                  {row.mayApprove ? (
                    <Button
                      size="small"
                      appearance="primary"
                      disabled={busy}
                      aria-label={t('outputs.approveLabel', { output: row.title, group: row.groupName })}
                      onClick={() => void review(row, 'approve', '')}
                    >
                      {t('outputs.approve')}
                    </Button>
                  ) : null}
                  {row.mayReturn ? (
                    <Button
                      size="small"
                      disabled={busy}
                      aria-label={t('outputs.returnLabel', { output: row.title, group: row.groupName })}
                      onClick={() => setOpened({ row, mode: 'return' })}
                    >
                      {t('outputs.return')}
                    </Button>
                  ) : null}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {/* Mounted from the first use on: a Dialog sets up Fluent's focus trap, whose hidden focus guards at the page's
          edges axe reports as focusable content hidden from assistive technology; most visits never open one. */}
      {shown ? (
        <Dialog open={opened !== undefined} onOpenChange={(_, data) => !data.open && setOpened(undefined)}>
          <DialogSurface>
            <DialogBody>
              <DialogTitle>
                {shown.mode === 'return' ? t('outputs.returnTitle', { output: shown.row.title }) : shown.row.title}
              </DialogTitle>
              <DialogContent>
                {shown.mode === 'return' ? (
                  <Field label={t('outputs.comment')} required>
                    <Textarea value={comment} onChange={(_, data) => setComment(data.value)} resize="vertical" />
                  </Field>
                ) : shown.row.kitPlan ? (
                  <KitPlanDocument plan={shown.row.kitPlan} t={t} language={language} />
                ) : (
                  <VideoPlayer api={api} programmeId={programmeId} row={shown.row} t={t} />
                )}
              </DialogContent>
              <DialogActions>
                {shown.mode === 'return' ? (
                  <Button
                    appearance="primary"
                    disabled={busy || comment.trim() === ''}
                    onClick={() => void review(shown.row, 'return', comment)}
                  >
                    {t('outputs.return')}
                  </Button>
                ) : null}
                <Button onClick={() => setOpened(undefined)}>{t('page.close')}</Button>
              </DialogActions>
            </DialogBody>
          </DialogSurface>
        </Dialog>
      ) : null}
    </div>
  );
}
