import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Attachment } from 'botbuilder';
import { z } from 'zod/v4';
import type { Background } from '../../platform/background.js';
import type { Stored } from '../../platform/cosmos/documents.js';
import { DownloadFailure, downloadTo } from '../../platform/http/download.js';
import { conversationAddress } from '../../platform/outbox/outbox.js';
import { Refusal } from '../../platform/refusal.js';
import { cardActivity } from '../../platform/teams/cards.js';
import { isCard, type CardReply } from '../../platform/teams/router.js';
import type { Turn } from '../../platform/teams/turn.js';
import type { GroupAccess } from '../membership/access.js';
import type { Person } from '../programmes/schema.js';
import {
  actorOf,
  currentOrNew,
  loadOutput,
  requireKind,
  showOutput,
  titleWithGroup,
  type OutputContext,
} from './output-context.js';
import { sizeLabel } from './cards.js';
import { videoLinkFormCard } from './form-cards.js';
import type { OutputsDeps } from './deps.js';
import { applyAction, mayDo, nextStatus } from './domain.js';
import { formatLength, isShortEnough, readVideoLink } from './video-rules.js';
import { inspectMedia } from './media.js';
import { outputsOrigin, type Output, type OutputRef, type Video } from './schema.js';
import { echo } from '../../platform/echo.js';

/** How Teams hands a bot a file sent in personal chat: a pre-authorised link, valid for a short while. */
const FILE_DOWNLOAD_INFO = 'application/vnd.microsoft.teams.file.download.info';
const fileDownloadInfoSchema = z.object({ downloadUrl: z.string().min(1), fileType: z.string().optional() });

/**
 * Any file sent in chat that no feature registered earlier took (programme imports take .json): this feature is
 * the one that receives files from members, and it judges a video by its content, not its name.
 */
export function isSentFile(attachment: Attachment): boolean {
  return attachment.contentType === FILE_DOWNLOAD_INFO && fileDownloadInfoSchema.safeParse(attachment.content).success;
}

/** "Send as file" waits this long for the file. */
const AWAIT_FILE_MS = 60 * 60_000;

async function videoContext(turn: Turn, deps: OutputsDeps, access: GroupAccess, ref: OutputRef) {
  const context = await loadOutput(deps, access, ref.outputId);
  requireKind(context, 'video', turn.t);
  return context;
}

const statusOf = (context: OutputContext) => context.output?.status ?? 'notStarted';

export async function videoLinkForm(turn: Turn, deps: OutputsDeps, access: GroupAccess, ref: OutputRef) {
  const context = await videoContext(turn, deps, access, ref);
  nextStatus(statusOf(context), 'submit', context.capacities, actorOf(turn.person, context));
  return videoLinkFormCard(turn, context);
}

/** Stores the new video, submits the output, and lets go of a file it replaces. */
async function submitVideo(deps: OutputsDeps, context: OutputContext, person: Person, video: Video, now: Date) {
  let replaced: Video | undefined;
  const saved = await deps.outputs.update(currentOrNew(context, now), (current) => {
    replaced = current.video;
    return applyAction(current, 'submit', actorOf(person, context), now, { content: { video } });
  });
  if (replaced?.source === 'file' && !(video.source === 'file' && video.blobName === replaced.blobName)) {
    await deps.files
      ?.delete(replaced.blobName)
      .catch((error: unknown) => deps.logger.warn({ err: error }, 'could not delete a replaced video'));
  }
  return saved;
}

export async function submitVideoLink(
  turn: Turn,
  deps: OutputsDeps,
  access: GroupAccess,
  input: OutputRef & { url: string; length: string },
): Promise<CardReply> {
  const context = await videoContext(turn, deps, access, input);
  nextStatus(statusOf(context), 'submit', context.capacities, actorOf(turn.person, context));
  const link = readVideoLink(input.url, input.length);
  const saved = await submitVideo(deps, context, turn.person, { source: 'link', ...link }, turn.now);
  return showOutput(
    turn,
    deps,
    { ...context, output: saved },
    { text: turn.t('outputs:confirmations.linkSaved'), color: 'Good' },
  );
}

