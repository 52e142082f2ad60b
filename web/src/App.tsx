import { useEffect, useState } from 'react';
import {
  Field,
  MessageBar,
  MessageBarBody,
  Select,
  Spinner,
  Title2,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import type { Me } from '../../src/features/board/schema.js';
import { ApiError, type BoardApi } from './api.js';
import { Board } from './Board.js';
import type { Language, T } from './i18n.js';
import { offerTabConfig, type Host, type ThemeName } from './teams.js';

export type PageProps = { host: Host; language: Language; t: T; api: BoardApi; theme: ThemeName };

const useStyles = makeStyles({
  page: { padding: '16px 24px 48px', maxWidth: '1280px', margin: '0 auto', color: tokens.colorNeutralForeground1 },
  picker: { maxWidth: '420px', marginBottom: '12px' },
});

/**
 * The page: which programme to show (the channel tab's, the one in the address, or a choice among the person's),
 * then its board. A programme named up front is fetched at once, beside the list of the person's programmes.
 */
export function App(props: PageProps) {
  const { host, t, api } = props;
  const styles = useStyles();
  const [me, setMe] = useState<Me>();
  const [error, setError] = useState<string>();
  const [chosen, setChosen] = useState<string | undefined>(host.programmeId);

  useEffect(() => {
    api
      .me()
      .then(setMe, (failure: unknown) =>
        setError(failure instanceof ApiError ? failure.message : t('errors.unreachable')),
      );
  }, [api, t]);

  const programmeId = chosen ?? me?.programmes[0]?.programmeId;
  const current = me?.programmes.find((p) => p.programmeId === programmeId);
  useEffect(() => {
    if (host.configuring && host.inTeams)
      void offerTabConfig(current, t('page.tabName', { programme: current?.name ?? '' }));
  }, [host, current, t]);

  if (error) {
    return (
      <main className={styles.page}>
        <Title2 as="h1">{t('page.title')}</Title2>
        <MessageBar intent="warning">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      </main>
    );
  }
  const picker =
    me && (me.programmes.length > 1 || host.configuring) ? (
      <Field label={t('page.programme')} className={styles.picker}>
        <Select value={programmeId ?? ''} onChange={(_, data) => setChosen(data.value)}>
          {me.programmes.map((p) => (
            <option key={p.programmeId} value={p.programmeId}>
              {p.name}
            </option>
          ))}
        </Select>
      </Field>
    ) : null;

  if (host.configuring) {
    return (
      <main className={styles.page}>
        <Title2 as="h1">{t('page.title')}</Title2>
        <p>{t('page.configureHint')}</p>
        {picker ?? <Spinner label={t('page.loading')} />}
      </main>
    );
  }
  return (
    <main className={styles.page}>
      {picker}
      {programmeId ? (
        <Board key={programmeId} {...props} programmeId={programmeId} />
      ) : me ? (
        <>
          <Title2 as="h1">{t('page.title')}</Title2>
          <MessageBar intent="info">
            <MessageBarBody>{t('page.noProgrammes')}</MessageBarBody>
          </MessageBar>
        </>
      ) : (
        <Spinner label={t('page.loading')} />
      )}
    </main>
  );
}
