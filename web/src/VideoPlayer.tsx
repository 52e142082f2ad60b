import { useEffect, useState } from 'react';
import { Spinner } from '@fluentui/react-components';
import type { OutputRow } from '../../src/features/board/schema.js';
import type { BoardApi } from './api.js';
import type { T } from './i18n.js';

/** Plays a group's video from a short-lived read link the server makes when it is opened. */
export function VideoPlayer({
  api,
  programmeId,
  row,
  t,
}: {
  api: BoardApi;
  programmeId: string;
  row: OutputRow;
  t: T;
}) {
  const [url, setUrl] = useState<string>();
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    api.videoLink(programmeId, row).then(
      (link) => setUrl(link.url),
      () => setFailed(true),
    );
  }, [api, programmeId, row]);
  if (failed) return <p>{t('outputs.videoUnavailable')}</p>;
  if (!url) return <Spinner size="small" label={t('page.loading')} />;
  return (
    <video
      src={url}
      controls
      preload="metadata"
      style={{ width: '100%', maxHeight: '60vh' }}
      aria-label={t('outputs.videoLabel', { output: row.title, group: row.groupName })}
    />
  );
}