/** "Send as file": the next video this person sends in personal chat (within the hour) is for this output. */
export async function expectFile(turn: Turn, deps: OutputsDeps, access: GroupAccess, ref: OutputRef) {
  const context = await videoContext(turn, deps, access, ref);
  const actor = actorOf(turn.person, context);
  nextStatus(statusOf(context), 'submit', context.capacities, actor);
  if (!deps.files) throw new Refusal('outputs:errors.noFileStorage');
  const until = new Date(turn.now.getTime() + AWAIT_FILE_MS).toISOString();
  await deps.outputs.update(currentOrNew(context, turn.now), (current) => {
    nextStatus(current.status, 'submit', context.capacities, actor);
    return { ...current, awaitingFile: { personId: turn.person.id, until } };
  });
  return {
    text: turn.t('outputs:confirmations.expectFile', {
      output: context.expected.title,
      limit: Math.round(deps.config.outputs.videoMaxBytes / (1024 * 1024)),
    }),
  };
}

/**
 * Which video output a file sent in chat is for: the one this person pressed "send as file" on within the hour,
 * else their only video output still open for submission (or their only one, which then says why it is closed).
 */
async function videoTarget(turn: Turn, deps: OutputsDeps): Promise<OutputContext> {
  const candidates: OutputContext[] = [];
  for (const access of await deps.gate.groupsOf(turn.person, 'member')) {
    for (const expected of access.group.outputs.filter((o) => o.kind === 'video')) {
      candidates.push(await loadOutput(deps, access, expected.id));
    }
  }
  if (candidates.length === 0) throw new Refusal('outputs:errors.noVideoOutput');
  const now = turn.now.toISOString();
  const awaiting = candidates
    .filter((c) => c.output?.awaitingFile?.personId === turn.person.id && c.output.awaitingFile.until > now)
    .sort((a, b) => b.output!.awaitingFile!.until.localeCompare(a.output!.awaitingFile!.until))[0];
  const open = candidates.filter((c) => mayDo(statusOf(c), 'submit', c.capacities));
  const chosen = awaiting ?? (open.length === 1 ? open[0] : candidates.length === 1 ? candidates[0] : undefined);
  if (!chosen)
    throw new Refusal('outputs:errors.whichVideo', {
      outputs: (open.length > 0 ? open : candidates).map(titleWithGroup).join(', '),
    });
  nextStatus(statusOf(chosen), 'submit', chosen.capacities, actorOf(turn.person, chosen));
  return chosen;
}

/** Downloads are bounded by the size limit, half an hour in all, and a minute without data. */
const DOWNLOAD_TIMEOUT_MS = 30 * 60_000;
const DOWNLOAD_IDLE_MS = 60_000;

/** Streams the file to a temporary file through the size limit; a failed download is a refusal that says why. */
async function download(deps: OutputsDeps, url: string, temporary: string): Promise<number> {
  try {
    return await downloadTo(url, createWriteStream(temporary), {
      maxBytes: deps.config.outputs.videoMaxBytes,
      timeoutMs: DOWNLOAD_TIMEOUT_MS,
      idleTimeoutMs: DOWNLOAD_IDLE_MS,
    });
  } catch (error) {
    if (!(error instanceof DownloadFailure)) throw error;
    if (error.reason === 'tooLarge')
      throw new Refusal('outputs:errors.fileTooLarge', {
        limit: Math.round(deps.config.outputs.videoMaxBytes / (1024 * 1024)),
      });
    throw new Refusal(
      error.reason === 'interrupted' ? 'outputs:errors.downloadInterrupted' : 'outputs:errors.downloadFailed',
    );
  }
}

/**
 * Receives a video file: streams the download to a temporary file through the size limit, reads what it really
 * is with a media parser, uploads it to Blob Storage as a stream, and submits the output. Memory stays at a few
 * megabytes whatever the size. Any refusal or failure leaves nothing behind: neither the temporary file nor a
 * stored blob, and the output unchanged.
 */
