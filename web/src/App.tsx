import { useEffect, useState } from 'react';
import {
  MessageBar,
  MessageBarBody,
  Select,
  Spinner,
  Title2,
  makeStyles,
  tokens,
  Field,
  Badge,
} from '@fluentui/react-components';
import type { Me } from '../../src/features/board/schema.js';
import { ApiError, type BoardApi } from './api.js';
import { Board } from './Board.js';
import type { Language, T } from './i18n.js';
import { offerTabConfig, type Host, type ThemeName } from './teams.js';

export type PageProps = { host: Host; language: Language; t: T; api: BoardApi; theme: ThemeName };

const useStyles = makeStyles({
  page: { padding: '16px 24px 48px', maxWidth: '1280px', margin: '0 auto', color: tokens.colorNeutralForeground1 },
  header: { display: 'flex', flexWrap: 'wrap', alignItems: 'end', gap: '16px', marginBottom: '12px' },
  title: { margin: 0, flexGrow: 1 },
});

export function App(props: PageProps) {
  const { host, t, api } = props;
  const styles = useStyles();
  const [me, setMe] = useState<Me>();
  const [error, setError] = useState<string>();
  const [programmeId, setProgrammeId] = useState<string | undefined>(host.programmeId);

  useEffect(() => {
    api.me().then(
      (answer) => {
        setMe(answer);
        setProgrammeId((chosen) => chosen ?? answer.programmes[0]?.programmeId);
      },
      (failure: unknown) => setError(failure instanceof ApiError ? failure.message : t('errors.unreachable')),
    );
  }, [api, t]);

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
  if (!me) {
    return (
      <main className={styles.page}>
        <Spinner label={t('page.loading')} />
      </main>
    );
  }
  const picker =
    me.programmes.length > 1 || host.configuring ? (
      <Field label={t('page.programme')}>
        <Select value={programmeId ?? ''} onChange={(_, data) => setProgrammeId(data.value)}>
          {me.programmes.map((p) => (
            <option key={p.programmeId} value={p.programmeId}>
              {p.name}
            </option>
          ))}
        </Select>
      </Field>
    ) : null;

  return (
    <main className={styles.page}>
      <header className={styles.header}>
        <Title2 as="h1" className={styles.title}>
          {current ? current.name : t('page.title')}
        </Title2>
        {current ? <Badge appearance="tint">{t(`roles.${current.role}`)}</Badge> : null}
        {picker}
      </header>
      {host.configuring ? (
        <p>{t('page.configureHint')}</p>
      ) : current ? (
        <Board key={current.programmeId} {...props} programmeId={current.programmeId} />
      ) : (
        <MessageBar intent="info">
          <MessageBarBody>{t('page.noProgrammes')}</MessageBarBody>
        </MessageBar>
      )}
    </main>
  );
}
