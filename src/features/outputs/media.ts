import { open } from 'node:fs/promises';
import { parseFile } from 'music-metadata';

/** What the file itself says it is, whatever it is called. */
export type MediaFacts = {
  isVideo: boolean;
  durationSeconds?: number;
  container: string;
  contentType: string;
  extension: string;
};

/**
 * Reads a media file's own structure with music-metadata (a real parser: MP4/MOV, WebM/Matroska, ASF, Ogg, ...)
 * rather than trusting its name. The file is read where it lies, only the parts the parser needs, so a large
 * video never sits whole in memory. Returns undefined for anything the parser does not recognise as media.
 */
export async function inspectMedia(path: string): Promise<MediaFacts | undefined> {
  let format;
  try {
    // The path has no extension, so the parser has to recognise the content itself.
    ({ format } = await parseFile(path, { skipCovers: true }));
  } catch {
    return undefined;
  }
  const container = format.container ?? '';
  const kind = kindOf(container);
  // music-metadata measures MP4 length from the audio track; a video without sound has its length in the movie header.
  const durationSeconds =
    format.duration ??
    (kind.extension === 'mp4' || kind.extension === 'mov' ? await movieHeaderSeconds(path) : undefined);
  return {
    isVideo: format.hasVideo === true,
    ...(durationSeconds !== undefined && Number.isFinite(durationSeconds) ? { durationSeconds } : {}),
    container,
    ...kind,
  };
}

function kindOf(container: string): { contentType: string; extension: string } {
  const name = container.toLowerCase();
  if (name.includes('webm')) return { contentType: 'video/webm', extension: 'webm' };
  if (name.startsWith('ebml')) return { contentType: 'video/x-matroska', extension: 'mkv' };
  if (name.startsWith('asf')) return { contentType: 'video/x-ms-asf', extension: 'wmv' };
  if (name.startsWith('ogg')) return { contentType: 'video/ogg', extension: 'ogv' };
  if (name.includes('avi')) return { contentType: 'video/x-msvideo', extension: 'avi' };
  if (name.split('/').some((brand) => brand.trim() === 'qt'))
    return { contentType: 'video/quicktime', extension: 'mov' };
  if (name.includes('3gp') || name.includes('3g2')) return { contentType: 'video/3gpp', extension: '3gp' };
  return { contentType: 'video/mp4', extension: 'mp4' };
}

/**
 * The length in an ISO base media file's movie header (`moov` → `mvhd`: timescale and duration), found by walking
 * box headers: a few small reads, however large the file.
 */
export async function movieHeaderSeconds(path: string): Promise<number | undefined> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const header = Buffer.alloc(16);
    const readAt = async (position: number, length: number) => {
      const { bytesRead } = await file.read(header, 0, length, position);
      return bytesRead === length;
    };
    /** Finds the first box of `type` between `start` and `end`; returns where its content starts and ends. */
    const find = async (
      type: string,
      start: number,
      end: number,
    ): Promise<{ content: number; end: number } | undefined> => {
      for (let at = start; at + 8 <= end;) {
        if (!(await readAt(at, 8))) return undefined;
        let boxSize = header.readUInt32BE(0);
        const boxType = header.toString('latin1', 4, 8);
        let content = at + 8;
        if (boxSize === 1) {
          if (!(await readAt(at + 8, 8))) return undefined;
          boxSize = Number(header.readBigUInt64BE(0));
          content = at + 16;
        } else if (boxSize === 0) {
          boxSize = end - at;
        }
        if (boxSize < 8) return undefined;
        if (boxType === type) return { content, end: Math.min(at + boxSize, end) };
        at += boxSize;
      }
      return undefined;
    };
    const moov = await find('moov', 0, size);
    const mvhd = moov && (await find('mvhd', moov.content, moov.end));
    if (!mvhd || !(await readAt(mvhd.content, 1))) return undefined;
    const version = header.readUInt8(0);
    // version 0: 4-byte creation, modification, timescale, duration; version 1: 8-byte times and duration.
    if (version === 1) {
      if (!(await readAt(mvhd.content + 4 + 16, 12))) return undefined;
      const timescale = header.readUInt32BE(0);
      const duration = Number(header.readBigUInt64BE(4));
      return timescale > 0 ? duration / timescale : undefined;
    }
    if (!(await readAt(mvhd.content + 4 + 8, 8))) return undefined;
    const timescale = header.readUInt32BE(0);
    const duration = header.readUInt32BE(4);
    return timescale > 0 ? duration / timescale : undefined;
  } finally {
    await file.close();
  }
}