export async function receiveVideoFile(
  deps: OutputsDeps,
  context: OutputContext,
  person: Person,
  file: { url: string; name: string },
  now: Date,
): Promise<{ output: Stored<Output>; video: Video & { source: 'file' } }> {
  const files = deps.files;
  if (!files) throw new Refusal('outputs:errors.noFileStorage');
  const temporary = join(tmpdir(), `fokusgrupper-video-${randomUUID()}`);
  let uploaded: string | undefined;
  try {
    const bytes = await download(deps, file.url, temporary);
    const media = await inspectMedia(temporary);
    if (!media?.isVideo) throw new Refusal('outputs:errors.notAVideo', { file: echo(file.name) });
    if (media.durationSeconds === undefined) throw new Refusal('outputs:errors.noLength', { file: echo(file.name) });
    if (!isShortEnough(media.durationSeconds))
      throw new Refusal('outputs:errors.tooLong', { length: formatLength(media.durationSeconds) });

    const { programmeId, groupId, outputId } = currentOrNew(context, now);
    const blobName = `videos/${programmeId}/${groupId}/${outputId}/${randomUUID()}.${media.extension}`;
    uploaded = blobName;
    await files.upload(blobName, createReadStream(temporary), {
      contentType: media.contentType,
      fileName: file.name,
      // No person in the blob's metadata: the output's history says who sent it, and erasure reaches that.
      metadata: { programmeId, groupId, outputId },
    });
    const video = {
      source: 'file' as const,
      blobName,
      fileName: file.name,
      contentType: media.contentType,
      bytes,
      durationSeconds: media.durationSeconds,
    };
    const output = await submitVideo(deps, context, person, video, now);
    uploaded = undefined; // the output points at it now: keep it
    return { output, video };
  } finally {
    await rm(temporary, { force: true }).catch(() => undefined);
    if (uploaded)
      await files
        .delete(uploaded)
        .catch((error: unknown) => deps.logger.warn({ err: error }, 'could not remove a refused video'));
  }
}

/**
 * A file sent in personal chat. The checks that need no download (who, which output, may it be submitted) answer
 * at once; the download, the check and the upload take as long as the file needs, so they run after the turn has
 * been answered ("receiving ...") and the result is written to the chat when ready: Teams gives a message turn
 * only 15 seconds.
 */
export async function acceptVideoFile(
  turn: Turn,
  deps: OutputsDeps,
  attachment: Attachment,
  background: Background,
): Promise<CardReply> {
  if (!deps.files) throw new Refusal('outputs:errors.noFileStorage');
  const { downloadUrl } = fileDownloadInfoSchema.parse(attachment.content);
  const name = attachment.name ?? 'video';
  const context = await videoTarget(turn, deps);
  const reference = turn.reference;
  background(async () => {
    let reply: CardReply;
    try {
      const { output, video } = await receiveVideoFile(
        deps,
        context,
        turn.person,
        { url: downloadUrl, name },
        deps.clock(),
      );
      reply = await showOutput(
        turn,
        deps,
        { ...context, output },
        {
          text: turn.t('outputs:confirmations.videoStored', {
            length: formatLength(video.durationSeconds),
            size: sizeLabel(turn, video.bytes),
          }),
          color: 'Good',
        },
      );
    } catch (error) {
      if (!(error instanceof Refusal)) deps.logger.error({ err: error }, 'a video could not be received');
      reply = {
        text: turn.t(
          error instanceof Refusal ? error.key : 'common:errors.unexpected',
          error instanceof Refusal ? error.values : {},
        ),
      };
    }
    const activity = isCard(reply) ? cardActivity(reply) : { type: 'message', text: reply.text };
    const address = conversationAddress(reference);
    if (!address) return;
    // Through the outbox: the answer arrives even if Teams is away at the moment the file is stored.
    await deps.outbox.to(outputsOrigin(context.programme.programmeId)).send({
      key: `video-answer:${turn.activityId || turn.now.toISOString()}`,
      to: { conversation: address },
      activity,
      recipient: { personId: turn.person.id, name: turn.person.name },
    });
  });
  return { text: turn.t('outputs:confirmations.receivingVideo', { file: name, output: context.expected.title }) };
}
