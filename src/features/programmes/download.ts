import {
  DownloadFailure,
  downloadText as boundedDownloadText,
  type DownloadLimits,
} from '../../platform/http/download.js';
import { Refusal } from '../../platform/refusal.js';

export type { DownloadLimits };

/**
 * Fetches a file Teams sent in chat (its pre-authorised `downloadUrl`) as text. Bounded in size and time because
 * the bytes come from whoever sent the file (see platform/http/download.ts); failures become refusals.
 */
export async function downloadText(url: string, limits: DownloadLimits): Promise<string> {
  try {
    return await boundedDownloadText(url, limits);
  } catch (error) {
    if (!(error instanceof DownloadFailure)) throw error;
    if (error.reason === 'tooLarge')
      throw new Refusal('programmes:errors.fileTooLarge', { limit: Math.round(limits.maxBytes / 1024) });
    throw new Refusal('programmes:errors.downloadFailed');
  }
}
