import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fromRepoRoot } from '../../platform/paths.js';
import { inspectMedia, movieHeaderSeconds } from './media.js';

/** Small real media files made with ffmpeg (see test/fixtures/media/README.md), read by the real parser. */
const fixture = (name: string) => fromRepoRoot('test/fixtures/media', name);
const directory = mkdtempSync(join(tmpdir(), 'fokusgrupper-media-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** As the bot keeps a download: under a name without an extension, so only the content can tell. */
function withoutName(name: string): string {
  const path = join(directory, name.replace(/\W/g, '-'));
  copyFileSync(fixture(name), path);
  return path;
}

describe('reading what a media file really is', () => {
  it.each([
    ['report-2m55s.mp4', 'video/mp4', 175.1],
    ['report-3m30s.mp4', 'video/mp4', 210.1],
    ['short-4s.mp4', 'video/mp4', 4], // no sound: the length comes from the movie header
    ['short-4s.webm', 'video/webm', 4],
  ])('%s is a %s of %d seconds', async (name, contentType, seconds) => {
    const facts = await inspectMedia(withoutName(name));
    expect(facts).toMatchObject({ isVideo: true, contentType });
    expect(facts!.durationSeconds).toBeCloseTo(seconds, 1);
  });

  it('does not take sound, text or a picture for a video, whatever the file is called', async () => {
    expect(await inspectMedia(withoutName('audio-only.mp4'))).toMatchObject({ isVideo: false });
    expect(await inspectMedia(withoutName('not-a-video.mp4'))).toBeUndefined();
    expect(await inspectMedia(fixture('not-a-video.mp4'))).toBeUndefined();
    expect(await inspectMedia(withoutName('picture.mp4'))).toBeUndefined();
  });

  it('finds the movie header in an MP4 without reading the file', async () => {
    expect(await movieHeaderSeconds(fixture('short-4s.mp4'))).toBe(4);
    expect(await movieHeaderSeconds(fixture('not-a-video.mp4'))).toBeUndefined();
  });
});
