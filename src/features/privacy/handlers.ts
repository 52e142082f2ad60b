import { z } from 'zod/v4';
import type { Listeners } from '../../platform/teams/listeners.js';
import { anyone } from '../../platform/teams/router.js';
import type { PrivacyDeps } from './deps.js';
import { cancelErasure, confirmErasure, confirmMemberErasure, eraseMember, eraseMine } from './erasure.js';
import { myDataDownload, showMyData } from './my-data.js';
import { dueExpiry, dueRetention } from './retention.js';
import { memberRefSchema } from './schema.js';

/**
 * Privacy, the top floor: a person sees everything stored about them and erases it; a coordinator erases a member
 * who asked; a programme's personal data goes RETENTION_DAYS after its presentation day; expired links go daily.
 */
export function registerPrivacy({ router, scheduler, http }: Listeners, deps: PrivacyDeps): void {
  const none = z.object({});
  const coordinator = deps.gate.programme('coordinator');

  router.command('myData', anyone, 'changes', (turn) => showMyData(turn, deps));
  router.command('eraseMyData', anyone, 'reads', (turn) => confirmErasure(turn, deps));
  router.cardAction('privacy.eraseConfirm', none, anyone, 'reads', (turn) => confirmErasure(turn, deps));
  router.cardAction('privacy.erase', none, anyone, 'changes', (turn) => eraseMine(turn, deps));
  router.cardAction('privacy.cancel', none, anyone, 'reads', cancelErasure);

  router.cardAction('privacy.eraseMemberConfirm', memberRefSchema, coordinator, 'reads', (turn, access, input) =>
    confirmMemberErasure(turn, deps, access, input),
  );
  router.cardAction('privacy.eraseMember', memberRefSchema, coordinator, 'changes', (turn, access, input) =>
    eraseMember(turn, deps, access, input),
  );

  scheduler.register('privacy.retention', dueRetention(deps));
  scheduler.register('privacy.expiredLinks', dueExpiry(deps));
  http.get('/privacy/my-data/:token/:file', myDataDownload(deps));
}
