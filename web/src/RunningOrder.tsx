import { useState } from 'react';
import { Button, makeStyles, tokens, Text } from '@fluentui/react-components';
import type { RunningOrderView } from '../../src/features/board/schema.js';
import { ApiError } from './api.js';
import type { PageProps } from './App.js';
import type { Notice } from './Board.js';
import { momentLabel } from './i18n.js';

const useStyles = makeStyles({
  list: { listStyle: 'none', padding: 0, margin: '0 0 16px', display: 'grid', gap: '6px', maxWidth: '720px' },
  slot: {
    display: 'grid',
    gridTemplateColumns: '110px 1fr auto',
    gap: '12px',
    alignItems: 'center',
    padding: '6px 10px',
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  buttons: { display: 'flex', gap: '4px' },
});

/** The presentation day's running order: move a group earlier or later with buttons, then post it to every group. */
export function RunningOrder({
  order,
  t,
  language,
  api,
  programmeId,
  onChanged,
  onNotice,
}: PageProps & {
  programmeId: string;
  order: RunningOrderView;
  onChanged: (order: RunningOrderView) => void;
  onNotice: (notice: Notice) => void;
}) {
  const styles = useStyles();
  const [busy, setBusy] = useState(false);
  const act = async (work: () => Promise<void>) => {
    setBusy(true);
    try {
      await work();
    } catch (failure) {
      onNotice({ intent: 'error', text: failure instanceof ApiError ? failure.message : t('errors.unreachable') });
    } finally {
      setBusy(false);
    }
  };
  const move = (groupId: string, direction: 'up' | 'down') =>
    act(async () => onChanged(await api.move(programmeId, groupId, direction)));
  const post = () =>
    act(async () => {
      const answer = await api.postRunningOrder(programmeId);
      onChanged(answer.runningOrder);
      onNotice({ intent: 'success', text: answer.message });
    });

  return (
    <>
      <ol className={styles.list} aria-label={t('day.orderLabel')}>
        {order.slots.map((slot, index) => (
          <li key={slot.groupId} className={styles.slot} data-slot={slot.groupId}>
            <Text font="numeric">
              {slot.start}–{slot.end}
            </Text>
            <Text>
              {slot.groupName} ({t('day.minutes', { count: slot.minutes })})
            </Text>
            <span className={styles.buttons}>
              <Button
                size="small"
                disabled={busy || index === 0}
                aria-label={t('day.moveUp', { group: slot.groupName })}
                onClick={() => void move(slot.groupId, 'up')}
              >
                ↑
              </Button>
              <Button
                size="small"
                disabled={busy || index === order.slots.length - 1}
                aria-label={t('day.moveDown', { group: slot.groupName })}
                onClick={() => void move(slot.groupId, 'down')}
              >
                ↓
              </Button>
            </span>
          </li>
        ))}
      </ol>
      <Button appearance="primary" disabled={busy} onClick={() => void post()}>
        {t('day.post')}
      </Button>
      {order.postedAt ? (
        <Text size={200} block>
          {t('day.postedAt', { when: momentLabel(language, order.postedAt) })}
        </Text>
      ) : null}
    </>
  );
}
